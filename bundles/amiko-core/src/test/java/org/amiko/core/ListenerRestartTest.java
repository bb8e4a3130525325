// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.security.KeyPair;
import org.amiko.Transport;
import org.junit.jupiter.api.Test;

/** A server closed and started again on the same port, as a configuration change does in the sshd component. */
class ListenerRestartTest {

    @Test
    void closeFreesThePortAtOnce() throws Exception {
        KeyPair hostKey = EchoServers.hostKey();
        SshServer first = EchoServers.builder(hostKey).start();
        InetSocketAddress address = first.address();
        first.close();
        // the loop is idle: before the fix the old socket still listened until its next select
        for (int i = 0; i < 3; i++) {
            try (SshServer again = EchoServers.builder(address, hostKey).start();
                    Transport client = EchoServers.loggedIn(again, hostKey)) {
                assertTrue(client.isAuthenticated());
            }
        }
    }
}
