// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp;

import java.io.IOException;
import java.security.GeneralSecurityException;
import org.amiko.Transport;
import org.amiko.server.CommandHandler;
import org.amiko.server.SubsystemHandler;

/** Opens {@link LoopbackServer} to the tests of other packages. */
public final class LoopbackServerAccess {
    private LoopbackServerAccess() {}

    public static AutoCloseable start(SubsystemHandler sftp, CommandHandler scp)
            throws IOException, GeneralSecurityException {
        return new LoopbackServer(sftp, scp);
    }

    public static Transport connect(AutoCloseable server, String user) throws IOException {
        return ((LoopbackServer) server).connect(user);
    }
}
