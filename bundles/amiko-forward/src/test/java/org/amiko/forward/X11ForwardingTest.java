// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.amiko.Channel;
import org.amiko.ChannelOpenException;
import org.amiko.HostKeyVerifier;
import org.amiko.OpenChannelResult;
import org.amiko.SshException;
import org.amiko.Transport;
import org.amiko.core.Amiko;
import org.amiko.core.SshServer;
import org.amiko.core.TransportSettings;
import org.amiko.server.X11Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's X11 forwarding through an Amiko server that grants it: the server learns only a
 * fake cookie, and an X11 connection it forwards reaches the local display (a Unix socket here)
 * with the real cookie in the fake one's place, or not at all.
 */
@Timeout(60)
class X11ForwardingTest {
    @TempDir
    Path directory;

    private final CompletableFuture<X11Request> asked = new CompletableFuture<>();
    private volatile boolean grant = true;
    /** When set, the server grants by opening a display of its own, as sshd does. */
    private volatile boolean proxy;
    private final CompletableFuture<X11ProxyDisplay> displayed = new CompletableFuture<>();
    private SshServer server;
    private Transport client;

    @BeforeEach
    void start() throws Exception {
        KeyPair hostKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        server = SshServer.builder().address(new InetSocketAddress("127.0.0.1", 0)).hostKeys(List.of(hostKey))
                .server(transport -> ForwardingFixture.grantingX11(request -> grant && openDisplay(transport)
                        && asked.complete(request)))
                .start();
        client = Amiko.connect(new InetSocketAddress("127.0.0.1", server.address().getPort()),
                TransportSettings.defaults(), Amiko::defaultCatalog);
        client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
        client.authNone("viewer");
    }

    /** The server's display when it is to open one; whether that went well. */
    private boolean openDisplay(Transport transport) {
        if (!proxy) {
            return true;
        }
        try {
            return displayed.complete(X11ProxyDisplay.start(transport, 300, false));
        } catch (IOException e) {
            return !displayed.completeExceptionally(e);
        }
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        displayed.thenAccept(X11ProxyDisplay::close);
    }

    /**
     * Both ends Amiko: an X client on the server's display ({@link X11ProxyDisplay}) presents the
     * fake cookie the server was given, and the client's display gets the real one, and answers.
     */
    @Test
    void anXClientOnTheServersDisplayReachesTheClientsDisplay() throws Exception {
        proxy = true;
        Path socket = directory.resolve("X3");
        try (ServerSocketChannel display = display(socket)) {
            X11Forwarding.on(client, X11Display.parse(socket.toString()), X11ConnectionSetupTest.REAL)
                    .request(client.openSession(), false);
            byte[] fake = HexFormat.of().parseHex(asked.get(10, TimeUnit.SECONDS).authCookie());
            int number = displayed.get(10, TimeUnit.SECONDS).displayNumber();
            try (Socket xClient = new Socket("127.0.0.1", X11Display.TCP_PORT_BASE + number)) {
                xClient.getOutputStream().write(X11ConnectionSetupTest.setup(ByteOrder.BIG_ENDIAN,
                        X11Authorization.MIT_MAGIC_COOKIE, fake, "hello".getBytes(StandardCharsets.US_ASCII)));
                try (SocketChannel accepted = display.accept()) {
                    byte[] expected = X11ConnectionSetupTest.setup(ByteOrder.BIG_ENDIAN, X11Authorization.MIT_MAGIC_COOKIE,
                            X11ConnectionSetupTest.REAL.data(), "hello".getBytes(StandardCharsets.US_ASCII));
                    assertArrayEquals(expected, Channels.newInputStream(accepted).readNBytes(expected.length));
                    accepted.write(ByteBuffer.wrap("world".getBytes(StandardCharsets.US_ASCII)));
                }
                assertArrayEquals("world".getBytes(StandardCharsets.US_ASCII), xClient.getInputStream().readAllBytes());
            }
        }
    }

