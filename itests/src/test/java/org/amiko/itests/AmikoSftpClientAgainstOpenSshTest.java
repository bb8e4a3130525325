// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.amiko.Transport;
import org.amiko.core.Amiko;
import org.amiko.keys.KeyPairs;
import org.amiko.sftp.SftpAttributes;
import org.amiko.sftp.SftpClient;
import org.amiko.sftp.SftpEntry;
import org.amiko.sftp.SftpException;
import org.amiko.sftp.SftpExtension;
import org.amiko.sftp.SftpFile;
import org.amiko.sftp.SftpStatVfs;
import org.amiko.sftp.SftpStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Amiko SFTP client against OpenSSH's own server ({@code internal-sftp} of a test sshd):
 * every client operation, the OpenSSH extensions, pipelined transfers of a few MiB, resumed and
 * recursive transfers, directory iteration, and the statuses OpenSSH answers with.
 */
class AmikoSftpClientAgainstOpenSshTest {
    @TempDir
    static Path directory;

    private static OpenSshServer sshd;
    private static KeyPair user;
    private static Path remote;
    private static Path local;

    private Transport transport;
    private SftpClient sftp;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(OpenSshServer.available(), "OpenSSH sshd not installed or not root");
        user = KeyPairs.generate("ssh-ed25519");
        sshd = OpenSshServer.start(directory, List.of(user), "Subsystem sftp internal-sftp");
    }

    @AfterAll
    static void stop() {
        if (sshd != null) {
            sshd.close();
        }
    }

    @BeforeEach
    void connect(org.junit.jupiter.api.TestInfo test) throws Exception {
        remote = Files.createDirectories(directory.resolve("remote-" + test.getTestMethod().orElseThrow().getName()));
        local = Files.createDirectories(directory.resolve("local-" + test.getTestMethod().orElseThrow().getName()));
        transport = Amiko.connect("127.0.0.1", sshd.port());
        transport.startClient((peer, type, key) -> sshd.hostKeys().contains(key));
        transport.authPublickey("root", user);
        sftp = SftpClient.open(transport);
    }

    @AfterEach
    void disconnect() throws Exception {
        if (sftp != null) {
            sftp.close();
        }
        if (transport != null) {
            transport.close();
        }
    }

    private static String at(String name) {
        return remote.resolve(name).toString();
    }

    private static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    @Test
    void versionExtensionsAndLimits() {
        assertEquals(3, sftp.getServerVersion());
        for (SftpExtension extension : List.of(SftpExtension.POSIX_RENAME, SftpExtension.STATVFS,
                SftpExtension.FSTATVFS, SftpExtension.HARDLINK, SftpExtension.FSYNC, SftpExtension.LSETSTAT,
                SftpExtension.LIMITS, SftpExtension.EXPAND_PATH, SftpExtension.COPY_DATA)) {
            assertTrue(sftp.supports(extension), extension.wireName() + " in " + sftp.getExtensions());
        }
        assertTrue(sftp.limits().maxReadLength() >= 32768, sftp.limits().toString());
    }

    @Test
    void pipelinedTransfersOfAFewMegabytes() throws Exception {
        byte[] data = random(8 * 1024 * 1024 + 13, 1);
        Path source = Files.write(local.resolve("up.bin"), data);
        List<Long> progress = new ArrayList<>();
        SftpAttributes stored = sftp.put(source, at("up.bin"), (done, total) -> progress.add(done));
        assertEquals(data.length, stored.size());
        assertEquals(data.length, progress.get(progress.size() - 1));
        assertArrayEquals(data, Files.readAllBytes(remote.resolve("up.bin")));
        sftp.get(at("up.bin"), local.resolve("down.bin"));
        assertArrayEquals(data, Files.readAllBytes(local.resolve("down.bin")));
        sftp.setBlockSize(255 * 1024);
        sftp.setRequestsInFlight(8);
        ByteArrayOutputStream big = new ByteArrayOutputStream();
        sftp.getfo(at("up.bin"), big, null);
        assertArrayEquals(data, big.toByteArray());
    }

    @Test
    void resumedTransfers() throws Exception {
        byte[] data = random(3_000_000, 2);
        Files.write(remote.resolve("r.bin"), data);
        Files.write(local.resolve("r.bin"), Arrays.copyOf(data, 1_234_567));
        sftp.resumeGet(at("r.bin"), local.resolve("r.bin"), null);
        assertArrayEquals(data, Files.readAllBytes(local.resolve("r.bin")));
        Path source = Files.write(local.resolve("w.bin"), data);
        Files.write(remote.resolve("w.bin"), Arrays.copyOf(data, 7));
        sftp.resumePut(source, at("w.bin"), null);
        assertArrayEquals(data, Files.readAllBytes(remote.resolve("w.bin")));
    }

    @Test
    void recursiveTransfers() throws Exception {
        Files.createDirectories(local.resolve("tree/x/y"));
        Files.writeString(local.resolve("tree/x/y/z.txt"), "zed");
        Files.write(local.resolve("tree/blob"), random(100_000, 3));
        sftp.putRecursive(local.resolve("tree"), at("tree"), null);
        assertEquals("zed", Files.readString(remote.resolve("tree/x/y/z.txt")));
        sftp.getRecursive(at("tree"), local.resolve("back"), null);
        assertArrayEquals(Files.readAllBytes(local.resolve("tree/blob")), Files.readAllBytes(local.resolve("back/blob")));
        assertEquals("zed", Files.readString(local.resolve("back/x/y/z.txt")));
    }

    @Test
    void directoryIteration() throws Exception {
        for (int i = 0; i < 1000; i++) {
            Files.createFile(remote.resolve("e" + i));
        }
        try (Stream<SftpEntry> entries = sftp.listdirIter(remote.toString())) {
            assertEquals(1000, entries.count());
        }
        assertEquals(1000, sftp.listdir(remote.toString()).size());
        SftpEntry entry = sftp.listdirAttr(remote.toString()).get(0);
        assertTrue(entry.longName().startsWith("-rw"), entry.longName());
    }

    @Test
    void fileObject() throws Exception {
        try (SftpFile file = sftp.open(at("f.txt"), "w+")) {
            file.write("abcdefghij".getBytes(StandardCharsets.US_ASCII));
            file.seek(3);
            assertEquals("defg", new String(file.read(4), StandardCharsets.US_ASCII));
            file.truncate(5);
            assertEquals(5, file.size());
            file.fsync();
            file.chmod(0640);
            file.utime(Instant.ofEpochSecond(100), Instant.ofEpochSecond(200));
            assertEquals(200, file.stat().mtime());
        }
        try (SftpFile file = sftp.open(at("f.txt"), "a")) {
            file.write("+".getBytes(StandardCharsets.US_ASCII));
        }
        try (SftpFile file = sftp.open(at("f.txt"), "r"); InputStream in = file.inputStream()) {
            assertEquals("abcde+", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void everyNamespaceOperation() throws Exception {
        Files.writeString(remote.resolve("a"), "alpha");
        sftp.mkdir(at("d"), 0700);
        assertEquals(0700, sftp.stat(at("d")).permissions() & 0777);
        sftp.chmod(at("a"), 0604);
        assertEquals(0604, sftp.stat(at("a")).permissions() & 0777);
        sftp.chown(at("a"), 0, 0);
        sftp.utime(at("a"), Instant.ofEpochSecond(1_000), Instant.ofEpochSecond(2_000));
        assertEquals(2_000, sftp.stat(at("a")).mtime());
        sftp.truncate(at("a"), 3);
        assertEquals("alp", Files.readString(remote.resolve("a")));
        sftp.symlink("a", at("link"));
        assertEquals("a", sftp.readlink(at("link")));
        assertEquals("a", Files.readSymbolicLink(remote.resolve("link")).toString(), "OpenSSH's argument order");
        assertTrue(sftp.lstat(at("link")).isSymbolicLink());
        sftp.lsetStat(at("link"), SftpAttributes.EMPTY.withTimes(5, 6));
        sftp.hardlink(at("a"), at("hard"));
        sftp.rename(at("hard"), at("d/hard"));
        SftpException exists = assertThrows(SftpException.class, () -> sftp.rename(at("a"), at("d/hard")));
        assertEquals(SftpStatus.FAILURE, exists.getStatus());
        Files.writeString(remote.resolve("b"), "beta");
        sftp.posixRename(at("b"), at("d/hard"));
        assertEquals("beta", Files.readString(remote.resolve("d/hard")));
        sftp.copy(at("d/hard"), at("copy"));
        assertEquals("beta", Files.readString(remote.resolve("copy")));
        assertEquals(remote.resolve("d").toString(), sftp.normalize(at("d/../d/.")));
        assertEquals("/root", sftp.expandPath("~"));
        if (sftp.supports(SftpExtension.HOME_DIRECTORY)) {
            // OpenSSH 9.2 looks the name up as given; an empty name fails there
            assertEquals("/root", sftp.homeDirectory("root"));
        }
        if (sftp.supports(SftpExtension.USERS_GROUPS_BY_ID)) {
            assertEquals(List.of("root"), sftp.userNames(0));
            assertEquals(List.of("root"), sftp.groupNames(0));
        }
        SftpStatVfs vfs = sftp.statvfs(remote.toString());
        assertTrue(vfs.totalBytes() > 0, vfs.toString());
        assertEquals(SftpStatus.FAILURE, assertThrows(SftpException.class, () -> sftp.rmdir(at("d"))).getStatus());
        sftp.remove(at("d/hard"));
        sftp.rmdir(at("d"));
        sftp.remove(at("link"));
        assertFalse(Files.exists(remote.resolve("link"), LinkOption.NOFOLLOW_LINKS));
        sftp.chdir(remote.toString());
        assertTrue(sftp.listdir(".").contains("copy"));
        SftpException missing = assertThrows(SftpException.class, () -> sftp.stat(at("nothing")));
        assertEquals(SftpStatus.NO_SUCH_FILE, missing.getStatus());
        assertTrue(missing.getMessage().contains("No such file"), missing.getMessage());
    }
}
