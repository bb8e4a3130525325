// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.server;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.amiko.sftp.SftpAttributes;
import org.amiko.sftp.SftpExtension;
import org.amiko.sftp.SftpStatVfs;

/**
 * An open file of an {@link SftpFileSystem}: the target of {@code SSH_FXP_READ},
 * {@code SSH_FXP_WRITE}, {@code SSH_FXP_FSTAT}, {@code SSH_FXP_FSETSTAT} and {@code SSH_FXP_CLOSE}
 * (draft-ietf-secsh-filexfer-02 section 6), and of {@code fsync@openssh.com} and
 * {@code fstatvfs@openssh.com} (OpenSSH PROTOCOL sections 4.4 and 4.6). Reads and writes carry
 * their own offset: clients keep many outstanding at once.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface SftpFileHandle extends Closeable {

    /**
     * Reads at {@code offset} into {@code target}, as much as it has room for or less.
     *
     * @return the bytes read, or -1 when {@code offset} is at or past the end of the file
     */
    int read(long offset, ByteBuffer target) throws IOException;

    /** Writes all of {@code data} at {@code offset} (at the end for a file opened to append). */
    void write(long offset, ByteBuffer data) throws IOException;

    /** {@code SSH_FXP_FSTAT}. */
    SftpAttributes fstat() throws IOException;

    /** {@code SSH_FXP_FSETSTAT}. */
    void fsetstat(SftpAttributes attributes) throws IOException;

    /** {@code fsync@openssh.com}: data and metadata to stable storage. */
    default void fsync() throws IOException {
        throw SftpFileSystem.unsupported(SftpExtension.FSYNC);
    }

    /** {@code fstatvfs@openssh.com}. */
    default SftpStatVfs fstatvfs() throws IOException {
        throw SftpFileSystem.unsupported(SftpExtension.FSTATVFS);
    }

    /** {@code SSH_FXP_CLOSE}. */
    @Override
    void close() throws IOException;
}
