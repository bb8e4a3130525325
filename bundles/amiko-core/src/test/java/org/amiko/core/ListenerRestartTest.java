// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import org.amiko.HostKeyVerifier;
import org.amiko.Transport;
import org.amiko.testkit.EchoServer;
import org.junit.jupiter.api.Test;

/** A server closed and started again on the same port, as a configuration change does in the sshd component. */
class ListenerRestartTest {

    @Test
    void closeFreesThePortAtOnce() throws Exception {
        KeyPair hostKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        SshServer first = SshServer.builder().address(new InetSocketAddress("127.0.0.1", 0)).hostKeys(List.of(hostKey))
                .server(t -> EchoServer.anyone()).start();
        InetSocketAddress address = first.address();
        first.close();
        // the loop is idle: before the fix the old socket still listened until its next select
        for (int i = 0; i < 3; i++) {
            try (SshServer again = SshServer.builder().address(address).hostKeys(List.of(hostKey))
                    .server(t -> EchoServer.anyone()).start();
                    Transport client = Amiko.connect("127.0.0.1", address.getPort())) {
                client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
                client.authNone("anyone");
                assertTrue(client.isAuthenticated());
            }
        }
    }
}
