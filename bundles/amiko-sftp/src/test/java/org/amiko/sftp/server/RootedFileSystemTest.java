// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.amiko.sftp.OpenFlag;
import org.amiko.sftp.SftpAttributes;
import org.amiko.sftp.SftpEntry;
import org.amiko.sftp.SftpException;
import org.amiko.sftp.SftpStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** The ordinary behaviour of {@link RootedFileSystem}: homes, umask, read-only mode, statuses. */
class RootedFileSystemTest {
    private static final Set<OpenFlag> CREATE = EnumSet.of(OpenFlag.WRITE, OpenFlag.CREATE, OpenFlag.TRUNCATE);

    @TempDir
    Path root;

    private RootedFileSystem fs;

    @BeforeEach
    void setUp() throws IOException {
        fs = new RootedFileSystem(root, "tester", RootedOptions.DEFAULTS);
    }

    private static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    private void write(String path, String text) throws IOException {
        try (SftpFileHandle handle = fs.open(path, CREATE, SftpAttributes.EMPTY)) {
            handle.write(0, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static SftpStatus status(Executable operation) {
        return assertThrows(SftpException.class, operation).getStatus();
    }

    @Test
    void homeIsTheUsersDirectoryWhenThereIsOne() throws IOException {
        Files.createDirectories(root.resolve("alice"));
        RootedFileSystem alice = new RootedFileSystem(root, "alice", RootedOptions.DEFAULTS);
        assertEquals("/alice", alice.realpath("."));
        assertEquals("/alice", alice.home());
        try (SftpFileHandle handle = alice.open("note.txt", CREATE, SftpAttributes.EMPTY)) {
            handle.write(0, ByteBuffer.wrap(new byte[] {1}));
        }
        assertTrue(Files.exists(root.resolve("alice/note.txt")), "relative paths start at the home");
        assertEquals("/alice/x", alice.expandPath("~/x"));
        assertEquals("/alice", alice.homeDirectory(""));
        assertEquals("/", fs.realpath("."), "a user without a directory starts at the root");
        assertEquals("/alice/y", fs.expandPath("~alice/y"));
        assertEquals(SftpStatus.NO_SUCH_FILE, status(() -> fs.homeDirectory("nobody")));
        assertEquals("/", new RootedFileSystem(root, "../alice", RootedOptions.DEFAULTS).home());
    }

    @Test
    void umaskAppliesToWhatClientsCreate() throws IOException {
        write("/a.txt", "x");
        assertEquals(0644, mode(root.resolve("a.txt")));
        fs.open("/b.txt", CREATE, SftpAttributes.EMPTY.withPermissions(0600)).close();
        assertEquals(0600, mode(root.resolve("b.txt")));
        fs.mkdir("/dir", SftpAttributes.EMPTY);
        assertEquals(0755, mode(root.resolve("dir")));
        RootedFileSystem strict = new RootedFileSystem(root, "tester", RootedOptions.DEFAULTS.withUmask(077));
        strict.open("/c.txt", CREATE, SftpAttributes.EMPTY.withPermissions(0666)).close();
        assertEquals(0600, mode(root.resolve("c.txt")));
        strict.mkdir("/dir2", SftpAttributes.EMPTY.withPermissions(0775));
        assertEquals(0700, mode(root.resolve("dir2")));
        fs.setstat("/a.txt", SftpAttributes.EMPTY.withPermissions(0666));
        assertEquals(0666, mode(root.resolve("a.txt")), "chmod is not masked");
    }

    @Test
    void readOnlyRefusesEveryChange() throws IOException {
        write("/f.txt", "data");
        Files.createDirectories(root.resolve("d"));
        RootedFileSystem readOnly = new RootedFileSystem(root, "tester", RootedOptions.DEFAULTS.withReadOnly(true));
        List<Executable> changes = List.of(
                () -> readOnly.open("/new.txt", CREATE, SftpAttributes.EMPTY),
                () -> readOnly.open("/f.txt", EnumSet.of(OpenFlag.WRITE), SftpAttributes.EMPTY),
                () -> readOnly.open("/f.txt", EnumSet.of(OpenFlag.READ, OpenFlag.APPEND), SftpAttributes.EMPTY),
                () -> readOnly.remove("/f.txt"), () -> readOnly.rename("/f.txt", "/g.txt"),
                () -> readOnly.posixRename("/f.txt", "/g.txt"), () -> readOnly.mkdir("/e", SftpAttributes.EMPTY),
                () -> readOnly.rmdir("/d"), () -> readOnly.symlink("f.txt", "/l"), () -> readOnly.hardlink("/f.txt", "/h"),
                () -> readOnly.setstat("/f.txt", SftpAttributes.EMPTY.withPermissions(0600)),
                () -> readOnly.lsetstat("/f.txt", SftpAttributes.EMPTY.withPermissions(0600)));
        for (Executable change : changes) {
            SftpException error = assertThrows(SftpException.class, change);
            assertEquals(SftpStatus.PERMISSION_DENIED, error.getStatus());
            assertTrue(error.getMessage().contains("read-only"), error.getMessage());
        }
        try (SftpFileHandle handle = readOnly.open("/f.txt", EnumSet.of(OpenFlag.READ), SftpAttributes.EMPTY)) {
            assertEquals(4, handle.read(0, ByteBuffer.allocate(10)));
            assertEquals(SftpStatus.PERMISSION_DENIED, status(() -> handle.fsetstat(SftpAttributes.EMPTY.withSize(0))));
            assertTrue(handle.fstatvfs().isReadOnly());
        }
        assertEquals("data", Files.readString(root.resolve("f.txt")));
        assertTrue(readOnly.statvfs("/").isReadOnly());
    }

    @Test
    void statusesThatClientsShow() throws IOException {
        Files.createDirectories(root.resolve("d/sub"));
        write("/f.txt", "x");
        assertEquals(SftpStatus.NO_SUCH_FILE, status(() -> fs.stat("/missing")));
        assertEquals(SftpStatus.NO_SUCH_FILE, status(() -> fs.open("/missing/x", CREATE, SftpAttributes.EMPTY)));
        assertEquals(SftpStatus.FAILURE, status(() -> fs.remove("/d")), "SSH_FXP_REMOVE does not remove directories");
        SftpException notEmpty = assertThrows(SftpException.class, () -> fs.rmdir("/d"));
        assertEquals(SftpStatus.FAILURE, notEmpty.getStatus());
        assertEquals("Directory not empty: /d", notEmpty.getMessage());
        assertEquals(SftpStatus.NO_SUCH_FILE, status(() -> fs.rmdir("/f.txt")));
        assertEquals(SftpStatus.FAILURE, status(() -> fs.mkdir("/d", SftpAttributes.EMPTY)));
        assertEquals(SftpStatus.FAILURE, status(() -> fs.open("/d", EnumSet.of(OpenFlag.READ), SftpAttributes.EMPTY)));
        assertEquals(SftpStatus.NO_SUCH_FILE, status(() -> fs.opendir("/f.txt")));
        assertEquals(SftpStatus.FAILURE, status(() -> fs.open("/f.txt", EnumSet.of(OpenFlag.WRITE, OpenFlag.CREATE,
                OpenFlag.EXCLUSIVE), SftpAttributes.EMPTY)));
        assertEquals(SftpStatus.FAILURE, status(() -> fs.readlink("/f.txt")));
        Files.setPosixFilePermissions(root.resolve("d/sub"), Set.of());
        if (!"root".equals(System.getProperty("user.name"))) {
            assertEquals(SftpStatus.PERMISSION_DENIED, status(() -> fs.opendir("/d/sub")));
        }
    }

    @Test
    void renameKeepsTheTargetPosixRenameReplacesIt() throws IOException {
        write("/a", "A");
        write("/b", "B");
        assertEquals(SftpStatus.FAILURE, status(() -> fs.rename("/a", "/b")));
        assertEquals("B", Files.readString(root.resolve("b")));
        fs.posixRename("/a", "/b");
        assertEquals("A", Files.readString(root.resolve("b")));
        assertFalse(Files.exists(root.resolve("a")));
        fs.rename("/b", "/c");
        assertEquals("A", Files.readString(root.resolve("c")));
        assertEquals(SftpStatus.NO_SUCH_FILE, status(() -> fs.rename("/b", "/d")));
    }

    /**
     * Attributes of an open handle go by path (Java has no fstat or fchmod): once the file is
     * renamed and another takes its name, FSTAT gives the size it knows and FSETSTAT refuses,
     * where it changed the other file's mode.
     */
    @Test
    void handleAttributesDoNotReachTheFileThatTookTheName() throws IOException {
        try (SftpFileHandle handle = fs.open("/f", EnumSet.of(OpenFlag.READ, OpenFlag.WRITE, OpenFlag.CREATE),
                SftpAttributes.EMPTY)) {
            handle.write(0, ByteBuffer.wrap("12345".getBytes(StandardCharsets.UTF_8)));
            fs.rename("/f", "/moved");
            Files.writeString(root.resolve("f"), "another file, another size");
            Files.setPosixFilePermissions(root.resolve("f"), PosixFilePermissions.fromString("rw-------"));
            SftpAttributes stat = handle.fstat();
            assertEquals(5, stat.size());
            assertFalse(stat.has(SftpAttributes.FLAG_PERMISSIONS), "not the other file's mode");
            assertEquals(SftpStatus.FAILURE, status(() -> handle.fsetstat(SftpAttributes.EMPTY.withPermissions(0644))));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("f"))));
            handle.fsetstat(SftpAttributes.EMPTY.withSize(2)); // the size goes through the open file
            assertEquals("12", Files.readString(root.resolve("moved")));
        }
    }

