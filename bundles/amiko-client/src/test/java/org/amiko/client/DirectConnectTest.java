// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Where the client's TCP connection comes from and goes to, as AddressFamily, BindAddress and BindInterface say. */
@Timeout(30)
class DirectConnectTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void aBindAddressIsWhereTheConnectionComesFrom() throws Exception {
        try (ServerSocketChannel listening = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            int port = ((InetSocketAddress) listening.getLocalAddress()).getPort();
            // all of 127.0.0.0/8 is this machine's on Linux
            try (SocketChannel connected = DirectConnect.connect("127.0.0.1", port,
                    new DirectConnect.Route("any", 1, "127.0.0.2", null), TIMEOUT);
                    SocketChannel accepted = listening.accept()) {
                assertEquals(InetAddress.getByName("127.0.0.2"),
                        ((InetSocketAddress) accepted.getRemoteAddress()).getAddress());
            }
            try (SocketChannel connected = DirectConnect.connect("127.0.0.1", port,
                    new DirectConnect.Route("inet", 1, null, "lo"), TIMEOUT);
                    SocketChannel accepted = listening.accept()) {
                assertTrue(((InetSocketAddress) accepted.getRemoteAddress()).getAddress().isLoopbackAddress());
            }
            SocketException noSuch = assertThrows(SocketException.class, () -> DirectConnect.connect("127.0.0.1", port,
                    new DirectConnect.Route("any", 1, null, "no-such-if0"), TIMEOUT));
            assertEquals("BindInterface no-such-if0: no such interface", noSuch.getMessage());
        }
    }

    @Test
    void anAddressFamilyLeavesTheOthersOut() {
        UnknownHostException none = assertThrows(UnknownHostException.class, () -> DirectConnect.connect("127.0.0.1", 22,
                new DirectConnect.Route("inet6", 1, null, null), TIMEOUT));
        assertEquals("127.0.0.1 has no inet6 address (AddressFamily)", none.getMessage());
    }

    /** Each attempt fails the same way on a closed port, a second apart; the last failure is the one reported. */
    @Test
    void everyAttemptIsMadeAndTheLastFailureReported() throws Exception {
        int closed;
        try (ServerSocketChannel vacated = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            closed = ((InetSocketAddress) vacated.getLocalAddress()).getPort();
        }
        long started = System.nanoTime();
        assertThrows(ConnectException.class, () -> DirectConnect.connect("127.0.0.1", closed,
                new DirectConnect.Route("any", 2, null, null), TIMEOUT));
        // the pause between attempts shows a second attempt was made: a refusal on loopback is instant
        assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(1000), "one attempt only");
    }
}
