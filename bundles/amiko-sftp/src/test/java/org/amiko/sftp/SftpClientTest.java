// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.amiko.Transport;
import org.amiko.sftp.server.RootedOptions;
import org.amiko.sftp.server.SftpSubsystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against the Amiko server over a real SSH connection on loopback: every operation of
 * paramiko's SFTPClient, the OpenSSH extensions, pipelined and resumed transfers, recursive copies.
 */
class SftpClientTest {
    @TempDir
    Path base;

    private Path root;
    private Path local;
    private LoopbackServer server;
    private Transport transport;
    private SftpClient sftp;

    @BeforeEach
    void connect() throws Exception {
        root = Files.createDirectories(base.resolve("root"));
        local = Files.createDirectories(base.resolve("local"));
        server = new LoopbackServer(SftpSubsystem.rooted(root, RootedOptions.DEFAULTS), null);
        transport = server.connect("tester");
        sftp = SftpClient.open(transport);
    }

    @AfterEach
    void disconnect() throws IOException {
        sftp.close();
        transport.close();
        server.close();
    }

    private static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    @Test
    void negotiatesVersionExtensionsAndLimits() {
        assertEquals(3, sftp.getServerVersion());
        for (SftpExtension extension : SftpExtension.values()) {
            assertTrue(sftp.supports(extension), extension.wireName());
        }
        assertEquals(new SftpLimits(256 * 1024, 261120, 261120, 512), sftp.limits());
    }

