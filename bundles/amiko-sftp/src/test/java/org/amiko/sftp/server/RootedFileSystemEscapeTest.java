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
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.amiko.sftp.OpenFlag;
import org.amiko.sftp.SftpAttributes;
import org.amiko.sftp.SftpException;
import org.amiko.sftp.SftpStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Root-escape attempts against {@link RootedFileSystem}: {@code ..}, absolute paths, links made on
 * the host (to {@code /}, to a file outside, dangling, chained, relative with {@code ..}) and links
 * a client makes, and operations that would land outside (create, rename, hardlink, symlink,
 * mkdir, setstat). Each must be refused with {@code PERMISSION_DENIED} or {@code NO_SUCH_FILE}, or
 * land inside the root; after every test the directory next to the root is byte for byte as it
 * was.
 */
class RootedFileSystemEscapeTest {
    private static final Set<SftpStatus> REFUSED = EnumSet.of(SftpStatus.PERMISSION_DENIED, SftpStatus.NO_SUCH_FILE);
    private static final Set<OpenFlag> CREATE = EnumSet.of(OpenFlag.WRITE, OpenFlag.CREATE, OpenFlag.TRUNCATE);

    @TempDir
    Path base;

    private Path root;
    private Path outside;
    private Map<String, String> outsideBefore;
    private RootedFileSystem fs;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(base.resolve("root"));
        outside = Files.createDirectories(base.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "top secret");
        Files.createDirectories(outside.resolve("dir"));
        Files.writeString(root.resolve("f.txt"), "inside");
        Files.createDirectories(root.resolve("d"));
        outsideBefore = snapshot(outside);
        fs = new RootedFileSystem(root, "tester", RootedOptions.DEFAULTS);
    }

    @AfterEach
    void outsideIsUntouched() throws IOException {
        assertEquals(outsideBefore, snapshot(outside), "the directory next to the root changed");
    }

    /** Every file under {@code directory}: content for files, a marker for directories and links. */
    private static Map<String, String> snapshot(Path directory) throws IOException {
        Map<String, String> state = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                String key = directory.relativize(path).toString();
                if (Files.isSymbolicLink(path)) {
                    state.put(key, "link:" + Files.readSymbolicLink(path));
                } else if (Files.isDirectory(path)) {
                    state.put(key, "dir:" + Integer.toOctalString(mode(path)));
                } else {
                    state.put(key, Files.readString(path) + ":" + Integer.toOctalString(mode(path)) + ":"
                            + Files.getLastModifiedTime(path));
                }
            }
        }
        return state;
    }

    private static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    private void refused(Executable attempt) {
        SftpException error = assertThrows(SftpException.class, attempt);
        assertTrue(REFUSED.contains(error.getStatus()), "refused with " + error.getStatus() + ": " + error.getMessage());
        assertFalse(error.getMessage().contains(root.toString()), "the message leaks the root's host path: "
                + error.getMessage());
    }

    private String read(String path) throws IOException {
        try (SftpFileHandle handle = fs.open(path, EnumSet.of(OpenFlag.READ), SftpAttributes.EMPTY)) {
            ByteBuffer buffer = ByteBuffer.allocate(100);
            handle.read(0, buffer);
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void dotDotStopsAtTheRoot() throws IOException {
        refused(() -> fs.stat("../outside/secret.txt"));
        refused(() -> fs.stat("/../../outside/secret.txt"));
        refused(() -> fs.open("../../../../../etc/passwd", EnumSet.of(OpenFlag.READ), SftpAttributes.EMPTY));
        refused(() -> fs.open("/d/../../outside/new.txt", CREATE, SftpAttributes.EMPTY));
        assertEquals("/", fs.realpath(".."));
        assertEquals("/", fs.realpath("/../.."));
        assertEquals("inside", read("/../f.txt"));
    }

    @Test
    void absolutePathsMeanTheRootsView() throws IOException {
        refused(() -> fs.stat("/etc/passwd"));
        refused(() -> fs.open("/etc/passwd", EnumSet.of(OpenFlag.READ), SftpAttributes.EMPTY));
        refused(() -> fs.open(outside.resolve("secret.txt").toString(), EnumSet.of(OpenFlag.READ), SftpAttributes.EMPTY));
        refused(() -> fs.open("/etc/passwd", CREATE, SftpAttributes.EMPTY));
        refused(() -> fs.mkdir(outside.resolve("made").toString(), SftpAttributes.EMPTY));
    }

    @Test
    void hostLinkToSlashLeadsNowhere() throws IOException {
        Files.createSymbolicLink(root.resolve("slash"), Path.of("/"));
        refused(() -> fs.stat("/slash/etc/passwd"));
        refused(() -> fs.stat("/slash"));
        refused(() -> fs.opendir("/slash"));
        refused(() -> fs.opendir("/slash/" + outside));
        refused(() -> fs.open("/slash/" + outside + "/secret.txt", EnumSet.of(OpenFlag.READ), SftpAttributes.EMPTY));
        refused(() -> fs.open("/slash/" + outside + "/new.txt", CREATE, SftpAttributes.EMPTY));
        refused(() -> fs.mkdir("/slash/" + outside + "/made", SftpAttributes.EMPTY));
        refused(() -> fs.symlink("x", "/slash/" + outside + "/evil"));
        refused(() -> fs.setstat("/slash/" + outside + "/secret.txt", SftpAttributes.EMPTY.withPermissions(0777)));
        refused(() -> fs.remove("/slash/" + outside + "/secret.txt"));
        refused(() -> fs.rename("/f.txt", "/slash/" + outside + "/moved"));
        refused(() -> fs.hardlink("/f.txt", "/slash/" + outside + "/linked"));
        assertTrue(fs.lstat("/slash").isSymbolicLink(), "the link itself may be looked at");
        refused(() -> fs.readlink("/slash"));
    }

    @Test
    void hostLinkToAFileOutside() throws IOException {
        Files.createSymbolicLink(root.resolve("secret"), outside.resolve("secret.txt"));
        refused(() -> read("/secret"));
        refused(() -> fs.stat("/secret"));
        refused(() -> fs.open("/secret", CREATE, SftpAttributes.EMPTY));
        refused(() -> fs.setstat("/secret", SftpAttributes.EMPTY.withSize(0)));
        refused(() -> fs.hardlink("/secret", "/hard"));
        refused(() -> fs.statvfs("/secret"));
        fs.remove("/secret");
        assertFalse(Files.exists(root.resolve("secret"), LinkOption.NOFOLLOW_LINKS), "removing the link removes the link");
    }

    @Test
    void danglingHostLinkCannotCreateItsTarget() throws IOException {
        Files.createSymbolicLink(root.resolve("dangle"), outside.resolve("new.txt"));
        refused(() -> fs.open("/dangle", CREATE, SftpAttributes.EMPTY));
        refused(() -> fs.open("/dangle", EnumSet.of(OpenFlag.WRITE, OpenFlag.CREATE, OpenFlag.EXCLUSIVE),
                SftpAttributes.EMPTY));
        Files.createSymbolicLink(root.resolve("dangle-dir"), outside.resolve("newdir"));
        refused(() -> fs.open("/dangle-dir/x", CREATE, SftpAttributes.EMPTY));
        // mkdir(2) on a dangling link is EEXIST: the link is not followed
        assertEquals(SftpStatus.FAILURE, assertThrows(SftpException.class,
                () -> fs.mkdir("/dangle-dir", SftpAttributes.EMPTY)).getStatus());
    }

    @Test
    void chainsOfLinksAreFollowedToTheirEnd() throws IOException {
        Files.createSymbolicLink(root.resolve("c"), outside.resolve("dir"));
        Files.createSymbolicLink(root.resolve("b"), Path.of("c"));
        Files.createSymbolicLink(root.resolve("a"), root.resolve("b"));
        refused(() -> fs.opendir("/a"));
        refused(() -> fs.open("/a/new.txt", CREATE, SftpAttributes.EMPTY));
        Files.createSymbolicLink(root.resolve("in3"), Path.of("d"));
        Files.createSymbolicLink(root.resolve("in2"), Path.of("in3"));
        Files.createSymbolicLink(root.resolve("in1"), root.resolve("in2"));
        fs.open("/in1/made.txt", CREATE, SftpAttributes.EMPTY).close();
        assertTrue(Files.exists(root.resolve("d/made.txt")), "a chain that stays inside works");
        assertEquals("/d", fs.realpath("/in1"));
    }

    @Test
    void linkLoopsEndInAnError() throws IOException {
        Files.createSymbolicLink(root.resolve("loop1"), Path.of("loop2"));
        Files.createSymbolicLink(root.resolve("loop2"), Path.of("loop1"));
        refused(() -> fs.stat("/loop1"));
        refused(() -> fs.open("/loop1", CREATE, SftpAttributes.EMPTY));
    }

    @Test
    void dotDotInsideHostLinkTargets() throws IOException {
        Files.createSymbolicLink(root.resolve("up"), Path.of("../outside"));
        Files.createSymbolicLink(root.resolve("d/up2"), Path.of("../../outside/secret.txt"));
        refused(() -> fs.stat("/up/secret.txt"));
        refused(() -> fs.opendir("/up"));
        refused(() -> read("/d/up2"));
        refused(() -> fs.open("/up/new.txt", CREATE, SftpAttributes.EMPTY));
    }

    @Test
    void clientLinksWithDotDotAboveTheRootAreRefused() throws IOException {
        refused(() -> fs.symlink("../outside/secret.txt", "/link"));
        refused(() -> fs.symlink("../../outside", "/d/link"));
        refused(() -> fs.symlink("d/../../outside", "/link"));
        assertFalse(Files.exists(root.resolve("link"), LinkOption.NOFOLLOW_LINKS));
        fs.symlink("../f.txt", "/d/ok");
        assertEquals("inside", read("/d/ok"));
        assertEquals("/f.txt", fs.readlink("/d/ok"), "a target with .. is stored as the in-root path it names");
    }

    /**
     * Relative targets with ".." were checked lexically, but the kernel takes ".." after the links
     * before it, and a directory holding the link can be moved up: both made client links that lead
     * outside, usable through a race between the jail's check and an open.
     */
    @Test
    void clientLinksWithDotDotCannotBeMadeToLeadOutside() throws IOException {
        Files.createDirectories(root.resolve("a/b/c"));
        Files.createDirectories(root.resolve("etc"));
        fs.symlink("../../../etc", "/a/b/c/l");
        fs.rename("/a/b/c", "/c");
        assertEquals(root.resolve("etc"), Files.readSymbolicLink(root.resolve("c/l")));
        assertEquals(root.resolve("etc").toRealPath(), root.resolve("c/l").toRealPath());
        fs.symlink("/", "/s");
        fs.symlink("s/s/s/../../../etc", "/l2");
        assertEquals(root.resolve("etc").toRealPath(), root.resolve("l2").toRealPath(),
                "the kernel would have taken s/s/s/../../.. above the root");
        assertEquals("/etc", fs.readlink("/l2"));
    }

    @Test
    void absoluteClientLinkTargetsAreInTheRootsView() throws IOException {
        fs.symlink("/f.txt", "/abs");
        assertEquals("inside", read("/abs"));
        assertEquals("/f.txt", fs.readlink("/abs"));
        fs.symlink(outside.resolve("secret.txt").toString(), "/host-path");
        refused(() -> read("/host-path"));
        assertEquals(outside.resolve("secret.txt").toString(), fs.readlink("/host-path"),
                "a host path given by the client stays a path inside the root");
        fs.symlink("/", "/top");
        assertTrue(fs.stat("/top/f.txt").isRegularFile(), "a link to / is the root");
        fs.symlink("/../../etc", "/etc-link");
        assertEquals("/etc", fs.readlink("/etc-link"));
        refused(() -> fs.open("/etc-link/passwd", CREATE, SftpAttributes.EMPTY));
    }

    @Test
    void movingARelativeLinkToWhereItWouldEscapeIsRefused() throws IOException {
        Files.createDirectories(root.resolve("d/e"));
        // made on the host: a client's target with ".." is stored absolute (above)
        Files.createSymbolicLink(root.resolve("d/e/rel"), Path.of("../../f.txt"));
        assertEquals("inside", read("/d/e/rel"));
        refused(() -> fs.rename("/d/e/rel", "/rel"));
        refused(() -> fs.posixRename("/d/e/rel", "/rel"));
        assertTrue(Files.isSymbolicLink(root.resolve("d/e/rel")));
    }

    @Test
    void renameAndHardlinkOutsideAreRefused() throws IOException {
        refused(() -> fs.rename("/f.txt", "/../outside/moved"));
        assertTrue(Files.exists(root.resolve("f.txt")));
        refused(() -> fs.rename("/../outside/secret.txt", "/stolen"));
        refused(() -> fs.hardlink("/../outside/secret.txt", "/stolen"));
        refused(() -> fs.hardlink("/f.txt", outside.resolve("linked").toString()));
        Files.createSymbolicLink(root.resolve("out"), outside);
        refused(() -> fs.rename("/f.txt", "/out/moved"));
        refused(() -> fs.rename("/out/secret.txt", "/stolen"));
        refused(() -> fs.hardlink("/out/secret.txt", "/stolen"));
        refused(() -> fs.posixRename("/f.txt", "/out/secret.txt"));
        assertFalse(Files.exists(root.resolve("stolen")));
    }

    @Test
    void theRootItselfCannotBeRemovedOrRenamed() {
        assertThrows(SftpException.class, () -> fs.rmdir("/"));
        assertThrows(SftpException.class, () -> fs.rename("/", "/x"));
        assertThrows(SftpException.class, () -> fs.rmdir("/.."));
        assertTrue(Files.isDirectory(root));
    }
}
