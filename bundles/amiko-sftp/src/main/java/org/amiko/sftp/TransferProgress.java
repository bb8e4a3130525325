// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told how a transfer advances, paramiko's {@code callback(bytes_so_far, total)}. Called on the
 * transferring thread after each block; keep it quick.
 */
@ConsumerType
@FunctionalInterface
public interface TransferProgress {
    /** Reports nothing. */
    TransferProgress NONE = (transferred, total) -> { };

    /**
     * @param transferred bytes of this file done so far, counting any part a resumed transfer skipped
     * @param total the size of the file, or -1 when unknown
     */
    void update(long transferred, long total);
}
