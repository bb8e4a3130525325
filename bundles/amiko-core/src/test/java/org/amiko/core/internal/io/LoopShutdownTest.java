// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.io;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.amiko.HostKeyVerifier;
import org.amiko.Transport;
import org.amiko.core.Amiko;
import org.amiko.core.SshServer;
import org.amiko.core.internal.SshTransport;
import org.amiko.testkit.EchoServer;
import org.junit.jupiter.api.Test;

/** Stopping the loops (the engine bundle's stop) ends their connections: nothing stays open unseen. */
class LoopShutdownTest {

    @Test
    void shutdownEndsTheConnectionsOfEveryLoop() throws Exception {
        KeyPair hostKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        SshServer server = SshServer.builder().address(new InetSocketAddress("127.0.0.1", 0)).hostKeys(List.of(hostKey))
                .server(t -> EchoServer.anyone()).start();
        Transport client = Amiko.connect("127.0.0.1", server.address().getPort());
        try {
            client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
            client.authNone("anyone");
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