    @Test
    void filesReadWriteAppendAndResize() throws IOException {
        try (SftpFileHandle handle = fs.open("/f", EnumSet.of(OpenFlag.READ, OpenFlag.WRITE, OpenFlag.CREATE),
                SftpAttributes.EMPTY)) {
            handle.write(4, ByteBuffer.wrap("tail".getBytes(StandardCharsets.UTF_8)));
            handle.write(0, ByteBuffer.wrap("head".getBytes(StandardCharsets.UTF_8)));
            ByteBuffer buffer = ByteBuffer.allocate(16);
            assertEquals(8, handle.read(0, buffer));
            assertEquals(-1, handle.read(8, ByteBuffer.allocate(4)));
            assertEquals(8, handle.fstat().size());
            handle.fsetstat(SftpAttributes.EMPTY.withSize(2));
            assertEquals(2, handle.fstat().size());
            handle.fsync();
        }
        try (SftpFileHandle append = fs.open("/f", EnumSet.of(OpenFlag.WRITE, OpenFlag.APPEND), SftpAttributes.EMPTY)) {
            append.write(0, ByteBuffer.wrap("++".getBytes(StandardCharsets.UTF_8)));
        }
        assertEquals("he++", Files.readString(root.resolve("f")));
        fs.setstat("/f", SftpAttributes.EMPTY.withSize(10).withTimes(1000, 2000));
        assertEquals(10, Files.size(root.resolve("f")));
        SftpAttributes attributes = fs.stat("/f");
        assertEquals(2000, attributes.mtime());
        assertEquals(1000, attributes.atime());
        assertTrue(attributes.isRegularFile());
        try (SftpFileHandle readOnly = fs.open("/f", EnumSet.of(OpenFlag.READ), SftpAttributes.EMPTY)) {
            assertEquals(SftpStatus.PERMISSION_DENIED, status(() -> readOnly.write(0, ByteBuffer.allocate(1))));
        }
    }

