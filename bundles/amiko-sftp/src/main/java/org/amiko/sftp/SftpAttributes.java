// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code ATTRS} of SFTP version 3 (draft-ietf-secsh-filexfer-02 section 5): each field is
 * present only when its flag is set. Immutable; the {@code with...} methods return a copy with one
 * more field. Times are whole seconds since the epoch (uint32 on the wire); permissions carry the
 * POSIX file type bits as OpenSSH sends them ({@link #TYPE_MASK}).
 */
public final class SftpAttributes {
    /** {@code SSH_FILEXFER_ATTR_SIZE}. */
    public static final int FLAG_SIZE = 0x00000001;
    /** {@code SSH_FILEXFER_ATTR_UIDGID}. */
    public static final int FLAG_UIDGID = 0x00000002;
    /** {@code SSH_FILEXFER_ATTR_PERMISSIONS}. */
    public static final int FLAG_PERMISSIONS = 0x00000004;
    /** {@code SSH_FILEXFER_ATTR_ACMODTIME}. */
    public static final int FLAG_ACMODTIME = 0x00000008;
    /** {@code SSH_FILEXFER_ATTR_EXTENDED}. */
    public static final int FLAG_EXTENDED = 0x80000000;

    /** The file type bits of the permissions ({@code S_IFMT}). */
    public static final int TYPE_MASK = 0170000;
    public static final int TYPE_SOCKET = 0140000;
    public static final int TYPE_SYMLINK = 0120000;
    public static final int TYPE_REGULAR = 0100000;
    public static final int TYPE_BLOCK_DEVICE = 0060000;
    public static final int TYPE_DIRECTORY = 0040000;
    public static final int TYPE_CHAR_DEVICE = 0020000;
    public static final int TYPE_FIFO = 0010000;

    /** No field present, as sent when a request has nothing to set. */
    public static final SftpAttributes EMPTY = new SftpAttributes(0, 0, 0, 0, 0, 0, 0, Map.of());

    private final int flags;
    private final long size;
    private final int uid;
    private final int gid;
    private final int permissions;
    private final long atime;
    private final long mtime;
    private final Map<String, byte[]> extended;

    /**
     * All fields; those whose flag is clear are ignored (kept as zero).
     *
     * @param atime seconds, 0 to 2^32-1
     * @param mtime seconds, 0 to 2^32-1
     */
    public SftpAttributes(int flags, long size, int uid, int gid, int permissions, long atime, long mtime,
            Map<String, byte[]> extended) {
        boolean hasTimes = (flags & FLAG_ACMODTIME) != 0;
        if (hasTimes && (atime < 0 || atime > 0xffffffffL || mtime < 0 || mtime > 0xffffffffL)) {
            throw new IllegalArgumentException("times must fit in uint32 seconds: " + atime + ", " + mtime);
        }
        if ((flags & FLAG_SIZE) != 0 && size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        Map<String, byte[]> copy = new LinkedHashMap<>();
        if ((flags & FLAG_EXTENDED) != 0) {
            extended.forEach((type, data) -> copy.put(Objects.requireNonNull(type), data.clone()));
        }
        this.flags = flags & (FLAG_SIZE | FLAG_UIDGID | FLAG_PERMISSIONS | FLAG_ACMODTIME | FLAG_EXTENDED);
        this.size = (flags & FLAG_SIZE) != 0 ? size : 0;
        this.uid = (flags & FLAG_UIDGID) != 0 ? uid : 0;
        this.gid = (flags & FLAG_UIDGID) != 0 ? gid : 0;
        this.permissions = (flags & FLAG_PERMISSIONS) != 0 ? permissions : 0;
        this.atime = hasTimes ? atime : 0;
        this.mtime = hasTimes ? mtime : 0;
        this.extended = Collections.unmodifiableMap(copy);
    }

    /** The flags of the fields present. */
    public int flags() {
        return flags;
    }

    /** Whether every field of {@code flag} (one or more {@code FLAG_} bits) is present. */
    public boolean has(int flag) {
        return (flags & flag) == flag;
    }

    /** The size in bytes; 0 unless {@link #FLAG_SIZE} is present. */
    public long size() {
        return size;
    }

    public int uid() {
        return uid;
    }

    public int gid() {
        return gid;
    }

    /** Permission and file type bits ({@code st_mode}); 0 unless {@link #FLAG_PERMISSIONS} is present. */
    public int permissions() {
        return permissions;
    }

    /** Access time in seconds since the epoch. */
    public long atime() {
        return atime;
    }

    /** Modification time in seconds since the epoch. */
    public long mtime() {
        return mtime;
    }

    /** Extended attributes by type, in wire order; values are copies. */
    public Map<String, byte[]> extended() {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        extended.forEach((type, data) -> copy.put(type, data.clone()));
        return copy;
    }

    public SftpAttributes withSize(long value) {
        return new SftpAttributes(flags | FLAG_SIZE, value, uid, gid, permissions, atime, mtime, extended);
    }

    public SftpAttributes withOwner(int newUid, int newGid) {
        return new SftpAttributes(flags | FLAG_UIDGID, size, newUid, newGid, permissions, atime, mtime, extended);
    }

    public SftpAttributes withPermissions(int value) {
        return new SftpAttributes(flags | FLAG_PERMISSIONS, size, uid, gid, value, atime, mtime, extended);
    }

    /** Both times, in seconds since the epoch (SFTP v3 sets them together). */
    public SftpAttributes withTimes(long accessSeconds, long modifySeconds) {
        return new SftpAttributes(flags | FLAG_ACMODTIME, size, uid, gid, permissions, accessSeconds, modifySeconds,
                extended);
    }

    public SftpAttributes withExtended(String type, byte[] data) {
        Map<String, byte[]> more = new LinkedHashMap<>(extended);
        more.put(type, data);
        return new SftpAttributes(flags | FLAG_EXTENDED, size, uid, gid, permissions, atime, mtime, more);
    }

    /** The file type bits, 0 when unknown. */
    public int fileType() {
        return has(FLAG_PERMISSIONS) ? permissions & TYPE_MASK : 0;
    }

    public boolean isDirectory() {
        return fileType() == TYPE_DIRECTORY;
    }

    public boolean isRegularFile() {
        return fileType() == TYPE_REGULAR;
    }

    public boolean isSymbolicLink() {
        return fileType() == TYPE_SYMLINK;
    }

    /** The modification time, or null when absent. */
    public Instant lastModified() {
        return has(FLAG_ACMODTIME) ? Instant.ofEpochSecond(mtime) : null;
    }

    /** The access time, or null when absent. */
    public Instant lastAccess() {
        return has(FLAG_ACMODTIME) ? Instant.ofEpochSecond(atime) : null;
    }

    /** The mode as {@code ls -l} shows it, e.g. {@code drwxr-xr-x}; {@code ?---------} when absent. */
    public String modeString() {
        return PermissionText.of(has(FLAG_PERMISSIONS) ? permissions : 0, has(FLAG_PERMISSIONS));
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof SftpAttributes that)) {
            return false;
        }
        if (flags != that.flags || size != that.size || uid != that.uid || gid != that.gid
                || permissions != that.permissions || atime != that.atime || mtime != that.mtime
                || !extended.keySet().equals(that.extended.keySet())) {
            return false;
        }
        for (Map.Entry<String, byte[]> entry : extended.entrySet()) {
            if (!Arrays.equals(entry.getValue(), that.extended.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(flags, size, uid, gid, permissions, atime, mtime, extended.keySet());
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("SftpAttributes[");
        if (has(FLAG_SIZE)) {
            text.append("size=").append(size).append(' ');
        }
        if (has(FLAG_UIDGID)) {
            text.append("uid=").append(Integer.toUnsignedString(uid)).append(" gid=")
                    .append(Integer.toUnsignedString(gid)).append(' ');
        }
        if (has(FLAG_PERMISSIONS)) {
            text.append("mode=").append(modeString()).append(' ');
        }
        if (has(FLAG_ACMODTIME)) {
            text.append("atime=").append(atime).append(" mtime=").append(mtime).append(' ');
        }
        if (has(FLAG_EXTENDED)) {
            text.append("extended=").append(extended.keySet()).append(' ');
        }
        return text.toString().strip() + "]";
    }
}
