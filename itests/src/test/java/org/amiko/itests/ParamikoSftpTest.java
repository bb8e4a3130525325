// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.amiko.keys.KeyFiles;
import org.amiko.keys.KeyPairs;
import org.amiko.sftp.server.RootedOptions;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's paramiko ({@code python3-paramiko}, {@code peers/paramiko_sftp.py}) as the SFTP client
 * of the Amiko server: put and get of 3 MiB with progress and prefetch, readv, the file object
 * (pipelined writes, seek, append), stat/chmod/chown/utime/truncate, links, both renames, listings,
 * errno mapping of the status codes, and escapes through a link to {@code /}, refused as EACCES.
 */
class ParamikoSftpTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path directory;

    @Test
    void everyOperationOfSftpClient() throws Exception {
        assumeTrue(PeerProcess.available(PYTHON), PYTHON + " not installed");
        PeerProcess.Result probe = PeerProcess.run(List.of(PYTHON, "-c", "import paramiko"), Duration.ofSeconds(30));
        assumeTrue(probe.exitCode() == 0, "python3-paramiko not installed: " + probe.stderr());
        Path root = Files.createDirectories(directory.resolve("root"));
        Path local = Files.createDirectories(directory.resolve("local"));
        Files.createSymbolicLink(root.resolve("escape"), Path.of("/"));
        try (OutputStream out = Files.newOutputStream(local.resolve("data.bin"))) {
            Streams.writeRandom(out, 3L * 1024 * 1024 + 5, 17);
        }
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        Path key = directory.resolve("id_ed25519");
        KeyFiles.writeOpenSsh(key, user, "tester");
        try (SftpTestServer server = SftpTestServer.start(root, RootedOptions.DEFAULTS)) {
            server.authorize(user.getPublic());
            Path knownHosts = KnownHostsFile.write(directory.resolve("known_hosts"), server.port(),
                    server.keys().stream().map(KeyPair::getPublic).toList());
            Path script = Path.of(getClass().getResource("/peers/paramiko_sftp.py").toURI());
            PeerProcess.Result result = PeerProcess.run(List.of(PYTHON, script.toString(), "127.0.0.1",
                    Integer.toString(server.port()), "tester", key.toString(), knownHosts.toString(), local.toString()),
                    Duration.ofSeconds(120));
            PeerChecks.assertAllPassed(List.of("normalize", "mkdir-listdir", "put", "get", "prefetch-readv",
                    "file-object", "stat-chmod-chown-utime-truncate", "symlink-readlink-lstat", "rename-posix-rename",
                    "listdir-attr-iter", "chdir-getcwd", "errors", "remove-rmdir"), result);
        }
        assertFalse(Files.exists(Path.of("/tmp/paramiko-planted"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(root.resolve("pk")));
    }
}
