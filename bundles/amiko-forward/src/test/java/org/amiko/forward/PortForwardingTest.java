// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.amiko.Channel;
import org.amiko.ChannelOpenException;
import org.amiko.HostKeyVerifier;
import org.amiko.OpenChannelResult;
import org.amiko.SshException;
import org.amiko.StreamLocal;
import org.amiko.Transport;
import org.amiko.core.Amiko;
import org.amiko.core.SshServer;
import org.amiko.core.TransportSettings;
import org.amiko.server.AuthResult;
import org.amiko.server.ServerInterface;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Port forwarding between an Amiko client and server over loopback (RFC 4254 section 7): local
 * ({@code ssh -L}), remote ({@code ssh -R}) and dynamic ({@code ssh -D}) forwardings to a TCP echo
 * service, OpenSSH's Unix socket forwarding (PROTOCOL section 2.4), and the refusals a policy and
 * a failed connect give.
 */
@Timeout(60)
class PortForwardingTest {
    private static final String LOOPBACK = "127.0.0.1";

    private final EchoService echo = new EchoService();
    private ForwardingPolicy policy = new ForwardingPolicy() {
        @Override
        public boolean allowsOpen(String host, int port) {
            return host.equals(LOOPBACK) && port == echo.port();
        }

        @Override
        public boolean allowsListen(String address, int port) {
            return port == 0 || port >= 1024;
        }
    };
    @TempDir
    Path directory;
    private KeyPair hostKey;
    private SshServer server;
    private Transport client;

    @BeforeEach
    void start() throws Exception {
        echo.start();
        hostKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        server = SshServer.builder().address(new InetSocketAddress(LOOPBACK, 0)).hostKeys(List.of(hostKey))
                .server(this::forwardingServer).start();
        client = Amiko.connect(new InetSocketAddress(LOOPBACK, server.address().getPort()), TransportSettings.defaults(),
                Amiko::defaultCatalog);
        client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
        client.authNone("forwarder");
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.close();
        echo.close();
    }

    /** Lets anyone in and forwards within {@link #policy}, as a server application would. */
    private ServerInterface forwardingServer(Transport transport) {
        ServerForwarding forwarding = ServerForwarding.start(transport, new DelegatingPolicy());
        return new ServerInterface() {
            @Override
            public AuthResult checkAuthNone(String username) {
                return AuthResult.SUCCESSFUL;
            }

            @Override
            public OptionalInt checkPortForwardRequest(String address, int port) {
                return forwarding.listen(address, port);
            }

            @Override
            public boolean cancelPortForwardRequest(String address, int port) {
                return forwarding.cancel(address, port);
            }

            @Override
            public boolean checkStreamLocalForwardRequest(String path) {
                return forwarding.listenStreamLocal(path);
            }

            @Override
            public boolean cancelStreamLocalForwardRequest(String path) {
                return forwarding.cancelStreamLocal(path);
            }
        };
    }

    /** Reads {@link #policy} at each request, so a test may change it after the server started. */
    private final class DelegatingPolicy implements ForwardingPolicy {
        @Override
        public boolean allowsOpen(String host, int port) {
            return policy.allowsOpen(host, port);
        }

        @Override
        public boolean allowsListen(String address, int port) {
            return policy.allowsListen(address, port);
        }

        @Override
        public boolean allowsStreamLocalOpen(String path) {
            return policy.allowsStreamLocalOpen(path);
        }

