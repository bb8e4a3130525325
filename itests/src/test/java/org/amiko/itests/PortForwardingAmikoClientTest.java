// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.amiko.ChannelOpenException;
import org.amiko.OpenChannelResult;
import org.amiko.SshException;
import org.amiko.Transport;
import org.amiko.core.Amiko;
import org.amiko.forward.LocalPortForwarding;
import org.amiko.forward.RemotePortForwarding;
import org.amiko.keys.KeyPairs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Amiko client's port forwarding ({@link LocalPortForwarding}, {@link RemotePortForwarding})
 * against a real OpenSSH sshd ({@code AllowTcpForwarding yes}, {@code GatewayPorts no}): bulk data
 * both ways through {@code direct-tcpip} and {@code forwarded-tcpip} channels, half closes, a
 * port sshd picks, {@code cancel-tcpip-forward} closing sshd's listener, and sshd's refusals as
 * the API reports them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PortForwardingAmikoClientTest {
    /** More than a channel window (2 MiB, both peers' default) each way. */
    private static final int BULK = 3 * 1024 * 1024 + 54_321;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path directory;

    private static OpenSshServer sshd;
    private static KeyPair user;
    private static TcpTarget echo;
    private static TcpTarget digest;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(OpenSshServer.available(), "OpenSSH sshd not installed or not root");
        user = KeyPairs.generate("ssh-ed25519");
        // both sshd's defaults, written out: what this test depends on
        sshd = OpenSshServer.start(directory, List.of(user), "AllowTcpForwarding yes", "GatewayPorts no");
        echo = TcpTarget.start(TcpTarget.Mode.ECHO);
        digest = TcpTarget.start(TcpTarget.Mode.DIGEST_AFTER_EOF);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sshd != null) {
            sshd.close();
        }
        if (echo != null) {
            echo.close();
            digest.close();
        }
    }

    private static Transport connect(OpenSshServer server) throws Exception {
        Transport transport = Amiko.connect("127.0.0.1", server.port());
        transport.startClient((peer, type, key) -> server.hostKeys().contains(key));
        transport.authPublickey("root", user);
        return transport;
    }

    @Test
    void localForwardingCarriesBulkDataAndHalfCloses() throws Exception {
        try (Transport transport = connect(sshd);
                LocalPortForwarding toEcho = LocalPortForwarding.start(transport,
                        new InetSocketAddress("127.0.0.1", 0), "127.0.0.1", echo.port());
                LocalPortForwarding toDigest = LocalPortForwarding.start(transport,
                        new InetSocketAddress("127.0.0.1", 0), "127.0.0.1", digest.port())) {
            assertNotEquals(0, toEcho.localAddress().getPort());
            TcpTarget.assertEchoed(toEcho.localAddress(), BULK);
            TcpTarget.assertEchoed(toEcho.localAddress(), 1);
            TcpTarget.assertDigestReply(toDigest.localAddress(), BULK);
            TcpTarget.assertDigestReply(toDigest.localAddress(), 0);
            assertTrue(transport.isActive());

            toEcho.close();
            assertFalse(toEcho.isOpen());
            assertTrue(TcpTarget.refuses(toEcho.localAddress()), "still listening after close");
            // the connection and its other forwardings go on
            TcpTarget.assertDigestReply(toDigest.localAddress(), 100);
            try (LocalPortForwarding again = LocalPortForwarding.start(transport,
                    new InetSocketAddress("127.0.0.1", 0), "127.0.0.1", echo.port())) {
                TcpTarget.assertEchoed(again.localAddress(), 100);
            }
        }
    }

    /** OpenSSH's Unix socket forwarding (PROTOCOL section 2.4) both ways, which sshd allows by default. */
    @Test
    void unixSocketForwardingsBothWays() throws Exception {
        Path sshdSide = directory.resolve("sshd-side.sock");
        try (Transport transport = connect(sshd);
                ServerSocketChannel unixEcho = PortForwardingOpenSshClientTest.unixEcho(sshdSide);
                LocalPortForwarding toSocket = LocalPortForwarding.startToSocket(transport,
                        new InetSocketAddress("127.0.0.1", 0), sshdSide.toString())) {
            TcpTarget.assertEchoed(toSocket.localAddress(), BULK);

            RemotePortForwarding remote = RemotePortForwarding.on(transport);
            Path listened = directory.resolve("sshd-listens.sock");
            remote.forwardSocket(listened.toString(), new InetSocketAddress("127.0.0.1", echo.port()));
            try (SocketChannel socket = SocketChannel.open(UnixDomainSocketAddress.of(listened))) {
                socket.write(ByteBuffer.wrap("through sshd's socket".getBytes(StandardCharsets.US_ASCII)));
                socket.shutdownOutput();
                ByteBuffer back = ByteBuffer.allocate(64);
                while (back.hasRemaining() && socket.read(back) >= 0) {
                    // until the echo ends
                }
                assertEquals("through sshd's socket",
                        new String(back.array(), 0, back.position(), StandardCharsets.US_ASCII));
            }
            assertTrue(remote.cancelSocket(listened.toString()));
        }
    }

    /** Several connections through one forwarding at once, and each direction at once on one connection. */
    @Test
    void concurrentConnectionsBothWays() throws Exception {
        try (Transport transport = connect(sshd);
                LocalPortForwarding local = LocalPortForwarding.start(transport,
                        new InetSocketAddress("127.0.0.1", 0), "127.0.0.1", echo.port());
                RemotePortForwarding remote = RemotePortForwarding.on(transport)) {
            int port = remote.forward("localhost", 0, echo.address());
            CompletableFuture<Void> remoteSide = CompletableFuture.runAsync(() -> {
                try {
                    TcpTarget.assertEchoedConcurrently(new InetSocketAddress("127.0.0.1", port), 4, 512 * 1024 + 3);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, runnable -> {
                Thread thread = new Thread(runnable, "remote-side");
                thread.setDaemon(true);
                thread.start();
            });
            TcpTarget.assertEchoedConcurrently(local.localAddress(), 4, 512 * 1024 + 5);
            remoteSide.get(TcpTarget.CONNECTION_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** The client cannot reach its target for a forwarded-tcpip channel: sshd closes the connection it accepted. */
    @Test
    void remoteForwardingToAClosedTargetClosesTheConnection() throws Exception {
        int closed = OpenSshServer.freePort();
        try (Transport transport = connect(sshd); RemotePortForwarding remote = RemotePortForwarding.on(transport)) {
            int port = remote.forward("localhost", 0, new InetSocketAddress("127.0.0.1", closed));
            TcpTarget.assertClosedWithoutData(new InetSocketAddress("127.0.0.1", port));
            TcpTarget.assertClosedWithoutData(new InetSocketAddress("127.0.0.1", port));
            assertTrue(transport.isActive());
        }
    }

    /** sshd connects and fails: the open is refused as CONNECT_FAILED with sshd's reason. */
    @Test
    void directTcpipToAClosedPortIsConnectFailed() throws Exception {
        int closed = OpenSshServer.freePort();
        try (Transport transport = connect(sshd)) {
            ChannelOpenException refused = assertThrows(ChannelOpenException.class,
                    () -> transport.openDirectTcpip("127.0.0.1", closed, new InetSocketAddress("127.0.0.1", 4711)));
            assertEquals(OpenChannelResult.CONNECT_FAILED, refused.getReason(), refused.getMessage());
            assertTrue(refused.getDescription().contains("Connection refused"), refused.getDescription());

            // the LocalPortForwarding way: the local connection is closed, the transport goes on
            try (LocalPortForwarding forwarding = LocalPortForwarding.start(transport,
                    new InetSocketAddress("127.0.0.1", 0), "127.0.0.1", closed)) {
                TcpTarget.assertClosedWithoutData(forwarding.localAddress());
            }
            assertTrue(transport.isActive());
        }
    }

    @Test
    void remoteForwardingOnAPortSshdPicksThenCancel() throws Exception {
        try (Transport transport = connect(sshd); RemotePortForwarding remote = RemotePortForwarding.on(transport)) {
            int port = remote.forward("localhost", 0, echo.address());
            assertNotEquals(0, port);
            InetSocketAddress forwarded = new InetSocketAddress("127.0.0.1", port);
            TcpTarget.assertEchoed(forwarded, BULK);
            TcpTarget.assertEchoed(forwarded, 1);

            assertTrue(remote.cancel("localhost", port));
            // sshd closes the listener before it answers the cancel
            assertTrue(TcpTarget.refuses(forwarded), "sshd still listens after cancel-tcpip-forward");
            assertFalse(remote.cancel("localhost", port), "a second cancel of the same port");
            assertTrue(transport.isActive());
        }
    }

    @Test
    void remoteForwardingOnANamedPortHalfCloses() throws Exception {
        int port = OpenSshServer.freePort();
        try (Transport transport = connect(sshd); RemotePortForwarding remote = RemotePortForwarding.on(transport)) {
            assertEquals(port, remote.forward("127.0.0.1", port, digest.address()));
            InetSocketAddress forwarded = new InetSocketAddress("127.0.0.1", port);
            TcpTarget.assertDigestReply(forwarded, BULK);
            TcpTarget.assertDigestReply(forwarded, 0);
            // GatewayPorts no: sshd bound loopback only
            assertEquals(Set.of("127.0.0.1"), TcpTarget.listeningAddresses(port));
        }
        // close() cancelled it, and the connection ended anyway
        TcpTarget.awaitRefused(new InetSocketAddress("127.0.0.1", port), WAIT);
    }

    /** {@code AllowTcpForwarding no}: both kinds are refused and the connection goes on. */
    @Test
    void sshdThatForbidsForwardingRefusesBothKinds() throws Exception {
        Path other = Files.createDirectories(directory.resolve("no-forwarding"));
        try (OpenSshServer forbidding = OpenSshServer.start(other, List.of(user), "AllowTcpForwarding no");
                Transport transport = connect(forbidding)) {
            ChannelOpenException refused = assertThrows(ChannelOpenException.class,
                    () -> transport.openDirectTcpip("127.0.0.1", echo.port(), new InetSocketAddress("127.0.0.1", 4711)));
            assertEquals(OpenChannelResult.ADMINISTRATIVELY_PROHIBITED, refused.getReason(), refused.getMessage());

            try (RemotePortForwarding remote = RemotePortForwarding.on(transport)) {
                assertThrows(SshException.class, () -> remote.forward("localhost", 0, echo.address()));
            }
            assertTrue(transport.isActive());
        }
    }
}
