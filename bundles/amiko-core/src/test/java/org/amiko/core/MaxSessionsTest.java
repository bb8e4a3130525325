// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.amiko.Channel;
import org.amiko.ChannelOpenException;
import org.amiko.OpenChannelResult;
import org.amiko.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server's session limit, as sshd's MaxSessions: 10 sessions at once by default, one more
 * refused as sshd refuses it (CONNECT_FAILED) without harm to the connection; a closed session
 * frees its place; other channels do not count; 0 refuses sessions alone.
 */
@Timeout(30)
class MaxSessionsTest {
    private static final byte[] NO_DATA = new byte[0];

    private static void assertRefused(Transport client) {
        ChannelOpenException refused = assertThrows(ChannelOpenException.class, client::openSession);
        assertEquals(OpenChannelResult.CONNECT_FAILED, refused.getReason());
        assertEquals("no more sessions", refused.getDescription());
        assertTrue(client.isActive(), "the connection goes on");
    }

    @Test
    void tenSessionsByDefaultAndAClosedOneFreesItsPlace() throws Exception {
        KeyPair hostKey = EchoServers.hostKey();
        try (SshServer server = EchoServers.builder(hostKey).start();
                Transport client = EchoServers.loggedIn(server, hostKey)) {
            List<Channel> open = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                open.add(client.openSession());
            }
            assertRefused(client);
            // another kind of channel is not a session
            client.openChannel("x-other@example.org", NO_DATA).close();

            open.get(3).close();
            open.set(3, client.openSession());
            assertRefused(client);
        }
    }

    @Test
    void theLimitIsTheServersToSetAndZeroRefusesEverySession() throws Exception {
        KeyPair hostKey = EchoServers.hostKey();
        try (SshServer server = EchoServers.builder(hostKey).configure(t -> t.setMaxSessions(1)).start();
                Transport client = EchoServers.loggedIn(server, hostKey)) {
            Channel first = client.openSession();
            assertRefused(client);
            first.close();
            client.openSession().close();
        }
        try (SshServer server = EchoServers.builder(hostKey).configure(t -> t.setMaxSessions(0)).start();
                Transport client = EchoServers.loggedIn(server, hostKey)) {
            assertRefused(client);
            client.openChannel("x-other@example.org", NO_DATA).close();
            assertThrows(IllegalArgumentException.class, () -> client.setMaxSessions(-1));
        }
    }
}