    @Test
    void directoriesListInBatchesWithDotsAndLongNames() throws IOException {
        for (int i = 0; i < 5; i++) {
            Files.writeString(root.resolve("file" + i), "x".repeat(i));
        }
        fs.symlink("file1", "/link");
        List<SftpEntry> all = new ArrayList<>();
        try (SftpDirectoryHandle directory = fs.opendir("/")) {
            List<SftpEntry> batch;
            while (!(batch = directory.readdir(2)).isEmpty()) {
                assertTrue(batch.size() <= 2);
                all.addAll(batch);
            }
        }
        assertEquals(8, all.size());
        assertEquals(".", all.get(0).filename());
        assertEquals("..", all.get(1).filename());
        SftpEntry link = all.stream().filter(e -> e.filename().equals("link")).findFirst().orElseThrow();
        assertTrue(link.attributes().isSymbolicLink(), "entries carry lstat attributes");
        assertTrue(link.longName().startsWith("lrwxrwxrwx"), link.longName());
        assertTrue(link.longName().endsWith(" link"), link.longName());
        SftpEntry file3 = all.stream().filter(e -> e.filename().equals("file3")).findFirst().orElseThrow();
        assertTrue(file3.longName().matches("-rw-r--r-- +1 \\S+ +\\S+ +3 \\w{3} [ \\d]\\d [ \\d:]{5} file3"),
                file3.longName());
    }

