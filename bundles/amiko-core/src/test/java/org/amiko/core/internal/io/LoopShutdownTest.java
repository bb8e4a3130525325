// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.io;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.security.KeyPair;
import java.util.concurrent.TimeUnit;
import org.amiko.Transport;
import org.amiko.core.EchoServers;
import org.amiko.core.SshServer;
import org.amiko.core.internal.SshTransport;
import org.junit.jupiter.api.Test;

/** Stopping the loops (the engine bundle's stop) ends their connections: nothing stays open unseen. */
class LoopShutdownTest {

    @Test
    void shutdownEndsTheConnectionsOfEveryLoop() throws Exception {
        KeyPair hostKey = EchoServers.hostKey();
        SshServer server = EchoServers.builder(hostKey).start();
        Transport client = EchoServers.loggedIn(server, hostKey);
        try {
            IoLoop.shutdownAll();
            // before, the selectors closed and the sockets stayed open: the session never ended
            ((SshTransport) client).session().closed().get(10, TimeUnit.SECONDS);
            assertFalse(client.isActive());
        } finally {
            client.close();
            server.close();
        }
    }
}
