// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.scp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.amiko.sftp.server.RootedFileSystem;
import org.amiko.sftp.server.RootedOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both halves of the SCP protocol driven with the bytes an OpenSSH {@code scp} sends; all of the
 * peer's side is supplied up front, since each side answers only after reading.
 */
class ScpSessionTest {
    @TempDir
    Path base;

    private String run(String commandLine, String peer) throws IOException {
        return run(commandLine, peer.getBytes(StandardCharsets.ISO_8859_1), RootedOptions.DEFAULTS)[0];
    }

    /** Returns what we sent (ISO-8859-1) and the exit status. */
    private String[] run(String commandLine, byte[] peer, RootedOptions options) throws IOException {
        Path root = Files.createDirectories(base.resolve("root"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = ScpSession.run(ScpCommandLine.parse(commandLine), new RootedFileSystem(root, "tester", options),
                new ByteArrayInputStream(peer), out);
        return new String[] {out.toString(StandardCharsets.ISO_8859_1), Integer.toString(status)};
    }

    private Path root() {
        return base.resolve("root");
    }

    @Test
    void sinkReceivesAFileWithTimes() throws IOException {
        String[] result = run("scp -p -t /upload.txt", "T1000000000 0 1000000001 0\nC0640 5 ignored-name\nhello\0"
                .getBytes(StandardCharsets.ISO_8859_1), RootedOptions.DEFAULTS);
        assertEquals("\0\0\0\0", result[0], "ready, times, open, data");
        assertEquals("0", result[1]);
        Path file = root().resolve("upload.txt");
        assertEquals("hello", Files.readString(file));
        assertEquals(FileTime.fromMillis(1000000000000L), Files.getLastModifiedTime(file));
        assertEquals(0640, (Integer) Files.getAttribute(file, "unix:mode") & 0777);
    }

    @Test
    void sinkReceivesATreeIntoADirectory() throws IOException {
        Files.createDirectories(root().resolve("in"));
        String sent = run("scp -r -d -t /in", "D0755 0 tree\nC0644 3 a.txt\nabc\0D0700 0 sub\nC0600 0 empty\n\0E\nE\n");
        assertEquals("\0".repeat(9), sent);
        assertEquals("abc", Files.readString(root().resolve("in/tree/a.txt")));
        assertEquals(0, Files.size(root().resolve("in/tree/sub/empty")));
    }

    @Test
    void sinkRefusesNamesThatClimbOut() throws IOException {
        Files.createDirectories(base.resolve("outside"));
        String[] result = run("scp -t /", "C0644 3 ../outside/x\nabc\0".getBytes(StandardCharsets.ISO_8859_1),
                RootedOptions.DEFAULTS);
        assertEquals("1", result[1]);
        assertTrue(result[0].startsWith("\0\2scp: error: unexpected filename"), result[0]);
        assertFalse(Files.exists(base.resolve("outside/x")));
        String[] dir = run("scp -r -t /", "D0755 0 ..\nE\n".getBytes(StandardCharsets.ISO_8859_1), RootedOptions.DEFAULTS);
        assertEquals("1", dir[1]);
    }

    @Test
    void sinkTargetsOutsideTheRootLandInsideOrFail() throws IOException {
        Files.createDirectories(base.resolve("outside"));
        String[] result = run("scp -t ../outside/x", "C0644 3 x\nabc\0".getBytes(StandardCharsets.ISO_8859_1),
                RootedOptions.DEFAULTS);
        assertFalse(Files.exists(base.resolve("outside/x")));
        assertEquals("1", result[1]);
        assertTrue(result[0].startsWith("\0\1scp: No such file"), result[0]);
    }

    @Test
    void sinkReportsReadOnlyAndGoesOn() throws IOException {
        String[] result = run("scp -t /", "C0644 3 a\nabcC0644 1 b\nz\0".getBytes(StandardCharsets.ISO_8859_1),
                RootedOptions.DEFAULTS.withReadOnly(true));
        assertEquals("1", result[1]);
        assertTrue(result[0].startsWith("\0\1scp: Permission denied: read-only"), result[0]);
        assertFalse(Files.exists(root().resolve("a")));
    }

    @Test
    void sinkWithoutRecursionRefusesDirectories() throws IOException {
        String[] result = run("scp -t /", "D0755 0 d\nE\n".getBytes(StandardCharsets.ISO_8859_1), RootedOptions.DEFAULTS);
        assertEquals("1", result[1]);
        assertTrue(result[0].contains("without -r"), result[0]);
    }

    @Test
    void sourceSendsAFileAndChecksAcks() throws IOException {
        Files.createDirectories(root());
        Files.writeString(root().resolve("f.txt"), "data!");
        Files.setLastModifiedTime(root().resolve("f.txt"), FileTime.fromMillis(1234000));
        String[] result = run("scp -p -f /f.txt", "\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1),
                RootedOptions.DEFAULTS);
        assertTrue(result[0].matches("T1234 0 \\d+ 0\nC0644 5 f.txt\ndata!\0"), result[0]);
        assertEquals("0", result[1]);
    }

    @Test
    void sourceSendsTreesAndExpandsWildcards() throws IOException {
        Files.createDirectories(root().resolve("t/sub"));
        Files.writeString(root().resolve("t/sub/x"), "X");
        Files.writeString(root().resolve("a.log"), "1");
        Files.writeString(root().resolve("b.log"), "22");
        Files.writeString(root().resolve("c.txt"), "333");
        Files.createSymbolicLink(root().resolve("t/loop"), Path.of(".."));
        assertEquals("D0755 0 t\nD0755 0 sub\nC0644 1 x\nX\0E\nE\n",
                run("scp -r -f /t", "\0".repeat(8)).replaceAll("D07.. ", "D0755 ").replaceAll("C06.. ", "C0644 "));
        assertEquals("C0644 1 a.log\n1\0C0644 2 b.log\n22\0", run("scp -f /*.log", "\0".repeat(6))
                .replaceAll("C06.. ", "C0644 "));
    }

    @Test
    void sourceReportsMissingFilesAndEscapes() throws IOException {
        Files.createDirectories(root());
        Files.writeString(base.resolve("secret"), "no");
        Files.createSymbolicLink(root().resolve("out"), base.resolve("secret"));
        String[] result = run("scp -f /missing ../secret /out", "\0".getBytes(StandardCharsets.ISO_8859_1),
                RootedOptions.DEFAULTS);
        assertEquals("1", result[1]);
        assertEquals(3, result[0].chars().filter(c -> c == 1).count(), result[0]);
        assertFalse(result[0].contains("no\0"), "nothing of the outside file was sent");
        assertTrue(result[0].contains("Permission denied"), result[0]);
    }

    @Test
    void sourceSkipsAFileTheSinkRefuses() throws IOException {
        Files.createDirectories(root());
        Files.writeString(root().resolve("a"), "aaa");
        Files.writeString(root().resolve("b"), "b");
        String sent = run("scp -f /a /b", "\0\1scp: a: Permission denied\n\0\0");
        assertEquals("C0644 3 a\nC0644 1 b\nb\0", sent.replaceAll("C06.. ", "C0644 "));
    }

    @Test
    void theSymlinkOfATreeIsNotFollowed() throws IOException {
        Files.createDirectories(root().resolve("t"));
        Files.createSymbolicLink(root().resolve("t/self"), Path.of("."));
        assertTrue(Files.isSymbolicLink(root().resolve("t/self")));
        assertEquals("D0755 0 t\nE\n", run("scp -r -f /t", "\0\0\0").replaceAll("D07.. ", "D0755 "));
        assertTrue(Files.exists(root().resolve("t/self"), LinkOption.NOFOLLOW_LINKS));
    }
}
