// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;


import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.function.Predicate;
import org.amiko.Channel;
import org.amiko.HostKeyVerifier;
import org.amiko.OpenChannelResult;
import org.amiko.Transport;
import org.amiko.core.Amiko;
import org.amiko.core.SshServer;
import org.amiko.core.TransportSettings;
import org.amiko.server.AuthResult;
import org.amiko.server.ServerInterface;
import org.amiko.server.X11Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * For the forwarding tests: an Amiko server that lets anyone in and forwards within
 * {@link #policy}, which a test may change at any time, a client logged in to it, and a TCP echo
 * service, all on loopback.
 */
@Timeout(60)
abstract class ForwardingFixture {
    static final String LOOPBACK = "127.0.0.1";

    final EchoService echo = new EchoService();
    ForwardingPolicy policy = new ForwardingPolicy() {
        @Override
        public boolean allowsOpen(String host, int port) {
            return host.equals(LOOPBACK) && port == echo.port();
        }

        @Override
        public boolean allowsListen(String address, int port) {
            return port == 0 || port >= 1024;
        }
    };
    private KeyPair hostKey;
    SshServer server;
    Transport client;

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
        // the policy is read at each request, so a test may change it after the server started
        ServerForwarding forwarding = ServerForwarding.start(transport, ForwardingPolicy.following(() -> policy));
        return new ForwardingServerInterface() {
            @Override
            public ServerForwarding forwarding() {
                return forwarding;
            }

            @Override
            public AuthResult checkAuthNone(String username) {
                return AuthResult.SUCCESSFUL;
            }
        };
    }

    @TempDir
    Path directory;

    /** For the X11 tests: a server that lets anyone in, opens any channel, and answers x11-req with {@code grant}. */
    static ServerInterface grantingX11(Predicate<X11Request> grant) {
        return new ServerInterface() {
            @Override
            public AuthResult checkAuthNone(String username) {
                return AuthResult.SUCCESSFUL;
            }

            @Override
            public OpenChannelResult checkChannelRequest(String type, int channelId) {
                return OpenChannelResult.SUCCEEDED;
            }

            @Override
            public boolean checkChannelX11Request(Channel channel, X11Request request) {
                return grant.test(request);
            }
        };
    }

    static ServerSocketChannel unixEcho(Path path) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(path));
        Thread acceptor = new Thread(() -> {
            while (listener.isOpen()) {
                try {
                    SocketChannel connection = listener.accept();
                    Thread echo = new Thread(() -> {
                        try (connection) {
                            ByteBuffer buffer = ByteBuffer.allocate(8192);
                            while (connection.read(buffer) >= 0) {
                                buffer.flip();
                                while (buffer.hasRemaining()) {
                                    connection.write(buffer);
                                }
                                buffer.clear();
                            }
                        } catch (IOException e) {
                            // the test ended
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
        return listener;
    }

    /** Unix socket forwarding to and from sockets in {@code root}, nothing else. */
    static ForwardingPolicy socketsUnder(Path root) {
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

    static ForwardingPolicy allowAll() {
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
    static byte[] roundTrip(InetSocketAddress address, byte[] data) throws Exception {
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
    static final class EchoService implements AutoCloseable {
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