        @Override
        public boolean allowsStreamLocalListen(String path) {
            return policy.allowsStreamLocalListen(path);
        }
    }

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
        assertFalse(forwarding.isOpen());
    }

    @Test
    void aSocks5ProxyCarriesConnectionsToTheNamesItsClientsAskFor() throws Exception {
        policy = allowAll();
        try (DynamicPortForwarding socks = DynamicPortForwarding.start(client, new InetSocketAddress(LOOPBACK, 0))) {
            Proxy proxy = new Proxy(Proxy.Type.SOCKS, socks.localAddress());
            for (InetSocketAddress target : List.of(InetSocketAddress.createUnresolved("localhost", echo.port()),
                    new InetSocketAddress(LOOPBACK, echo.port()))) {
                try (Socket socket = new Socket(proxy)) {
                    socket.connect(target, 10_000);
                    socket.getOutputStream().write("through socks".getBytes());
                    socket.shutdownOutput();
                    assertArrayEquals("through socks".getBytes(), socket.getInputStream().readAllBytes());
                }
            }
        }
    }

    @Test
    void aSocksClientLearnsThatTheServerRefused() throws Exception {
        policy = ForwardingPolicy.NONE;
        try (DynamicPortForwarding socks = DynamicPortForwarding.start(client, new InetSocketAddress(LOOPBACK, 0));
                Socket socket = new Socket(new Proxy(Proxy.Type.SOCKS, socks.localAddress()))) {
            IOException refused = assertThrows(IOException.class,
                    () -> socket.connect(new InetSocketAddress(LOOPBACK, echo.port()), 10_000));
            assertTrue(refused.getMessage().contains("not allowed"), refused.getMessage());
        }
    }

    @Test
    void aSocks4aClientNamesItsTargetAndIsGranted() throws Exception {
        policy = allowAll();
        try (DynamicPortForwarding socks = DynamicPortForwarding.start(client, new InetSocketAddress(LOOPBACK, 0));
                Socket socket = new Socket(LOOPBACK, socks.localAddress().getPort())) {
            ByteBuffer request = ByteBuffer.allocate(64).put(new byte[] {4, 1}).putShort((short) echo.port())
                    .put(new byte[] {0, 0, 0, 1}).put("me".getBytes()).put((byte) 0).put("localhost".getBytes())
                    .put((byte) 0);
            socket.getOutputStream().write(request.array(), 0, request.position());
            byte[] reply = socket.getInputStream().readNBytes(8);
            assertEquals(90, reply[1], "request granted");
            socket.getOutputStream().write("four".getBytes());
            socket.shutdownOutput();
            assertArrayEquals("four".getBytes(), socket.getInputStream().readAllBytes());
        }
    }

    @Test
    void aDirectStreamLocalChannelReachesTheUnixSocketThePolicyAllows() throws Exception {
        Path socketPath = directory.resolve("echo.sock");
        try (ServerSocketChannel unixEcho = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            unixEcho.bind(UnixDomainSocketAddress.of(socketPath));
            Thread echoer = new Thread(() -> {
                try (SocketChannel connection = unixEcho.accept()) {
                    ByteBuffer buffer = ByteBuffer.allocate(8192);
                    while (connection.read(buffer) >= 0) {
                        buffer.flip();
                        connection.write(buffer);
                        buffer.clear();
                    }
                } catch (IOException e) {
                    // the test ended
                }
            });
            echoer.setDaemon(true);
            echoer.start();
            ChannelOpenException refused = assertThrows(ChannelOpenException.class,
                    () -> client.openDirectStreamLocal(socketPath.toString()), "refused by default");
            assertEquals(OpenChannelResult.ADMINISTRATIVELY_PROHIBITED, refused.getReason());

            policy = socketsUnder(directory);
            Channel channel = client.openDirectStreamLocal(socketPath.toString());
            channel.send("over a unix socket".getBytes());
            channel.shutdownOutput();
            assertArrayEquals("over a unix socket".getBytes(), channel.getInputStream().readAllBytes());
            assertEquals(OpenChannelResult.CONNECT_FAILED, assertThrows(ChannelOpenException.class,
                    () -> client.openDirectStreamLocal(directory.resolve("none.sock").toString())).getReason());
        }
    }

    @Test
    void aStreamLocalForwardListensOnASocketForThisAccountOnlyUntilCancelled() throws Exception {
        policy = socketsUnder(directory);
        client.setChannelHandler(StreamLocal.FORWARDED, channel -> channel.send("from the client".getBytes()));
        String path = directory.resolve("remote.sock").toString();
        client.requestStreamLocalForward(path);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(path))));
        try (SocketChannel socket = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            ByteBuffer buffer = ByteBuffer.allocate(64);
            while (socket.read(buffer) >= 0) {
                assertTrue(buffer.hasRemaining());
            }
            assertEquals("from the client", new String(buffer.array(), 0, buffer.position()));
        }
        assertThrows(SshException.class, () -> client.requestStreamLocalForward(path), "already listening there");
        assertTrue(client.cancelStreamLocalForward(path));
        assertFalse(Files.exists(Path.of(path)), "the socket goes with the listening");
        assertThrows(SshException.class,
                () -> client.requestStreamLocalForward(directory.resolve("../outside.sock").normalize().toString()));
    }

    /** Unix socket forwarding to and from sockets in {@code root}, nothing else. */
    private static ForwardingPolicy socketsUnder(Path root) {
        return new ForwardingPolicy() {
            @Override
            public boolean allowsOpen(String host, int port) {
                return false;
            }

            @Override
            public boolean allowsListen(String address, int port) {
                return false;
            }

            @Override
            public boolean allowsStreamLocalOpen(String path) {
                return Path.of(path).getParent().equals(root);
            }

            @Override
            public boolean allowsStreamLocalListen(String path) {
                return Path.of(path).getParent().equals(root);
            }
        };
    }

    private static ForwardingPolicy allowAll() {
        return new ForwardingPolicy() {
            @Override
            public boolean allowsOpen(String host, int port) {
                return true;
            }

            @Override
            public boolean allowsListen(String address, int port) {
                return true;
            }
        };
    }

    /** Sends {@code data}, half-closes, and reads until the far end closes. */
    private static byte[] roundTrip(InetSocketAddress address, byte[] data) throws Exception {
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(data);
                    socket.shutdownOutput();
                } catch (IOException e) {
                    // the read below fails too
                }
            });
            writer.start();
            byte[] back = socket.getInputStream().readAllBytes();
            writer.join();
            return back;
        }
    }

    /** A TCP echo service on loopback: echoes each connection until its end of input, then closes it. */
    private static final class EchoService implements AutoCloseable {
        private ServerSocket socket;

        void start() throws IOException {
            socket = new ServerSocket(0, 50, java.net.InetAddress.getByName(LOOPBACK));
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        Thread echo = new Thread(() -> {
                            try (connection; InputStream in = connection.getInputStream();
                                    OutputStream out = connection.getOutputStream()) {
                                in.transferTo(out);
                            } catch (IOException e) {
                                // the test's side went away
                            }
                        });
                        echo.setDaemon(true);
                        echo.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
