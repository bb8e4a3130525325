// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.amiko.Channel;
import org.amiko.ChannelOpenException;
import org.amiko.OpenChannelResult;
import org.amiko.SshException;
import org.amiko.Transport;
import org.amiko.core.Amiko;
import org.junit.jupiter.api.Test;

/**
 * TCP/IP port forwarding between an Amiko client and server over loopback (RFC 4254 section 7):
 * local ({@code ssh -L}) and remote ({@code ssh -R}) forwardings to a TCP echo service, and the
 * refusals a policy and a failed connect give.
 */
class PortForwardingTest extends ForwardingFixture {
    @Test
    void aLocalForwardingCarriesAConnectionBothWaysAndPassesItsHalfClose() throws Exception {
        try (LocalPortForwarding forwarding = LocalPortForwarding.start(client, new InetSocketAddress(LOOPBACK, 0),
                LOOPBACK, echo.port())) {
            byte[] data = new byte[3 * 1024 * 1024 + 17]; // past the default windows, in both directions
            new Random(7).nextBytes(data);
            for (int connection = 0; connection < 2; connection++) {
                assertArrayEquals(data, roundTrip(forwarding.localAddress(), data));
            }
        }
    }

    @Test
    void aDirectChannelTellsTheServerItsTargetAndOrigin() throws Exception {
        Channel channel = client.openDirectTcpip(LOOPBACK, echo.port(), new InetSocketAddress(LOOPBACK, 4321));
        channel.send("ping".getBytes());
        channel.shutdownOutput();
        assertArrayEquals("ping".getBytes(), channel.getInputStream().readAllBytes());
        channel.close();
    }

    @Test
    void aTargetOutsideThePolicyIsAdministrativelyProhibited() {
        ChannelOpenException refused = assertThrows(ChannelOpenException.class,
                () -> client.openDirectTcpip(LOOPBACK, echo.port() == 65535 ? 1 : echo.port() + 1,
                        new InetSocketAddress(LOOPBACK, 1)));
        assertEquals(OpenChannelResult.ADMINISTRATIVELY_PROHIBITED, refused.getReason());
    }

    @Test
    void aTargetThatRefusesTheConnectionIsAConnectFailureThatSaysSo() throws Exception {
        int closedPort;
        try (ServerSocket gone = new ServerSocket(0, 1, java.net.InetAddress.getByName(LOOPBACK))) {
            closedPort = gone.getLocalPort();
        }
        policy = allowAll();
        ChannelOpenException refused = assertThrows(ChannelOpenException.class,
                () -> client.openDirectTcpip(LOOPBACK, closedPort, new InetSocketAddress(LOOPBACK, 1)));
        assertEquals(OpenChannelResult.CONNECT_FAILED, refused.getReason());
        assertTrue(refused.getDescription().contains("refused"), refused.getDescription());
        assertTrue(client.isActive(), "the connection goes on");
    }

    @Test
    void aRemoteForwardingOnAPortTheServerPicksCarriesConnectionsUntilCancelled() throws Exception {
        RemotePortForwarding remote = RemotePortForwarding.on(client);
        int port = remote.forward("localhost", 0, new InetSocketAddress(LOOPBACK, echo.port()));
        assertTrue(port > 0);
        InetSocketAddress listened = new InetSocketAddress(LOOPBACK, port);
        byte[] data = new byte[600 * 1024];
        new Random(3).nextBytes(data);
        assertArrayEquals(data, roundTrip(listened, data));

        assertTrue(remote.cancel("localhost", port));
        assertThrows(ConnectException.class, () -> new Socket(LOOPBACK, port).close());
        assertFalse(remote.cancel("localhost", port), "nothing left to cancel");
        remote.close();
    }

    /**
     * Instances on one transport share its handler of forwarded channels: a second does not take
     * the first's channels away, and closing it cancels only what it asked for.
     */
    @Test
    void instancesOnOneTransportShareItsForwardedChannels() throws Exception {
        RemotePortForwarding first = RemotePortForwarding.on(client);
        int port = first.forward("localhost", 0, new InetSocketAddress(LOOPBACK, echo.port()));
        byte[] data = "still served".getBytes();
        try (RemotePortForwarding second = RemotePortForwarding.on(client)) {
            int other = second.forward("localhost", 0, new InetSocketAddress(LOOPBACK, echo.port()));
            assertArrayEquals(data, roundTrip(new InetSocketAddress(LOOPBACK, port), data), "the first's, through one handler");
            assertArrayEquals(data, roundTrip(new InetSocketAddress(LOOPBACK, other), data));
        }
        assertArrayEquals(data, roundTrip(new InetSocketAddress(LOOPBACK, port), data), "the second's close left it");
        first.close();
        assertThrows(ConnectException.class, () -> new Socket(LOOPBACK, port).close());
    }

    @Test
    void aListenOutsideThePolicyIsRefused() {
        policy = ForwardingPolicy.NONE;
        SshException refused = assertThrows(SshException.class, () -> client.requestPortForward("localhost", 0));
        assertTrue(refused.getMessage().contains("refused"), refused.getMessage());
        assertTrue(client.isActive());
    }

    @Test
    void aConnectionHoldsAtMostItsShareOfListeners() throws Exception {
        for (int i = 0; i < ServerForwarding.MAX_LISTENERS; i++) {
            client.requestPortForward("localhost", 0);
        }
        assertThrows(SshException.class, () -> client.requestPortForward("localhost", 0));
    }

    @Test
    void theServersListenersCloseWithTheConnection() throws Exception {
        int port = client.requestPortForward("localhost", 0);
        Transport served = server.transports().get(0);
        client.close();
        served.whenClosed().toCompletableFuture().get(10, TimeUnit.SECONDS);
        // the listener closes on the closing thread's heels; a connect refused is the only sign
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket probe = new Socket(LOOPBACK, port)) {
                assertTrue(System.nanoTime() < deadline, "still listening 10 s after the connection ended");
            } catch (ConnectException expected) {
                break;
            } catch (java.net.SocketException reset) {
                // taken into the backlog of a listener that was closing, then reset: not yet refused
                assertTrue(System.nanoTime() < deadline, "still resetting 10 s after the connection ended");
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void aLocalForwardingStopsListeningWithItsTransport() throws Exception {
        LocalPortForwarding forwarding = LocalPortForwarding.start(client, new InetSocketAddress(LOOPBACK, 0), LOOPBACK,
                echo.port());
        client.close();
        client.whenClosed().toCompletableFuture().get(10, TimeUnit.SECONDS);
        // the forwarding closes in its own reaction to the end, which may run after this thread's
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (forwarding.isOpen() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertFalse(forwarding.isOpen(), "still listening 10 s after the transport ended");
    }
}
