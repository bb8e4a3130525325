// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp;

/**
 * The reply to {@code statvfs@openssh.com} and {@code fstatvfs@openssh.com} (OpenSSH PROTOCOL
 * section 4.4), as POSIX {@code struct statvfs}. Block counts are in units of {@code fragmentSize}.
 */
public record SftpStatVfs(long blockSize, long fragmentSize, long blocks, long freeBlocks, long availableBlocks,
        long files, long freeFiles, long availableFiles, long fileSystemId, long flags, long maxNameLength) {
    /** {@code SSH_FXE_STATVFS_ST_RDONLY}: the file system is read-only. */
    public static final long FLAG_READ_ONLY = 0x1;
    /** {@code SSH_FXE_STATVFS_ST_NOSUID}: setuid bits are ignored. */
    public static final long FLAG_NO_SUID = 0x2;

    /** The size in bytes, as {@code df} computes it. */
    public long totalBytes() {
        return blocks * fragmentSize;
    }

    /** The bytes an unprivileged user may still write. */
    public long availableBytes() {
        return availableBlocks * fragmentSize;
    }

    public boolean isReadOnly() {
        return (flags & FLAG_READ_ONLY) != 0;
    }
}
