// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.amiko.sftp.SftpAttributes;
import org.amiko.sftp.SftpException;
import org.amiko.sftp.SftpStatus;

/**
 * Reads and sets the SFTP attributes of host files through {@code java.nio.file}: the
 * {@code unix} attribute view where the JDK has it (Linux, macOS), which gives the numeric
 * owner and the whole {@code st_mode}; the {@code posix} view otherwise.
 */
public final class HostAttributes {
    private static final String UNIX = "unix:mode,uid,gid,size,lastAccessTime,lastModifiedTime,nlink";
    private static final int ALL_SIZE = SftpAttributes.FLAG_SIZE | SftpAttributes.FLAG_UIDGID
            | SftpAttributes.FLAG_PERMISSIONS | SftpAttributes.FLAG_ACMODTIME;

    private HostAttributes() {}

    /** What {@code stat} (follow) or {@code lstat} reports for {@code path}. */
    public static SftpAttributes read(Path path, boolean follow) throws IOException {
        LinkOption[] options = options(follow);
        try {
            Map<String, Object> unix = Files.readAttributes(path, UNIX, options);
            return new SftpAttributes(ALL_SIZE, (Long) unix.get("size"), (Integer) unix.get("uid"),
                    (Integer) unix.get("gid"), (Integer) unix.get("mode"), seconds(unix.get("lastAccessTime")),
                    seconds(unix.get("lastModifiedTime")), Map.of());
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            PosixFileAttributes posix = Files.readAttributes(path, PosixFileAttributes.class, options);
            int mode = typeBits(posix) | permissionBits(posix.permissions());
            return new SftpAttributes(SftpAttributes.FLAG_SIZE | SftpAttributes.FLAG_PERMISSIONS
                    | SftpAttributes.FLAG_ACMODTIME, posix.size(), 0, 0, mode, seconds(posix.lastAccessTime()),
                    seconds(posix.lastModifiedTime()), Map.of());
        }
    }

    /** The link count, 1 where the JDK cannot tell. */
    public static int linkCount(Path path) {
        try {
            return (Integer) Files.getAttribute(path, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | RuntimeException e) {
            return 1;
        }
    }

    /** Owner and group names for a long name; numbers when the names are unknown. */
    public static String[] ownerNames(Path path, SftpAttributes attributes) {
        try {
            UserPrincipal owner = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS);
            GroupPrincipal group = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .group();
            return new String[] {owner.getName(), group.getName()};
        } catch (IOException | RuntimeException e) {
            return new String[] {Integer.toUnsignedString(attributes.uid()), Integer.toUnsignedString(attributes.gid())};
        }
    }

    /**
     * Sets the owner, permissions and times present in {@code attributes} (the size is the
     * caller's: it needs an open file). Permissions keep only the 07777 bits.
     */
    public static void apply(Path path, SftpAttributes attributes, boolean follow) throws IOException {
        LinkOption[] options = options(follow);
        if (attributes.has(SftpAttributes.FLAG_PERMISSIONS)) {
            try {
                Files.setAttribute(path, "unix:mode", attributes.permissions() & 07777, options);
            } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
                Files.setPosixFilePermissions(path, permissions(attributes.permissions()));
            }
        }
        if (attributes.has(SftpAttributes.FLAG_UIDGID)) {
            Files.setAttribute(path, "unix:uid", attributes.uid(), options);
            Files.setAttribute(path, "unix:gid", attributes.gid(), options);
        }
        if (attributes.has(SftpAttributes.FLAG_ACMODTIME)) {
            Files.getFileAttributeView(path, BasicFileAttributeView.class, options).setTimes(
                    FileTime.from(attributes.mtime(), TimeUnit.SECONDS), FileTime.from(attributes.atime(), TimeUnit.SECONDS),
                    null);
        }
    }

    /**
     * What a client of a served directory may change: every file there belongs to the server's
     * own account, whatever the client's user, so changing the owner is refused (setting the same
     * owner is allowed, as clients preserving attributes do), and setuid and setgid bits are
     * dropped, since the server may run as root and its files may be run by local users.
     *
     * @throws SftpException {@link SftpStatus#PERMISSION_DENIED} for a change of owner
     */
    public static SftpAttributes confined(Path path, SftpAttributes attributes, String clientPath, boolean follow)
            throws IOException {
        SftpAttributes allowed = attributes;
        if (attributes.has(SftpAttributes.FLAG_UIDGID)) {
            SftpAttributes current = read(path, follow);
            if (current.uid() != attributes.uid() || current.gid() != attributes.gid()) {
                throw new SftpException(SftpStatus.PERMISSION_DENIED,
                        "Permission denied: the owner of " + clientPath + " cannot be changed");
            }
        }
        if (attributes.has(SftpAttributes.FLAG_PERMISSIONS)) {
            allowed = allowed.withPermissions(attributes.permissions() & 01777);
        }
        return allowed;
    }

    /** The permission set of the low nine bits of a mode. */
    public static Set<PosixFilePermission> permissions(int mode) {
        StringBuilder text = new StringBuilder(9);
        String letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            text.append((mode & (0400 >> i)) != 0 ? letters.charAt(i) : '-');
        }
        return PosixFilePermissions.fromString(text.toString());
    }

    private static int permissionBits(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 0400 >> permission.ordinal();
        }
        return mode;
    }

    private static int typeBits(BasicFileAttributes attributes) {
        if (attributes.isDirectory()) {
            return SftpAttributes.TYPE_DIRECTORY;
        }
        if (attributes.isSymbolicLink()) {
            return SftpAttributes.TYPE_SYMLINK;
        }
        return attributes.isRegularFile() ? SftpAttributes.TYPE_REGULAR : 0;
    }

    private static long seconds(Object time) {
        long seconds = ((FileTime) time).to(TimeUnit.SECONDS);
        // SFTP v3 times are uint32: clamp what it cannot say
        return Math.max(0, Math.min(0xffffffffL, seconds));
    }

    private static LinkOption[] options(boolean follow) {
        return follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
    }
}
