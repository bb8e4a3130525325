// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.amiko.keys.KeyPairs;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenSSH's Unix socket forwarding (PROTOCOL section 2.4) with OpenSSH's {@code ssh} against the
 * Amiko server: {@code ssh -L port:/path} reaches a Unix socket on the server's side, and
 * {@code ssh -R /path:host:port} makes the server listen on one.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StreamLocalForwardingTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int BULK = 3 * 1024 * 1024 + 77;

    @TempDir
    static Path directory;

    private static TestServer server;
    private static OpenSshClient ssh;
    private static Path identity;
    private static TcpTarget echo;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH client not installed");
        server = TestServer.start();
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        server.authorize(user.getPublic());
        ssh = new OpenSshClient(directory, server.port(), server.keys());
        identity = ssh.identity("id_ed25519", user);
        echo = TcpTarget.start(TcpTarget.Mode.ECHO);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (echo != null) {
            echo.close();
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
