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
}
