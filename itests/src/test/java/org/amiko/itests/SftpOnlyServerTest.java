// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.amiko.keys.KeyPairs;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code forceCommand = internal-sftp}, as sshd's {@code ForceCommand internal-sftp}: OpenSSH's
 * sftp puts a file, and ssh asking for a command is told the server allows SFTP only.
 */
@Timeout(180)
class SftpOnlyServerTest {
    private static final String SFTP = "/usr/bin/sftp";

    @TempDir
    Path work;

    @Test
    void sftpGoesThroughAndCommandsAreRefused() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH) && PeerProcess.available(SFTP), "OpenSSH not installed");
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        try (RunningDistribution server = RunningDistribution.listening(work, user,
                "forceCommand =", "forceCommand = internal-sftp")) {
            server.await("every login runs: internal-sftp \\(forceCommand\\)");
            server.await("subsystem sftp available");
            OpenSshClient ssh = server.openSsh(work);
            Path identity = ssh.identity("id_sftp_only", user);

            Path upload = Files.writeString(work.resolve("upload.txt"), "sftp only");
            List<String> sftp = List.of(SFTP, "-F", "/dev/null", "-P", Integer.toString(server.port()), "-o",
                    "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + work.resolve("known_hosts"), "-o",
                    "LogLevel=ERROR", "-o", "BatchMode=yes", "-i", identity.toString(), "-b", "-", "tester@127.0.0.1");
            PeerProcess.Result put = PeerProcess.run(sftp, Map.of(),
                    ("put " + upload + " kept.txt\n").getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60));
            assertEquals(0, put.exitCode(), put::toString);
            assertEquals("sftp only", Files.readString(server.home().resolve("data/sftp/kept.txt")));

            PeerProcess.Result command = ssh.exec(identity, "lb");
            assertEquals(1, command.exitCode(), command::toString);
            assertEquals("This service allows sftp connections only.\n", command.stdout(), command::toString);
            server.await("refusing non-sftp session");
        }
    }
}
