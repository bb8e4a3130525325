// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.amiko.Transport;
import org.amiko.sftp.OpenFlag;
import org.amiko.sftp.SftpAttributes;
import org.amiko.sftp.SftpException;
import org.amiko.sftp.SftpExtension;
import org.amiko.sftp.SftpStatVfs;
import org.amiko.sftp.SftpStatus;
import org.amiko.sftp.internal.server.AccountNames;
import org.amiko.sftp.internal.server.HostAttributes;
import org.amiko.sftp.internal.server.HostFileStore;
import org.amiko.sftp.internal.server.NioDirectoryHandle;
import org.amiko.sftp.internal.server.NioFileHandle;
import org.amiko.sftp.internal.server.RootJail;
import org.amiko.sftp.internal.server.StatusMapping;

/**
 * The default {@link SftpFileSystem}: a host directory served as {@code /}, as OpenSSH's
 * {@code ChrootDirectory} with {@code internal-sftp} would. No path leads outside it: not
 * {@code ..}, not absolute paths, not symbolic links, whoever made them (every path is resolved
 * and its real path checked). Absolute link targets a client creates are taken in its view
 * ({@code /a} is the root's {@code a}) and shown back that way by {@code readlink}; relative
 * targets that climb above the root are refused, and those with {@code ..} that stay inside are
 * stored as the absolute path they name (a later move of the link's directory, or a link before
 * the {@code ..}, could otherwise take them above it; {@code readlink} then shows that path). Links
 * made on the host are not changed: the real-path check refuses those that lead outside.
 *
 * <p>The session starts in {@code /USER} when the root has a directory of the user's name,
 * otherwise in {@code /}. Files and directories are created with the client's permissions (or
 * 0666 and 0777) less the umask, owned by the server's own operating-system user. Since every
 * file belongs to that one account (which may be root), clients cannot change owners and
 * cannot set the setuid and setgid bits.
 */
public final class RootedFileSystem implements SftpFileSystem {
    private static final Set<SftpExtension> EXTENSIONS = EnumSet.of(SftpExtension.POSIX_RENAME,
            SftpExtension.STATVFS, SftpExtension.FSTATVFS, SftpExtension.HARDLINK, SftpExtension.FSYNC,
            SftpExtension.LSETSTAT, SftpExtension.EXPAND_PATH, SftpExtension.HOME_DIRECTORY,
            SftpExtension.USERS_GROUPS_BY_ID);

    private final RootJail jail;
    private final RootedOptions options;
    private final String user;
    private final String home;

    /**
     * @param root an existing directory
     * @param user the session's user, whose directory under the root (if any) is the home
     */
    public RootedFileSystem(Path root, String user, RootedOptions options) throws IOException {
        this.jail = new RootJail(root);
        this.options = options;
        this.user = user == null ? "" : user;
        this.home = userDirectory(this.user);
    }

    /** A factory of rooted file systems for {@link SftpSubsystem} and {@link ScpCommand}. */
    public static SftpFileSystemFactory factory(Path root, RootedOptions options) throws IOException {
        new RootJail(root);
        return new SftpFileSystemFactory() {
            @Override
            public SftpFileSystem open(String user, Transport transport) throws IOException {
                return open(user, transport, options.umask());
            }

            @Override
            public SftpFileSystem open(String user, Transport transport, int umask) throws IOException {
                return new RootedFileSystem(root, user, options.withUmask(umask));
            }
        };
    }

    /** The directory relative paths start from, as the client sees it. */
    public String home() {
        return home;
    }

    @Override
    public Set<SftpExtension> extensions() {
        return EXTENSIONS;
    }

