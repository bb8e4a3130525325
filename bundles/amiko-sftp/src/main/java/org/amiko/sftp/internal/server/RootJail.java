// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.server;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import org.amiko.sftp.SftpException;
import org.amiko.sftp.SftpStatus;

/**
 * Maps the paths a client sees onto a directory of the host and keeps every one inside it, as a
 * chroot would. Client paths are normalised lexically in the root's view ({@code /..} is
 * {@code /}); the host path is then resolved with the operating system's own symbolic-link rules
 * and its real path must lie under the root's real path, so no link, whoever made it and wherever
 * it points, leads outside. Nothing here touches a file; it only reads paths and links.
 */
public final class RootJail {
    /** As Linux's MAXSYMLINKS: more hops than this is a loop. */
    private static final int MAX_LINK_HOPS = 40;

    private final Path root;

    /**
     * @param root an existing directory; its real path is the boundary
     */
    public RootJail(Path root) throws IOException {
        this.root = root.toRealPath();
        if (!Files.isDirectory(this.root)) {
            throw new NoSuchFileException(root.toString(), null, "the SFTP root is not a directory");
        }
    }

    /** The real path of the root. */
    public Path root() {
        return root;
    }

    /**
     * The absolute, normalised client path of {@code path}: relative paths start at {@code home};
     * {@code .}, empty components and {@code ..} above the root are dropped.
     */
    public static String normalize(String path, String home) {
        Deque<String> parts = new ArrayDeque<>();
        String full = path.startsWith("/") ? path : home + "/" + path;
        for (String part : full.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    /**
     * Whether a relative link target, read from the directory {@code linkParent} (a client path),
     * climbs above the root.
     */
    public static boolean climbsAboveRoot(String linkParent, String relativeTarget) {
        String parent = normalize(linkParent, "/");
        int depth = parent.equals("/") ? 0 : parent.split("/").length - 1;
        for (String part : relativeTarget.split("/")) {
            if (part.equals("..")) {
                if (--depth < 0) {
                    return true;
                }
            } else if (!part.isEmpty() && !part.equals(".")) {
                depth++;
            }
        }
        return false;
    }

    /** The host path of a normalised client path, before any link is resolved. */
    public Path host(String clientPath) {
        return clientPath.equals("/") ? root : root.resolve(clientPath.substring(1));
    }

    /** The client path of a host path under the root. */
    public String clientPath(Path hostPath) {
        Path relative = root.relativize(hostPath);
        return relative.toString().isEmpty() ? "/" : "/" + relative.toString().replace('\\', '/');
    }

    /**
     * Resolves every link of a normalised client path, the final one included. The result exists
     * as a real path under the root, or does not exist yet but its parent is a real directory
     * under the root (a file about to be created).
     *
     * @throws SftpException {@link SftpStatus#PERMISSION_DENIED} when a link leads outside,
     *     {@link SftpStatus#NO_SUCH_FILE} when the parent does not exist
     */
    public Path follow(String clientPath) throws IOException {
        return realize(host(clientPath), clientPath, 0);
    }

    /**
     * Resolves the links of the directories of a normalised client path but not a final link:
     * the path an operation on the link itself ({@code lstat}, {@code remove}, {@code rename})
     * works on.
     */
    public Path noFollow(String clientPath) throws IOException {
        if (clientPath.equals("/")) {
            return root;
        }
        int slash = clientPath.lastIndexOf('/');
        String parent = slash == 0 ? "/" : clientPath.substring(0, slash);
        Path directory = follow(parent);
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new SftpException(SftpStatus.NO_SUCH_FILE, "No such file: " + parent);
        }
        return directory.resolve(clientPath.substring(slash + 1));
    }

    private Path realize(Path hostPath, String clientPath, int hops) throws IOException {
        try {
            Path real = hostPath.toRealPath();
            if (!real.startsWith(root)) {
                throw outside(clientPath);
            }
            return real;
        } catch (NoSuchFileException missing) {
            // the path, or its final link's target, does not exist: resolve the parent instead
            Path parent = hostPath.getParent();
            Path name = hostPath.getFileName();
            if (parent == null || name == null) {
                throw noSuchFile(clientPath);
            }
            Path realParent;
            try {
                realParent = parent.toRealPath();
            } catch (NoSuchFileException | NotDirectoryException e) {
                throw noSuchFile(clientPath);
            }
            if (!realParent.startsWith(root)) {
                throw outside(clientPath);
            }
            Path candidate = realParent.resolve(name);
            if (!Files.isSymbolicLink(candidate)) {
                return candidate;
            }
            // a dangling link: creating "through" it must not create its target outside
            if (hops >= MAX_LINK_HOPS) {
                throw new FileSystemLoopException(clientPath);
            }
            Path target = realParent.resolve(Files.readSymbolicLink(candidate)).normalize();
            return realize(target, clientPath, hops + 1);
        } catch (FileSystemException e) {
            if (e instanceof NotDirectoryException || "Not a directory".equals(e.getReason())) {
                throw noSuchFile(clientPath);
            }
            if (e.getReason() != null && e.getReason().startsWith("Too many levels of symbolic links")) {
                throw new SftpException(SftpStatus.NO_SUCH_FILE, "Too many levels of symbolic links: " + clientPath);
            }
            throw e;
        }
    }

    static SftpException outside(String clientPath) {
        return new SftpException(SftpStatus.PERMISSION_DENIED,
                "Permission denied: " + clientPath + " leads outside the served directory");
    }

    private static SftpException noSuchFile(String clientPath) {
        return new SftpException(SftpStatus.NO_SUCH_FILE, "No such file: " + clientPath);
    }
}
