// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.amiko.Channel;
import org.amiko.ChannelHandler;
import org.amiko.HostKeyVerifier;
import org.amiko.Transport;
import org.amiko.core.Amiko;
import org.amiko.core.SshServer;
import org.amiko.core.TransportSettings;
import org.amiko.server.ServerInterface;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server's X11 display (RFC 4254 section 6.3) between an Amiko server and client on loopback:
 * the server grants {@code x11-req} by opening an {@link X11ProxyDisplay}; the client serves the
 * {@code x11} channels with a TCP echo service standing in for its X server.
 */
@Timeout(60)
class X11ProxyDisplayTest {
    private static final String LOOPBACK = "127.0.0.1";
    /** Above the numbers real X servers and sshd sessions take on a developer's machine. */
    private static final int TEST_OFFSET = 200;

    private final ForwardingFixture.EchoService xServer = new ForwardingFixture.EchoService();
    private final CompletableFuture<X11ProxyDisplay> granted = new CompletableFuture<>();
    /** The type-specific data of each x11 channel the client was asked to open: the originator. */
    private final BlockingQueue<byte[]> origins = new LinkedBlockingQueue<>();
    private int offset = TEST_OFFSET;
    private SshServer server;
    private Transport client;

    @BeforeEach
    void start() throws Exception {
        xServer.start();
        KeyPair hostKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        server = SshServer.builder().address(new InetSocketAddress(LOOPBACK, 0)).hostKeys(List.of(hostKey))
                .server(this::displaying).start();
        client = Amiko.connect(new InetSocketAddress(LOOPBACK, server.address().getPort()), TransportSettings.defaults(),
                Amiko::defaultCatalog);
        client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
        client.authNone("x");
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.close();
        xServer.close();
        granted.thenAccept(X11ProxyDisplay::close);
    }

    /** Lets anyone in and grants x11-req by opening a display, as a server application would. */
    private ServerInterface displaying(Transport transport) {
        return ForwardingFixture.grantingX11(request -> {
            try {
                return granted.complete(X11ProxyDisplay.start(transport, offset, request.singleConnection()));
            } catch (IOException | RuntimeException e) {
                granted.completeExceptionally(e);
                return false;
            }
        });
    }

    /** Has the client serve x11 channels by relaying them to the echo service, and asks for a display. */
    private X11ProxyDisplay display(boolean singleConnection) throws Exception {
        client.setChannelOpenHandler(Channel.X11_CHANNEL, (type, data) -> {
            origins.add(data);
            ChannelHandler relay = channel -> ChannelRelay.relay(channel,
                    SocketChannel.open(new InetSocketAddress(LOOPBACK, xServer.port())));
            return CompletableFuture.completedStage(relay);
        });
        assertTrue(client.openSession().requestX11(singleConnection, "MIT-MAGIC-COOKIE-1",
                "00112233445566778899aabbccddeeff", 0));
        return granted.get(10, TimeUnit.SECONDS);
    }

    private static InetSocketAddress address(X11ProxyDisplay display) {
        return new InetSocketAddress(LOOPBACK, X11Display.TCP_PORT_BASE + display.displayNumber());
    }

    @Test
    void aConnectionToTheDisplayReachesTheClientWithItsOriginAndCarriesDataBothWays() throws Exception {
        X11ProxyDisplay display = display(false);
        assertTrue(display.displayNumber() >= TEST_OFFSET, "from the offset: " + display.displayNumber());
        assertEquals("127.0.0.1:" + display.displayNumber() + ".2", display.display(2));
        assertEquals(InetAddress.getByName(LOOPBACK), display.localAddress().getAddress(), "loopback only");
        byte[] data = new byte[300 * 1024]; // past a channel window
        new Random(11).nextBytes(data);
        for (int connection = 0; connection < 2; connection++) {
            assertArrayEquals(data, ForwardingFixture.roundTrip(address(display), data));
        }
        byte[] origin = origins.poll(10, TimeUnit.SECONDS);
        ByteBuffer fields = ByteBuffer.wrap(origin);
        byte[] host = new byte[fields.getInt()];
        fields.get(host);
        assertEquals(LOOPBACK, new String(host, StandardCharsets.US_ASCII));
        assertTrue(fields.getInt() > 0, "the X client's port");
        assertFalse(fields.hasRemaining());
    }