    @Override
    public SftpFileHandle open(String path, Set<OpenFlag> flags, SftpAttributes attributes) throws IOException {
        String clientPath = normalize(path);
        boolean writes = flags.contains(OpenFlag.WRITE) || flags.contains(OpenFlag.APPEND)
                || flags.contains(OpenFlag.CREATE) || flags.contains(OpenFlag.TRUNCATE);
        if (writes) {
            checkWritable(clientPath);
        }
        try {
            Path target = jail.follow(clientPath);
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new SftpException(SftpStatus.FAILURE, "Is a directory: " + clientPath);
            }
            Set<OpenOption> open = new HashSet<>();
            // the target is a real path: refuse a link that appeared there since
            open.add(LinkOption.NOFOLLOW_LINKS);
            if (flags.contains(OpenFlag.READ) || !writes) {
                open.add(StandardOpenOption.READ);
            }
            if (flags.contains(OpenFlag.WRITE) || flags.contains(OpenFlag.APPEND)) {
                open.add(StandardOpenOption.WRITE);
            }
            if (flags.contains(OpenFlag.CREATE)) {
                open.add(flags.contains(OpenFlag.EXCLUSIVE) ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
            }
            if (flags.contains(OpenFlag.TRUNCATE)) {
                open.add(StandardOpenOption.TRUNCATE_EXISTING);
            }
            boolean existed = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
            FileChannel channel = FileChannel.open(target, open);
            if (!existed) {
                int mode = attributes.has(SftpAttributes.FLAG_PERMISSIONS) ? attributes.permissions() & 0777 : 0666;
                try {
                    setMode(target, mode & ~options.umask());
                } catch (IOException | RuntimeException e) {
                    // not a handle yet: nothing else would close it (the file was removed meanwhile)
                    channel.close();
                    throw e;
                }
            }
            return new NioFileHandle(channel, target, clientPath, flags.contains(OpenFlag.APPEND), options.readOnly());
        } catch (IOException | RuntimeException e) {
            throw StatusMapping.of(e, clientPath);
        }
    }