    @Test
    void fileObjectWritesSeeksAndReads() throws IOException {
        try (SftpFile file = sftp.open("notes.txt", "w+")) {
            file.write("hello, world".getBytes(StandardCharsets.UTF_8));
            assertEquals(12, file.tell());
            file.seek(7);
            assertEquals("world", new String(file.read(100), StandardCharsets.UTF_8));
            file.seek(0);
            file.write("J".getBytes(StandardCharsets.UTF_8));
            assertEquals(12, file.size());
            file.truncate(5);
            file.seek(0);
            assertEquals("Jello", new String(file.read(100), StandardCharsets.UTF_8));
            assertEquals(-1, file.read(ByteBuffer.allocate(4)));
            file.chmod(0600);
            assertEquals(0600, file.stat().permissions() & 0777);
            file.fsync();
        }
        try (SftpFile append = sftp.open("notes.txt", "a")) {
            append.write("!".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals("Jello!", Files.readString(root.resolve("notes.txt")));
        SftpException exists = assertThrows(SftpException.class, () -> sftp.open("notes.txt", "x"));
        assertEquals(SftpStatus.FAILURE, exists.getStatus());
    }

    @Test
    void prefetchDeliversManySmallRepliesInOrder() throws IOException {
        byte[] data = random(300_001, 1);
        Files.write(root.resolve("big"), data);
        sftp.setBlockSize(1000);
        sftp.setRequestsInFlight(16);
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        try (SftpFile file = sftp.open("big", "r"); InputStream in = file.inputStream()) {
            in.transferTo(read);
        }
        assertArrayEquals(data, read.toByteArray());
        try (SftpFile file = sftp.open("big", "r")) {
            file.seek(299_000);
            file.prefetch();
            file.seek(5);
            assertArrayEquals(Arrays.copyOfRange(data, 5, 2005), file.read(2000), "seeking leaves the prefetch");
        }
    }

    @Test
    void putAndGetArePipelinedWithProgress() throws IOException {
        byte[] data = random(4 * 1024 * 1024 + 3, 2);
        Path source = Files.write(local.resolve("up.bin"), data);
        List<Long> reports = new ArrayList<>();
        SftpAttributes attributes = sftp.put(source, "/up.bin", (done, total) -> {
            assertEquals(data.length, total);
            reports.add(done);
        });
        assertEquals(data.length, attributes.size());
        assertArrayEquals(data, Files.readAllBytes(root.resolve("up.bin")));
        assertEquals(data.length, reports.get(reports.size() - 1));
        for (int i = 1; i < reports.size(); i++) {
            assertTrue(reports.get(i) >= reports.get(i - 1), "progress only grows");
        }
        assertEquals(data.length, sftp.get("/up.bin", local.resolve("down.bin")));
        assertArrayEquals(data, Files.readAllBytes(local.resolve("down.bin")));
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        sftp.getfo("/up.bin", stream, TransferProgress.NONE);
        assertArrayEquals(data, stream.toByteArray());
        sftp.putfo(new ByteArrayInputStream(data, 0, 1000), "/part.bin", 1000, TransferProgress.NONE);
        assertEquals(1000, Files.size(root.resolve("part.bin")));
    }

    @Test
    void interruptedTransfersResume() throws IOException {
        byte[] data = random(1_000_000, 3);
        Files.write(root.resolve("remote.bin"), data);
        Files.write(local.resolve("partial.bin"), Arrays.copyOf(data, 400_000));
        List<Long> firstReport = new ArrayList<>();
        sftp.resumeGet("/remote.bin", local.resolve("partial.bin"), (done, total) -> {
            if (firstReport.isEmpty()) {
                firstReport.add(done);
            }
        });
        assertEquals(400_000L, firstReport.get(0), "progress starts where the file was");
        assertArrayEquals(data, Files.readAllBytes(local.resolve("partial.bin")));

        Path source = Files.write(local.resolve("source.bin"), data);
        Files.write(root.resolve("half.bin"), Arrays.copyOf(data, 123_456));
        sftp.resumePut(source, "/half.bin", TransferProgress.NONE);
        assertArrayEquals(data, Files.readAllBytes(root.resolve("half.bin")));
        sftp.resumePut(source, "/fresh.bin", TransferProgress.NONE);
        assertArrayEquals(data, Files.readAllBytes(root.resolve("fresh.bin")));

        Files.write(local.resolve("longer.bin"), random(1_000_001, 4));
        assertEquals(SftpStatus.FAILURE, assertThrows(SftpException.class,
                () -> sftp.resumeGet("/remote.bin", local.resolve("longer.bin"), TransferProgress.NONE)).getStatus());
    }

    @Test
    void directoryTreesGoBothWays() throws IOException {
        Path tree = Files.createDirectories(local.resolve("tree/a/b"));
        Files.writeString(local.resolve("tree/top.txt"), "top");
        Files.write(tree.resolve("deep.bin"), random(70_000, 5));
        Files.createDirectories(local.resolve("tree/empty"));
        sftp.putRecursive(local.resolve("tree"), "/copy", TransferProgress.NONE);
        assertEquals("top", Files.readString(root.resolve("copy/top.txt")));
        assertArrayEquals(Files.readAllBytes(tree.resolve("deep.bin")), Files.readAllBytes(root.resolve("copy/a/b/deep.bin")));
        assertTrue(Files.isDirectory(root.resolve("copy/empty")));
        sftp.putRecursive(local.resolve("tree"), "/copy", TransferProgress.NONE);
        Files.createSymbolicLink(root.resolve("copy/a/loop"), Path.of(".."));
        sftp.getRecursive("/copy", local.resolve("back"), TransferProgress.NONE);
        assertArrayEquals(Files.readAllBytes(tree.resolve("deep.bin")), Files.readAllBytes(local.resolve("back/a/b/deep.bin")));
        assertTrue(Files.isDirectory(local.resolve("back/empty")));
        assertFalse(Files.exists(local.resolve("back/a/loop"), LinkOption.NOFOLLOW_LINKS), "links to directories are skipped");
    }

    @Test
    void largeDirectoriesAreIteratedInBatches() throws IOException {
        Path many = Files.createDirectories(root.resolve("many"));
        for (int i = 0; i < 1000; i++) {
            Files.createFile(many.resolve("f" + i));
        }
        try (Stream<SftpEntry> entries = sftp.listdirIter("/many")) {
            assertEquals(1000, entries.filter(e -> e.attributes().isRegularFile()).count());
        }
        try (Stream<SftpEntry> entries = sftp.listdirIter("/many")) {
            assertEquals(5, entries.limit(5).count(), "closing early closes the handle");
        }
        List<String> names = sftp.listdir("/many");
        assertEquals(1000, names.size());
        assertFalse(names.contains(".") || names.contains(".."));
        assertEquals(1000, sftp.listdirAttr("many").size());
        assertEquals(SftpStatus.NO_SUCH_FILE, assertThrows(SftpException.class, () -> sftp.listdir("/none")).getStatus());
    }

    @Test
    void metadataAndNamespaceOperations() throws IOException {
        Files.writeString(root.resolve("f"), "12345");
        sftp.mkdir("/d", 0750);
        assertEquals(0750, sftp.stat("/d").permissions() & 0777);
        sftp.chmod("/f", 0604);
        assertEquals(0604, sftp.stat("/f").permissions() & 0777);
        SftpAttributes before = sftp.stat("/f");
        sftp.chown("/f", before.uid(), before.gid());
        sftp.utime("/f", Instant.ofEpochSecond(1_000_000), Instant.ofEpochSecond(2_000_000));
        assertEquals(2_000_000, sftp.stat("/f").mtime());
        sftp.utime("/f");
        assertTrue(sftp.stat("/f").mtime() > 2_000_000);
        sftp.truncate("/f", 2);
        assertEquals(2, sftp.stat("/f").size());
        sftp.symlink("f", "/link");
        assertEquals("f", sftp.readlink("/link"));
        assertTrue(sftp.lstat("/link").isSymbolicLink());
        assertTrue(sftp.stat("/link").isRegularFile());
        sftp.hardlink("/f", "/hard");
        sftp.rename("/hard", "/d/hard");
        assertEquals(SftpStatus.FAILURE, assertThrows(SftpException.class, () -> sftp.rename("/f", "/d/hard")).getStatus());
        Files.writeString(root.resolve("g"), "replacement");
        sftp.posixRename("/g", "/d/hard");
        assertFalse(Files.exists(root.resolve("g")));
        assertEquals("12", Files.readString(root.resolve("f")), "the hard link's other name kept the old content");
        sftp.copy("/d/hard", "/copied");
        assertEquals("replacement", Files.readString(root.resolve("copied")));
        sftp.remove("/f");
        sftp.remove("/copied");
        sftp.remove("/link");
        sftp.remove("/d/hard");
        sftp.rmdir("/d");
        assertFalse(Files.exists(root.resolve("d")));
        assertEquals("/", sftp.normalize("."));
        assertEquals("/x", sftp.normalize("/a/../x"));
        assertEquals("/", sftp.expandPath("~"));
        assertEquals("/", sftp.homeDirectory(""));
        assertEquals(List.of("root", ""), sftp.userNames(0, -5));
        assertEquals(List.of("root"), sftp.groupNames(0));
        SftpStatVfs vfs = sftp.statvfs("/");
        assertTrue(vfs.totalBytes() > 0 && vfs.availableBytes() >= 0 && !vfs.isReadOnly(), vfs.toString());
    }

    @Test
    void workingDirectoryIsTheClients() throws IOException {
        sftp.mkdir("/w");
        sftp.chdir("/w");
        assertEquals("/w", sftp.getcwd());
        try (SftpFile file = sftp.open("in-w.txt", "w")) {
            file.write(new byte[] {1});
        }
        assertTrue(Files.exists(root.resolve("w/in-w.txt")));
        assertEquals(List.of("in-w.txt"), sftp.listdir("."));
        assertThrows(SftpException.class, () -> sftp.chdir("/w/in-w.txt"));
        sftp.chdir(null);
        assertEquals(null, sftp.getcwd());
    }

    @Test
    void errorsCarryStatusAndMessage() throws IOException {
        SftpException missing = assertThrows(SftpException.class, () -> sftp.stat("/no/such"));
        assertEquals(SftpStatus.NO_SUCH_FILE, missing.getStatus());
        assertTrue(missing.getMessage().startsWith("stat /no/such: No such file"), missing.getMessage());
        Files.createSymbolicLink(root.resolve("escape"), Path.of("/"));
        SftpException denied = assertThrows(SftpException.class, () -> sftp.listdir("/escape/etc"));
        assertEquals(SftpStatus.PERMISSION_DENIED, denied.getStatus());
        assertThrows(SftpException.class, () -> sftp.get("/escape/etc/hostname", local.resolve("stolen")));
        assertFalse(Files.exists(local.resolve("stolen")) && Files.size(local.resolve("stolen")) > 0);
    }

    @Test
    void aClosedClientRefusesRequests() throws IOException {
        sftp.close();
        SftpException closed = assertThrows(SftpException.class, () -> sftp.stat("/"));
        assertNotNull(closed.getStatus());
        assertTrue(closed.getStatus() == SftpStatus.NO_CONNECTION || closed.getStatus() == SftpStatus.CONNECTION_LOST);
    }

    @Test
    void outputStreamWritesThrough() throws IOException {
        byte[] data = random(100_000, 6);
        try (SftpFile file = sftp.open("/stream.bin", "w"); OutputStream out = file.outputStream()) {
            out.write(data);
        }
        assertArrayEquals(data, Files.readAllBytes(root.resolve("stream.bin")));
    }
}
