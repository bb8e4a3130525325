// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A session's own X authority file, in a directory only the server's user can enter, holding the
 * cookie its client sent in {@code x11-req}: X clients the session runs find it through
 * {@code XAUTHORITY} and present the cookie to the forwarded display. As sshd, the entry is written
 * by the {@code xauth} program, fed {@code add DISPLAY PROTOCOL COOKIE} on its standard input (so
 * the cookie never shows in a process list). Closing deletes the directory.
 */
final class Xauthority implements AutoCloseable {
    /** xauth writes a small file; it never takes this long unless something is wrong. */
    private static final long XAUTH_TIMEOUT_SECONDS = 10;
    /** What sshd lets through to xauth from the wire (session.c's xauth_valid_string). */
    private static final Pattern PROTOCOL = Pattern.compile("[A-Za-z0-9.:/_-]{1,64}");
    /** A cookie is hexadecimal bytes, as xauth's {@code add} takes it; MIT-MAGIC-COOKIE-1's are 16. */
    private static final Pattern COOKIE = Pattern.compile("(?:[0-9A-Fa-f]{2}){1,256}");

    private final Path directory;
    private final Path file;

    private Xauthority(Path directory, Path file) {
        this.directory = directory;
        this.file = file;
    }

    /**
     * Whether an {@code x11-req}'s protocol name and cookie may be handed to xauth: sshd's
     * characters for the name, hexadecimal for the cookie, nothing that could start another xauth
     * command or make a file name.
     */
    static boolean acceptable(String protocol, String cookie) {
        return PROTOCOL.matcher(protocol).matches() && COOKIE.matcher(cookie).matches();
    }

    /**
     * Makes the directory and has {@code xauth} write the entry.
     *
     * @param xauth the xauth program
     * @param display the display as xauth names it, {@code unix:N.SCREEN}
     * @throws IOException if xauth cannot be run or fails; the message never holds the cookie
     * @throws IllegalArgumentException if the protocol or cookie is not {@link #acceptable}
     */
    static Xauthority create(String xauth, String display, String protocol, String cookie) throws IOException {
        if (!acceptable(protocol, cookie)) {
            throw new IllegalArgumentException("not an X11 protocol name and hexadecimal cookie");
        }
        Path directory = Files.createTempDirectory("amiko-x11",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Xauthority authority = new Xauthority(directory, directory.resolve("Xauthority"));
        try {
            authority.add(xauth, display, protocol, cookie);
            return authority;
        } catch (IOException | RuntimeException e) {
            authority.close();
            throw e;
        }
    }

    private void add(String xauth, String display, String protocol, String cookie) throws IOException {
        Path errors = directory.resolve("xauth.err");
        Process process = new ProcessBuilder(xauth, "-f", file.toString(), "-q", "-")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(errors.toFile()).start();
        try {
            try (OutputStream in = process.getOutputStream()) {
                in.write(("add " + display + " " + protocol + " " + cookie + "\n").getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // it ended before reading its input (a broken pipe): its exit status below says why
            }
            if (!process.waitFor(XAUTH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException(xauth + " did not finish within " + XAUTH_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0 || !Files.exists(file)) {
                throw new IOException(xauth + " failed (exit " + process.exitValue() + "): "
                        + lastError(errors, cookie));
            }
            Files.delete(errors);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + xauth + " ran", e);
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * xauth's complaint, for the log: its last line (the first says a new file does not exist yet),
     * with the cookie cut out should xauth ever echo it.
     */
    private static String lastError(Path errors, String cookie) throws IOException {
        String text = Files.readString(errors, StandardCharsets.UTF_8).strip();
        String[] lines = text.split("\n");
        String last = lines[lines.length - 1].strip();
        return last.isEmpty() ? "no message" : Pattern.compile(Pattern.quote(cookie), Pattern.CASE_INSENSITIVE)
                .matcher(last).replaceAll("(cookie)");
    }

    /** The file, for {@code XAUTHORITY}. */
    Path file() {
        return file;
    }

    /** Deletes the file, xauth's lock files and the directory. */
    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