    /** A display on a Unix socket that hands over the first connection to it. */
    private static ServerSocketChannel display(Path socket) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(socket));
        return listener;
    }

    @Test
    void aForwardedConnectionReachesTheDisplayWithTheRealCookie() throws Exception {
        Path socket = directory.resolve("X0");
        try (ServerSocketChannel display = display(socket)) {
            X11Forwarding forwarding = X11Forwarding.on(client, X11Display.parse(socket + ".0"),
                    X11ConnectionSetupTest.REAL);
            forwarding.request(client.openSession(), false);
            X11Request request = asked.get(10, TimeUnit.SECONDS);
            assertEquals(X11Authorization.MIT_MAGIC_COOKIE, request.authProtocol());
            byte[] fake = HexFormat.of().parseHex(request.authCookie());
            assertEquals(16, fake.length);
            assertNotEquals(X11ConnectionSetupTest.REAL, new X11Authorization(request.authProtocol(), fake));

            Channel x11 = server.transports().get(0).openX11Channel(new InetSocketAddress("127.0.0.1", 50123));
            x11.send(X11ConnectionSetupTest.setup(ByteOrder.LITTLE_ENDIAN, request.authProtocol(), fake,
                    "request".getBytes(StandardCharsets.US_ASCII)));
            try (SocketChannel accepted = display.accept()) {
                InputStream in = Channels.newInputStream(accepted);
                byte[] expected = X11ConnectionSetupTest.setup(ByteOrder.LITTLE_ENDIAN, X11Authorization.MIT_MAGIC_COOKIE,
                        X11ConnectionSetupTest.REAL.data(), "request".getBytes(StandardCharsets.US_ASCII));
                assertArrayEquals(expected, in.readNBytes(expected.length));
                accepted.write(ByteBuffer.wrap("reply".getBytes(StandardCharsets.US_ASCII)));
            }
            assertArrayEquals("reply".getBytes(StandardCharsets.US_ASCII), x11.getInputStream().readAllBytes());
        }
    }

    @Test
    void aConnectionWithoutTheFakeCookieNeverReachesTheDisplay() throws Exception {
        Path socket = directory.resolve("X1");
        try (ServerSocketChannel display = display(socket)) {
            X11Forwarding.on(client, X11Display.parse(socket.toString()), X11ConnectionSetupTest.REAL)
                    .request(client.openSession(), true);
            asked.get(10, TimeUnit.SECONDS);
            Channel x11 = server.transports().get(0).openX11Channel(new InetSocketAddress("127.0.0.1", 50124));
            x11.send(X11ConnectionSetupTest.setup(ByteOrder.BIG_ENDIAN, X11Authorization.MIT_MAGIC_COOKIE,
                    X11ConnectionSetupTest.REAL.data(), new byte[0]));
            try (SocketChannel accepted = display.accept()) {
                assertEquals(-1, accepted.read(ByteBuffer.allocate(64)), "closed before a byte was passed on");
            }
            assertEquals(-1, x11.getInputStream().read());
        }
    }

    /** As ssh: an x11 channel no session asked for is refused, and the display never sees it. */
    @Test
    void anUnrequestedX11ChannelIsRefused() throws Exception {
        Path socket = directory.resolve("X2");
        try (ServerSocketChannel display = display(socket)) {
            X11Forwarding.on(client, X11Display.parse(socket.toString()), X11ConnectionSetupTest.REAL);
            Transport served = server.transports().get(0);
            ChannelOpenException refused = assertThrows(ChannelOpenException.class,
                    () -> served.openX11Channel(new InetSocketAddress("127.0.0.1", 50125)));
            assertEquals(OpenChannelResult.ADMINISTRATIVELY_PROHIBITED, refused.getReason());
            display.configureBlocking(false);
            assertNull(display.accept(), "nothing connected to the display");
        }
    }

    @Test
    void aRefusalIsAnError() throws Exception {
        grant = false;
        X11Forwarding forwarding = X11Forwarding.on(client, X11Display.parse(":0"), null);
        assertThrows(SshException.class, () -> forwarding.request(client.openSession(), false));
    }

    /** The cookie xauth(1) files for a display is the one read back, under the name ssh asks for. */
    @Test
    void theCookieComesFromXauth() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/xauth")), "xauth not installed");
        Path authority = directory.resolve("Xauthority");
        String cookie = HexFormat.of().formatHex(X11ConnectionSetupTest.REAL.data());
        Process add = new ProcessBuilder("xauth", "-f", authority.toString(), "add", "unix:7",
                X11Authorization.MIT_MAGIC_COOKIE, cookie).redirectErrorStream(true).start();
        String output = new String(add.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(add.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, add.exitValue(), output);
        assertEquals(Optional.of(X11ConnectionSetupTest.REAL),
                X11Authorization.fromXauth(X11Display.parse("localhost:7"), authority));
        assertEquals(Optional.empty(), X11Authorization.fromXauth(X11Display.parse(":8"), authority));
        assertEquals(Optional.empty(), X11Authorization.fromXauth(X11Display.parse(":7"), directory.resolve("none")));
        Files.delete(authority);
    }
}
