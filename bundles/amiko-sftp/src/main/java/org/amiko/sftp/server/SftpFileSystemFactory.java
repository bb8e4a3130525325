// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.server;

import java.io.IOException;
import org.amiko.Transport;

/**
 * Makes the {@link SftpFileSystem} of one SFTP or SCP session, for the authenticated user.
 */
@org.osgi.annotation.versioning.ConsumerType
@FunctionalInterface
public interface SftpFileSystemFactory {

    /**
     * @param user the authenticated user name
     * @param transport the connection, for the peer's address or other decisions
     * @throws IOException to refuse the session; the client sees the subsystem end
     */
    SftpFileSystem open(String user, Transport transport) throws IOException;

    /**
     * The file system of a session with a umask of its own, from sftp-server's {@code -u} in the
     * session's options. A factory that does not override this cannot honour one, and refuses the
     * session rather than create files with other permissions than the options ask.
     *
     * @param umask permission bits removed from what the session creates (0 to 0777)
     * @throws IOException to refuse the session
     */
    default SftpFileSystem open(String user, Transport transport, int umask) throws IOException {
        throw new IOException("this SFTP file system takes no umask of a session's own (internal-sftp -u)");
    }
}
