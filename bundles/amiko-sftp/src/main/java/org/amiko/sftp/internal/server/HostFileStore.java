// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.server;

import java.io.IOException;
import java.nio.file.FileStore;
import org.amiko.sftp.SftpStatVfs;

/**
 * The {@code statvfs@openssh.com} reply (OpenSSH PROTOCOL section 4.4) from what a JDK
 * {@link FileStore} knows: sizes and the read-only flag. Inode counts are not available and are
 * reported as 0, which {@code df -i} shows as unknown.
 */
public final class HostFileStore {
    /** NAME_MAX on Linux and the BSDs. */
    private static final long NAME_MAX = 255;

    private HostFileStore() {}

    public static SftpStatVfs statVfs(FileStore store, boolean readOnly) throws IOException {
        long blockSize = Math.max(1, store.getBlockSize());
        long flags = readOnly || store.isReadOnly() ? SftpStatVfs.FLAG_READ_ONLY : 0;
        return new SftpStatVfs(blockSize, blockSize, store.getTotalSpace() / blockSize,
                store.getUnallocatedSpace() / blockSize, store.getUsableSpace() / blockSize, 0, 0, 0, 0, flags,
                NAME_MAX);
    }
}
