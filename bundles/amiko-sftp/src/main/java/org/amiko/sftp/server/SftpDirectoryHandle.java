// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.server;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import org.amiko.sftp.SftpEntry;

/**
 * An open directory of an {@link SftpFileSystem}, read in batches by {@code SSH_FXP_READDIR}
 * (draft-ietf-secsh-filexfer-02 section 6.7), so a huge directory is never held whole.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface SftpDirectoryHandle extends Closeable {

    /**
     * The next entries, at most {@code max}; {@code .} and {@code ..} included as {@code ls -a}
     * shows them, as OpenSSH does.
     *
     * @return the entries, empty once the directory has been read to its end
     */
    List<SftpEntry> readdir(int max) throws IOException;

    /** {@code SSH_FXP_CLOSE}. */
    @Override
    void close() throws IOException;
}
