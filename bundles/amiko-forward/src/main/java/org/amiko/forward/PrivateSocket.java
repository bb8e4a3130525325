// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * A Unix domain socket listened on at a path, as a forwarding listens on one (OpenSSH PROTOCOL
 * section 2.4): readable and writable by this account only before anyone can connect (the
 * default {@code StreamLocalBindMask 0177} of ssh and sshd), never over a file already there (the
 * default {@code StreamLocalBindUnlink no}), and removed when the listening ends, unless something
 * else has taken the path since.
 */
final class PrivateSocket {
    private static final System.Logger LOG = System.getLogger("org.amiko.forward");
    /** sun_path on Linux: a socket path's bytes and its terminating NUL. */
    static final int MAX_PATH = 108;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SocketListener listener;
    private final Path path;
    /** The socket file's key, so that only the file this made is removed. */
    private final Object fileKey;

    private PrivateSocket(SocketListener listener, Path path, Object fileKey) {
        this.listener = listener;
        this.path = path;
        this.fileKey = fileKey;
    }

    /**
     * Listens at {@code path}, handing each connection to {@code connections} on a thread of its own.
     *
     * @param threadName the accepting thread's name
     * @throws IOException if the socket cannot be made there, a file is there already among them
     */
    static PrivateSocket listen(Path path, String threadName, Consumer<SocketChannel> connections) throws IOException {
        Path target = path.toAbsolutePath();
        if (target.toString().getBytes(StandardCharsets.UTF_8).length >= MAX_PATH) {
            throw new IOException("socket path too long (" + MAX_PATH + " bytes at most, with the end): " + target);
        }
        SocketListener listener = null;
        Path staging = null;
        try {
            // bound in a directory only this account may enter, and linked into place once private:
            // nobody can connect before the chmod, and the link, unlike a rename, fails at once
            // if anything has taken the path meanwhile
            staging = stagingDirectory(target.getParent());
            Path staged = staging.resolve("s");
            if (staged.toString().getBytes(StandardCharsets.UTF_8).length >= MAX_PATH) {
                throw new IOException("socket path too long to be made private (it is made in " + staging
                        + " first; a shorter name or directory will do): " + target);
            }
            listener = SocketListener.start(UnixDomainSocketAddress.of(staged), threadName, connections);
            Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rw-------"));
            Files.createLink(target, staged); // never over what is there
            Object fileKey = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            return new PrivateSocket(listener, target, fileKey);
        } catch (IOException | RuntimeException e) {
            if (listener != null) {
                listener.close();
            }
            throw e;
        } finally {
            if (staging != null) {
                deleteQuietly(staging.resolve("s"));
                deleteQuietly(staging);
            }
        }
    }

    /**
     * A fresh directory beside the socket, this account's alone, its name short (ten characters)
     * so that the staged path fits where the socket's own does.
     */
    private static Path stagingDirectory(Path parent) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path candidate = parent.resolve(".a" + HexFormat.of().toHexDigits(RANDOM.nextInt()));
            try {
                return Files.createDirectory(candidate,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                if (attempt == 16) {
                    throw e;
                }
            }
        }
    }

    /** Whether the socket is still listened on. */
    boolean isOpen() {
        return listener.isOpen();
    }

    /** Stops listening and removes the socket file, unless something else has taken the path since. */
    void close() {
        listener.close();
        try {
            Object now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            if (fileKey != null && fileKey.equals(now)) {
                Files.delete(path);
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "socket " + ForwardTarget.printable(path.toString()) + " not removed: "
                    + e.getMessage());
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a staging leftover; nothing listens on it
        }
    }
}