    @Test
    void aDisplayNumberInUseIsSkipped() throws Exception {
        // the first number from TEST_OFFSET whose port this test can hold: another X server there
        ServerSocket taken = null;
        for (int number = TEST_OFFSET; taken == null; number++) {
            try {
                taken = new ServerSocket(X11Display.TCP_PORT_BASE + number, 1, InetAddress.getByName(LOOPBACK));
                offset = number;
            } catch (BindException inUse) {
                assertTrue(number < TEST_OFFSET + 100, "no free display port from " + TEST_OFFSET);
            }
        }
        try (ServerSocket held = taken) {
            X11ProxyDisplay display = display(false);
            assertTrue(display.displayNumber() > offset, display.displayNumber() + " after " + offset);
            byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
            assertArrayEquals(ping, ForwardingFixture.roundTrip(address(display), ping));
        }
    }

    @Test
    void aSingleConnectionDisplayStopsListeningAtItsFirstConnection() throws Exception {
        X11ProxyDisplay display = display(true);
        InetSocketAddress address = address(display);
        try (Socket first = new Socket(address.getAddress(), address.getPort())) {
            first.getOutputStream().write(1);
            assertEquals(1, first.getInputStream().read(), "the first connection is carried");
            assertFalse(display.isOpen());
            assertThrows(ConnectException.class, () -> new Socket(address.getAddress(), address.getPort()).close());
            first.getOutputStream().write(2);
            assertEquals(2, first.getInputStream().read(), "and goes on");
        }
    }

    @Test
    void closingStopsListeningWhileAForwardedConnectionGoesOn() throws Exception {
        X11ProxyDisplay display = display(false);
        InetSocketAddress address = address(display);
        try (Socket open = new Socket(address.getAddress(), address.getPort())) {
            open.getOutputStream().write(7);
            assertEquals(7, open.getInputStream().read());
            display.close();
            assertThrows(ConnectException.class, () -> new Socket(address.getAddress(), address.getPort()).close());
            open.getOutputStream().write(8);
            assertEquals(8, open.getInputStream().read());
        }
    }

    @Test
    void aConnectionTheClientRefusesIsClosedAndTheDisplayListensOn() throws Exception {
        X11ProxyDisplay display = display(false);
        client.setChannelOpenHandler(Channel.X11_CHANNEL, null); // refused as an unknown channel type
        InetSocketAddress address = address(display);
        try (Socket refused = new Socket(address.getAddress(), address.getPort())) {
            refused.setSoTimeout(10_000);
            assertEquals(-1, refused.getInputStream().read());
        }
        assertTrue(display.isOpen());
    }

    @Test
    void theDisplayClosesWithTheConnection() throws Exception {
        X11ProxyDisplay display = display(false);
        InetSocketAddress address = address(display);
        Transport served = server.transports().get(0);
        client.close();
        served.whenClosed().toCompletableFuture().get(10, TimeUnit.SECONDS);
        // the listener closes on the closing thread's heels; a connect refused is the only sign
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket probe = new Socket(address.getAddress(), address.getPort())) {
                assertTrue(System.nanoTime() < deadline, "still listening 10 s after the connection ended");
            } catch (ConnectException expected) {
                break;
            } catch (SocketException resetInTheBacklog) {
                // accepted into the backlog as the listener closed, then reset: it is closing; the
                // next try finds it gone
            }
            Thread.onSpinWait();
        }
        assertFalse(display.isOpen());
    }

    @Test
    void anOffsetPastTheLastPortIsRefused() {
        Transport served = server.transports().get(0);
        assertThrows(IllegalArgumentException.class, () -> X11ProxyDisplay.start(served, -1, false));
        assertThrows(IllegalArgumentException.class, () -> X11ProxyDisplay.start(served, 0x10000 - 6000, false));
    }
}