    @Test
    void linksHardAndSoft() throws IOException {
        write("/f", "content");
        fs.hardlink("/f", "/h");
        assertEquals(2, (Integer) Files.getAttribute(root.resolve("f"), "unix:nlink"));
        fs.symlink("f", "/s");
        assertEquals("f", fs.readlink("/s"));
        assertTrue(fs.lstat("/s").isSymbolicLink());
        assertTrue(fs.stat("/s").isRegularFile());
        assertEquals("/f", fs.realpath("/s"));
        fs.remove("/s");
        assertTrue(Files.exists(root.resolve("f")));
        assertEquals(SftpStatus.NO_SUCH_FILE, status(() -> fs.hardlink("/nothing", "/h2")));
    }

    @Test
    void clientsCannotChangeOwnersOrSetSetuidBits() throws IOException {
        write("/f", "x");
        SftpAttributes current = fs.stat("/f");
        fs.setstat("/f", SftpAttributes.EMPTY.withOwner(current.uid(), current.gid()));
        SftpException chown = assertThrows(SftpException.class,
                () -> fs.setstat("/f", SftpAttributes.EMPTY.withOwner(current.uid() + 1, current.gid())));
        assertEquals(SftpStatus.PERMISSION_DENIED, chown.getStatus());
        fs.setstat("/f", SftpAttributes.EMPTY.withPermissions(06755));
        assertEquals(0755, mode(root.resolve("f")));
        fs.mkdir("/sticky", SftpAttributes.EMPTY);
        fs.setstat("/sticky", SftpAttributes.EMPTY.withPermissions(01777));
        assertEquals(01777, mode(root.resolve("sticky")));
        try (SftpFileHandle handle = fs.open("/f", EnumSet.of(OpenFlag.WRITE), SftpAttributes.EMPTY)) {
            handle.fsetstat(SftpAttributes.EMPTY.withPermissions(04700));
            assertEquals(SftpStatus.PERMISSION_DENIED, status(() -> handle.fsetstat(
                    SftpAttributes.EMPTY.withOwner(current.uid(), current.gid() + 1))));
        }
        assertEquals(0700, mode(root.resolve("f")));
    }

    @Test
    void userAndGroupNamesOfIds() {
        assertEquals("root", fs.userName(0));
        assertEquals("root", fs.groupName(0));
        assertEquals("", fs.userName(-7));
    }
}
