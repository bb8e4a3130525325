// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amiko.forward.ForwardingPolicy;
import org.amiko.keys.KeyPairs;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenSSH's {@code ssh -N -L} and {@code ssh -N -R} against the Amiko server
 * ({@link TestServer}, serving RFC 4254 section 7 through {@code ServerForwarding}): bulk data
 * both ways through each kind of forwarding, a half close that still gets its reply, a port the
 * server picks ({@code -R 0:...}), the listener ending with the connection, and refusals as ssh
 * reports them ("administratively prohibited", "Connection refused", and
 * {@code ExitOnForwardFailure}); and OpenSSH's Unix socket forwarding (PROTOCOL section 2.4),
 * {@code ssh -L port:/path} to a socket on the server's side and {@code ssh -R /path:host:port}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PortForwardingOpenSshClientTest {
    /** More than a channel window (2 MiB, both peers' default) each way, so window adjusts must flow. */
    private static final int BULK = 3 * 1024 * 1024 + 12_345;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path directory;

    private static TestServer server;
    private static OpenSshClient ssh;
    private static Path identity;
    private static TcpTarget echo;
    private static TcpTarget digest;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH client not installed");
        server = TestServer.start();
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        server.authorize(user.getPublic());
        ssh = new OpenSshClient(directory, server.port(), server.keys());
        identity = ssh.identity("id_ed25519", user);
        echo = TcpTarget.start(TcpTarget.Mode.ECHO);
        digest = TcpTarget.start(TcpTarget.Mode.DIGEST_AFTER_EOF);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (echo != null) {
            echo.close();
            digest.close();
        }
    }

    /** {@code ssh -N -L 127.0.0.1:P:127.0.0.1:TARGET}, once ssh says it listens. */
    private static WatchedProcess localForward(int listenPort, int targetPort, String... options) throws Exception {
        WatchedProcess process = WatchedProcess.start(ssh.forwarding(identity,
                List.of("-L", "127.0.0.1:" + listenPort + ":127.0.0.1:" + targetPort), options));
        try {
            // printed before the bind: the listener's channel is made only once it listens
            process.awaitStderr(Pattern.compile("Local forwarding listening on 127\\.0\\.0\\.1 port " + listenPort
                    + "\\."), WAIT);
            process.awaitStderr(Pattern.compile("channel \\d+: new port-listener"), WAIT);
            return process;
        } catch (Throwable e) {
            process.close();
            throw e;
        }
    }

    @Test
    void localForwardCarriesBulkDataBothWays() throws Exception {
        int port = OpenSshServer.freePort();
        try (WatchedProcess process = localForward(port, echo.port())) {
            InetSocketAddress forwarded = new InetSocketAddress("127.0.0.1", port);
            int before = echo.accepted();
            TcpTarget.assertEchoed(forwarded, BULK);
            // a second connection through the same listener: a channel per connection
            TcpTarget.assertEchoed(forwarded, 1000);
            assertEquals(before + 2, echo.accepted());
        }
    }

    /** Several connections through one {@code -L} at once: a channel each, none mixed or stalled. */
    @Test
    void localForwardCarriesConcurrentConnections() throws Exception {
        int port = OpenSshServer.freePort();
        try (WatchedProcess process = localForward(port, echo.port())) {
            TcpTarget.assertEchoedConcurrently(new InetSocketAddress("127.0.0.1", port), 6, 512 * 1024 + 7);
        }
    }

    /** The client shuts its output; its end of data reaches the target, whose reply still comes back. */
    @Test
    void localForwardHalfCloseStillGetsTheReply() throws Exception {
        int port = OpenSshServer.freePort();
        try (WatchedProcess process = localForward(port, digest.port())) {
            TcpTarget.assertDigestReply(new InetSocketAddress("127.0.0.1", port), BULK);
            TcpTarget.assertDigestReply(new InetSocketAddress("127.0.0.1", port), 0);
        }
    }

    /** The server cannot connect: the open fails with CONNECT_FAILED and the reason, as sshd's "Connection refused". */
    @Test
    void localForwardToAClosedPortIsConnectFailed() throws Exception {
        int closed = OpenSshServer.freePort();
        int port = OpenSshServer.freePort();
        try (WatchedProcess process = localForward(port, closed)) {
            TcpTarget.assertClosedWithoutData(new InetSocketAddress("127.0.0.1", port));
            process.awaitStderr(Pattern.compile("open failed: connect failed: .*[Cc]onnection refused"), WAIT);
        }
    }

    @Test
    void refusedLocalForwardIsAdministrativelyProhibited() throws Exception {
        try (TestServer refusing = TestServer.start().forwarding(ForwardingPolicy.NONE)) {
            OpenSshClient client = new OpenSshClient(Files.createDirectories(directory.resolve("refusing-L")),
                    refusing.port(), refusing.keys());
            KeyPair user = KeyPairs.generate("ssh-ed25519");
            refusing.authorize(user.getPublic());
            Path key = client.identity("id_ed25519", user);
            int port = OpenSshServer.freePort();
            try (WatchedProcess process = WatchedProcess.start(client.forwarding(key,
                    List.of("-L", "127.0.0.1:" + port + ":127.0.0.1:" + echo.port())))) {
                process.awaitStderr(Pattern.compile("channel \\d+: new port-listener"), WAIT);
                int before = echo.accepted();
                TcpTarget.assertClosedWithoutData(new InetSocketAddress("127.0.0.1", port));
                process.awaitStderr(Pattern.compile("open failed: administratively prohibited"), WAIT);
                assertEquals(before, echo.accepted(), "the refused forwarding reached its target");
            }
        }
    }

    /** {@code -R P:...} on a port the client names; connecting to it on the server side reaches the client's target. */
    @Test
    void remoteForwardOnANamedPort() throws Exception {
        int port = OpenSshServer.freePort();
        try (WatchedProcess process = WatchedProcess.start(ssh.forwarding(identity,
                List.of("-R", port + ":127.0.0.1:" + echo.port()), "ExitOnForwardFailure=yes"))) {
            process.awaitStderr(Pattern.compile("remote forward success for: listen " + port + ","), WAIT);
            InetSocketAddress forwarded = new InetSocketAddress("127.0.0.1", port);
            TcpTarget.assertEchoed(forwarded, BULK);
            TcpTarget.assertEchoed(forwarded, 1);
            // ssh asked for "localhost" and the server has no gateway ports: loopback only
            assertEquals(Set.of("127.0.0.1"), TcpTarget.listeningAddresses(port));
        }
    }

    /**
     * {@code -R 0:...}: the server picks the port and tells it in its reply, which ssh prints as
     * "Allocated port N for remote forward"; the listener ends with the connection.
     */
    @Test
    void remoteForwardOnAPortTheServerPicks() throws Exception {
        InetSocketAddress forwarded;
        try (WatchedProcess process = WatchedProcess.start(ssh.forwarding(identity,
                List.of("-R", "0:127.0.0.1:" + digest.port()), "ExitOnForwardFailure=yes"))) {
            Matcher allocated = process.awaitStderr(
                    Pattern.compile("Allocated port (\\d+) for remote forward to 127\\.0\\.0\\.1:" + digest.port()), WAIT);
            int port = Integer.parseInt(allocated.group(1));
            assertNotEquals(0, port);
            forwarded = new InetSocketAddress("127.0.0.1", port);
            TcpTarget.assertDigestReply(forwarded, BULK);
        }
        // ssh has gone, and the server's listener for it with the connection
        TcpTarget.awaitRefused(forwarded, WAIT);
    }

    /**
     * ssh cannot reach its target for a {@code forwarded-tcpip} channel and refuses it: the
     * server closes the connection it accepted, and goes on listening.
     */
    @Test
    void remoteForwardToAClosedTargetClosesTheConnection() throws Exception {
        int closed = OpenSshServer.freePort();
        try (WatchedProcess process = WatchedProcess.start(ssh.forwarding(identity,
                List.of("-R", "0:127.0.0.1:" + closed), "ExitOnForwardFailure=yes"))) {
            Matcher allocated = process.awaitStderr(Pattern.compile("Allocated port (\\d+) for remote forward"), WAIT);
            InetSocketAddress forwarded = new InetSocketAddress("127.0.0.1", Integer.parseInt(allocated.group(1)));
            TcpTarget.assertClosedWithoutData(forwarded);
            process.awaitStderr(Pattern.compile("connect_to 127\\.0\\.0\\.1 port " + closed + ": failed"), WAIT);
            TcpTarget.assertClosedWithoutData(forwarded);
            assertTrue(process.isAlive(), process::toString);
        }
    }

    /** With ExitOnForwardFailure ssh gives up on a refused {@code tcpip-forward}; without it, it warns. */
    @Test
    void refusedRemoteForwardMakesSshExitWithFailure() throws Exception {
        try (TestServer refusing = TestServer.start().forwarding(ForwardingPolicy.NONE)) {
            OpenSshClient client = new OpenSshClient(Files.createDirectories(directory.resolve("refusing-R")),
                    refusing.port(), refusing.keys());
            KeyPair user = KeyPairs.generate("ssh-ed25519");
            refusing.authorize(user.getPublic());
            Path key = client.identity("id_ed25519", user);
            try (WatchedProcess process = WatchedProcess.start(client.forwarding(key,
                    List.of("-R", "0:127.0.0.1:" + echo.port()), "ExitOnForwardFailure=yes"))) {
                assertEquals(255, process.awaitExit(WAIT), process::toString);
                process.awaitStderr(Pattern.compile("Error: remote port forwarding failed for listen port 0"), WAIT);
            }
            try (WatchedProcess process = WatchedProcess.start(client.forwarding(key,
                    List.of("-R", "0:127.0.0.1:" + echo.port())))) {
                process.awaitStderr(Pattern.compile("Warning: remote port forwarding failed for listen port 0"), WAIT);
            }
        }
    }

    @Test
    void localForwardToAUnixSocketOnTheServersSide() throws Exception {
        Path socketPath = directory.resolve("server-side.sock");
        try (ServerSocketChannel unixEcho = unixEcho(socketPath)) {
            int port = OpenSshServer.freePort();
            try (WatchedProcess process = WatchedProcess.start(ssh.forwarding(identity,
                    List.of("-L", "127.0.0.1:" + port + ":" + socketPath)))) {
                process.awaitStderr(Pattern.compile("channel \\d+: new port-listener"), WAIT);
                TcpTarget.assertEchoed(new InetSocketAddress("127.0.0.1", port), BULK);
            }
        }
    }

    @Test
    void remoteForwardFromAUnixSocketTheServerListensOn() throws Exception {
        Path socketPath = directory.resolve("client-forwarded.sock");
        try (WatchedProcess process = WatchedProcess.start(ssh.forwarding(identity,
                List.of("-R", socketPath + ":127.0.0.1:" + echo.port()), "ExitOnForwardFailure=yes"))) {
            process.awaitStderr(
                    Pattern.compile("remote forward success for: listen " + Pattern.quote(socketPath.toString())), WAIT);
            byte[] data = new byte[BULK];
            new Random(11).nextBytes(data);
            try (SocketChannel socket = SocketChannel.open(UnixDomainSocketAddress.of(socketPath))) {
                Thread writer = new Thread(() -> {
                    try {
                        ByteBuffer out = ByteBuffer.wrap(data);
                        while (out.hasRemaining()) {
                            socket.write(out);
                        }
                        socket.shutdownOutput();
                    } catch (IOException e) {
                        // the read below sees the end
                    }
                });
                writer.start();
                ByteBuffer back = ByteBuffer.allocate(BULK + 1);
                while (back.hasRemaining() && socket.read(back) >= 0) {
                    // reads until the echo ends, or more came back than was sent
                }
                writer.join();
                assertArrayEquals(data, Arrays.copyOf(back.array(), back.position()));
            }
        }
    }

    /** A Unix socket at {@code path} that echoes its connections, one at a time, each until its end of input. */
    static ServerSocketChannel unixEcho(Path path) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(path));
        Thread echoer = new Thread(() -> {
            while (listener.isOpen()) {
                try (SocketChannel connection = listener.accept()) {
                    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
                    while (connection.read(buffer) >= 0) {
                        buffer.flip();
                        while (buffer.hasRemaining()) {
                            connection.write(buffer);
                        }
                        buffer.clear();
                    }
                    connection.shutdownOutput();
                } catch (IOException e) {
                    // closed by the test, or the connection reset
                }
            }
        });
        echoer.setDaemon(true);
        echoer.start();
        return listener;
    }
}