    @Override
    public SftpDirectoryHandle opendir(String path) throws IOException {
        String clientPath = normalize(path);
        try {
            Path directory = jail.follow(clientPath);
            if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                // ENOTDIR is SSH_FX_NO_SUCH_FILE in OpenSSH too; the message tells the two apart
                throw new SftpException(SftpStatus.NO_SUCH_FILE, (Files.exists(directory, LinkOption.NOFOLLOW_LINKS)
                        ? "Not a directory: " : "No such file: ") + clientPath);
            }
            Path parent = directory.equals(jail.root()) ? directory : directory.getParent();
            return new NioDirectoryHandle(directory, parent);
        } catch (IOException | RuntimeException e) {
            throw StatusMapping.of(e, clientPath);
        }
    }

    @Override
    public SftpAttributes stat(String path) throws IOException {
        String clientPath = normalize(path);
        try {
            return HostAttributes.read(jail.follow(clientPath), false);
        } catch (IOException | RuntimeException e) {
            throw StatusMapping.of(e, clientPath);
        }
    }

    @Override
    public SftpAttributes lstat(String path) throws IOException {
        String clientPath = normalize(path);
        try {
            return HostAttributes.read(jail.noFollow(clientPath), false);
        } catch (IOException | RuntimeException e) {
            throw StatusMapping.of(e, clientPath);
        }
    }

    @Override
    public void setstat(String path, SftpAttributes attributes) throws IOException {
        String clientPath = normalize(path);
        checkWritable(clientPath);
        try {
            Path target = jail.follow(clientPath);
            SftpAttributes allowed = HostAttributes.confined(target, attributes, clientPath, false);
            resize(target, allowed);
            HostAttributes.apply(target, allowed, false);
        } catch (IOException | RuntimeException e) {
            throw StatusMapping.of(e, clientPath);
        }
    }

    @Override
    public void lsetstat(String path, SftpAttributes attributes) throws IOException {
        String clientPath = normalize(path);
        checkWritable(clientPath);
        try {
            Path target = jail.noFollow(clientPath);
            SftpAttributes allowed = HostAttributes.confined(target, attributes, clientPath, false);
            if (!Files.isSymbolicLink(target)) {
                resize(target, allowed);
            }
            HostAttributes.apply(target, allowed, false);
        } catch (IOException | RuntimeException e) {
            throw StatusMapping.of(e, clientPath);
        }
    }

    @Override
    public void remove(String path) throws IOException {
        String clientPath = normalize(path);
        checkWritable(clientPath);
        try {
            Path target = jail.noFollow(clientPath);
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                // Files.delete would remove an empty directory; SSH_FXP_REMOVE is unlink(2)
                throw new SftpException(SftpStatus.FAILURE, "Is a directory: " + clientPath);
            }
            Files.delete(target);
        } catch (IOException | RuntimeException e) {
            throw StatusMapping.of(e, clientPath);
        }
    }

    @Override
    public void rename(String oldPath, String newPath) throws IOException {
        move(oldPath, newPath, false);
    }

    @Override
    public void posixRename(String oldPath, String newPath) throws IOException {
        move(oldPath, newPath, true);
    }

    private void move(String oldPath, String newPath, boolean replace) throws IOException {
        String from = normalize(oldPath);
        String to = normalize(newPath);
        checkWritable(from);
        try {
            Path source = jail.noFollow(from);
            Path target = jail.noFollow(to);
            if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                throw new SftpException(SftpStatus.NO_SUCH_FILE, "No such file: " + from);
            }
            if (from.equals("/") || to.equals("/")) {
                throw new SftpException(SftpStatus.PERMISSION_DENIED, "Permission denied: the root cannot be renamed");
            }
            keepsLinkInside(source, to);
            if (replace) {
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            } else {
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw new SftpException(SftpStatus.FAILURE, "File exists: " + to);
                }
                Files.move(source, target);
            }
        } catch (IOException | RuntimeException e) {
            throw StatusMapping.of(e, from);
        }
    }

    @Override
    public void mkdir(String path, SftpAttributes attributes) throws IOException {
        String clientPath = normalize(path);
        checkWritable(clientPath);
        try {
            Path target = jail.noFollow(clientPath);
            Files.createDirectory(target);
            int mode = attributes.has(SftpAttributes.FLAG_PERMISSIONS) ? attributes.permissions() & 0777 : 0777;
            setMode(target, mode & ~options.umask());
        } catch (IOException | RuntimeException e) {
            throw StatusMapping.of(e, clientPath);
        }
    }

    @Override
    public void rmdir(String path) throws IOException {
        String clientPath = normalize(path);
        checkWritable(clientPath);
        try {
            Path target = jail.noFollow(clientPath);
            if (target.equals(jail.root())) {
                throw new SftpException(SftpStatus.PERMISSION_DENIED, "Permission denied: the root cannot be removed");
            }
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new SftpException(SftpStatus.NO_SUCH_FILE, (Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                        ? "Not a directory: " : "No such file: ") + clientPath);
            }
            Files.delete(target);
        } catch (IOException | RuntimeException e) {
            throw StatusMapping.of(e, clientPath);
        }
    }

    @Override
    public String realpath(String path) throws IOException {
        String clientPath = normalize(path);
        try {
            Path real = jail.follow(clientPath);
            if (Files.exists(real, LinkOption.NOFOLLOW_LINKS)) {
                return jail.clientPath(real);
            }
        } catch (SftpException e) {
            // a path that leads nowhere or outside canonicalises lexically; using it fails later
        }
        return clientPath;
    }

    @Override
    public String readlink(String path) throws IOException {
        String clientPath = normalize(path);
        try {
            Path target = Files.readSymbolicLink(jail.noFollow(clientPath));
            if (!target.isAbsolute()) {
                return target.toString();
            }
            Path normalized = target.normalize();
            if (!normalized.startsWith(jail.root())) {
                throw new SftpException(SftpStatus.PERMISSION_DENIED,
                        "Permission denied: " + clientPath + " points outside the served directory");
            }
            return jail.clientPath(normalized);
        } catch (IOException | RuntimeException e) {
            throw StatusMapping.of(e, clientPath);
        }
    }

    @Override
    public void symlink(String targetPath, String linkPath) throws IOException {
        String link = normalize(linkPath);
        checkWritable(link);
        if (targetPath.isEmpty()) {
            throw new SftpException(SftpStatus.FAILURE, "Empty symbolic link target for " + link);
        }
        try {
            Path linkFile = jail.noFollow(link);
            String stored;
            if (targetPath.startsWith("/")) {
                // the client's "/" is the root: store the host path it means, readlink maps it back
                stored = jail.host(RootJail.normalize(targetPath, "/")).toString();
            } else if (RootJail.climbsAboveRoot(parentOf(link), targetPath)) {
                throw new SftpException(SftpStatus.PERMISSION_DENIED,
                        "Permission denied: link target " + targetPath + " leads outside the served directory");
            } else if (Arrays.asList(targetPath.split("/")).contains("..")) {
                // The kernel takes ".." after following the links before it (a link to "/" makes
                // "s/s/../.." climb from the root), and the link's directory may be moved to a
                // shallower place later: either takes a relative ".." above the root, and a race
                // between the jail's check and an open then reaches the host. So such a target is
                // stored as the in-root path it names from here; readlink shows that path.
                stored = jail.host(RootJail.normalize(targetPath, parentOf(link))).toString();
            } else {
                stored = targetPath;
            }
            Files.createSymbolicLink(linkFile, Path.of(stored));
        } catch (IOException | RuntimeException e) {
            throw StatusMapping.of(e, link);
        }
    }

    @Override
    public void hardlink(String oldPath, String newPath) throws IOException {
        String existing = normalize(oldPath);
        String link = normalize(newPath);
        checkWritable(link);
        try {
            Path source = jail.follow(existing);
            if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                throw new SftpException(SftpStatus.NO_SUCH_FILE, "No such file: " + existing);
            }
            Files.createLink(jail.noFollow(link), source);
        } catch (IOException | RuntimeException e) {
            throw StatusMapping.of(e, link);
        }
    }

    @Override
    public SftpStatVfs statvfs(String path) throws IOException {
        String clientPath = normalize(path);
        try {
            return HostFileStore.statVfs(Files.getFileStore(jail.follow(clientPath)), options.readOnly());
        } catch (IOException | RuntimeException e) {
            throw StatusMapping.of(e, clientPath);
        }
    }

    @Override
    public String expandPath(String path) throws IOException {
        if (path.equals("~") || path.startsWith("~/")) {
            return realpath(home + path.substring(1));
        }
        if (path.startsWith("~")) {
            int slash = path.indexOf('/');
            String name = slash < 0 ? path.substring(1) : path.substring(1, slash);
            return realpath(homeDirectory(name) + (slash < 0 ? "" : path.substring(slash)));
        }
        return realpath(path);
    }

    @Override
    public String homeDirectory(String name) throws IOException {
        if (name.isEmpty() || name.equals(user)) {
            return home;
        }
        String directory = userDirectory(name);
        if (directory.equals("/")) {
            throw new SftpException(SftpStatus.NO_SUCH_FILE, "No such user: " + name);
        }
        return directory;
    }

    @Override
    public String userName(int uid) {
        return AccountNames.system().user(uid);
    }

    @Override
    public String groupName(int gid) {
        return AccountNames.system().group(gid);
    }

    private String normalize(String path) {
        return RootJail.normalize(path, home);
    }

    /** {@code /NAME} when the root holds a directory of that name, else {@code /}. */
    private String userDirectory(String name) {
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            return "/";
        }
        try {
            Path directory = jail.follow("/" + name);
            return Files.isDirectory(directory) ? jail.clientPath(directory) : "/";
        } catch (IOException e) {
            return "/";
        }
    }

    private void checkWritable(String clientPath) throws SftpException {
        if (options.readOnly()) {
            throw StatusMapping.readOnly(clientPath);
        }
    }

    /** Refuses moving a relative link to where its target would climb above the root. */
    private void keepsLinkInside(Path source, String destination) throws IOException {
        if (Files.isSymbolicLink(source)) {
            Path target = Files.readSymbolicLink(source);
            if (!target.isAbsolute() && RootJail.climbsAboveRoot(parentOf(destination), target.toString())) {
                throw new SftpException(SftpStatus.PERMISSION_DENIED,
                        "Permission denied: the link would lead outside the served directory at " + destination);
            }
        }
    }

    private static void resize(Path target, SftpAttributes attributes) throws IOException {
        if (attributes.has(SftpAttributes.FLAG_SIZE)) {
            try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                NioFileHandle.resize(channel, attributes.size());
            }
        }
    }

    private static void setMode(Path target, int mode) throws IOException {
        HostAttributes.apply(target, SftpAttributes.EMPTY.withPermissions(mode), false);
    }

    private static String parentOf(String clientPath) {
        int slash = clientPath.lastIndexOf('/');
        return slash <= 0 ? "/" : clientPath.substring(0, slash);
    }
}
