// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.StreamSupport;
import org.amiko.ChannelHandler;
import org.amiko.ChannelOpenException;
import org.amiko.OpenChannelResult;
import org.amiko.StreamLocal;
import org.amiko.TcpipAddresses;
import org.amiko.spi.wire.PeerText;

/**
 * The far end of a forwarded connection: the host and port that a {@code direct-tcpip} channel
 * (server side) or a {@code forwarded-tcpip} channel (client side) is carried to (RFC 4254 section
 * 7.2). The name lookup and the connect run on a thread of their own, so the connection that asked
 * goes on meanwhile, and the channel is confirmed only once they succeed.
 */
final class ForwardTarget {
    /** How long a connect may take before the open is refused; the kernel's own limit is minutes. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);

    private ForwardTarget() {}

    /**
     * Connects to {@code host:port}; the stage completes with the handler that relays a channel to
     * the socket, or fails with a {@link ChannelOpenException} of reason
     * {@link OpenChannelResult#CONNECT_FAILED} that says why, as sshd's "Connection refused".
     */
    static CompletableFuture<ChannelHandler> connect(String host, int port) {
        return connect(() -> tcp(host, port));
    }

    /** As {@link #connect(String, int)} for the Unix domain socket at {@code path} (OpenSSH PROTOCOL 2.4). */
    static CompletableFuture<ChannelHandler> connectUnix(String path) {
        return connect(() -> unix(Path.of(path)));
    }

    /** A TCP connection to {@code host:port}, within {@link #CONNECT_TIMEOUT}, without Nagle's delay. */
    static SocketChannel tcp(String host, int port) throws IOException {
        SocketChannel socket = SocketChannel.open();
        try {
            socket.socket().connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
            socket.socket().setTcpNoDelay(true);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** A connection to the Unix domain socket at {@code path}. */
    static SocketChannel unix(Path path) throws IOException {
        SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            socket.connect(UnixDomainSocketAddress.of(path));
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Makes a connected socket; runs on a thread of its own. */
    @FunctionalInterface
    interface Connector {
        SocketChannel connect() throws IOException;
    }

    private static CompletableFuture<ChannelHandler> connect(Connector connector) {
        return connect(connector, open -> channel -> ChannelRelay.relay(channel, open));
    }

    /**
     * Connects with {@code connector} on a thread of its own; the stage completes with what
     * {@code carrier} makes of the connected socket, or fails as {@link #connect(String, int)} does.
     */
    static CompletableFuture<ChannelHandler> connect(Connector connector, Function<SocketChannel, ChannelHandler> carrier) {
        CompletableFuture<ChannelHandler> connected = new CompletableFuture<>();
        Thread connecting = new Thread(() -> {
            try {
                SocketChannel open = connector.connect();
                if (!connected.complete(carrier.apply(open))) {
                    open.close(); // given up on meanwhile
                }
            } catch (IOException | RuntimeException e) {
                connected.completeExceptionally(new ChannelOpenException(OpenChannelResult.CONNECT_FAILED, why(e)));
            }
        }, "amiko-forward-connect");
        connecting.setDaemon(true);
        connecting.start();
        return connected;
    }

    /** The addresses of a {@code direct-tcpip} or {@code forwarded-tcpip} open, or null when malformed. */
    static TcpipAddresses addresses(byte[] data) {
        try {
            return TcpipAddresses.decode(data);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The socket path of a Unix socket open (OpenSSH PROTOCOL section 2.4), checked as {@link #checkedPath}. */
    static String socketPath(byte[] data) {
        try {
            return checkedPath(StreamLocal.path(data));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * A socket path normalised, or null when relative or climbing with {@code ..}: a policy that
     * allows a directory must not be led out of it by the path's text. Symbolic links are not
     * resolved.
     */
    static String checkedPath(String text) {
        try {
            Path path = Path.of(text);
            if (!path.isAbsolute() || StreamSupport.stream(path.spliterator(), false)
                    .anyMatch(part -> part.toString().equals(".."))) {
                return null;
            }
            return path.normalize().toString();
        } catch (IllegalArgumentException e) { // InvalidPathException: a NUL, say
            return null;
        }
    }

    /** Peer text (a host, a socket path, an exception repeating one) as it may go into a log. */
    static String printable(String text) {
        return PeerText.printable(text, 256);
    }

    /** An open refused with {@code reason}. */
    static CompletionStage<ChannelHandler> refuse(OpenChannelResult reason, String description) {
        return CompletableFuture.failedStage(new ChannelOpenException(reason, description));
    }

    private static String why(Exception e) {
        if (e instanceof UnknownHostException) {
            return "unknown host";
        }
        if (e instanceof SocketTimeoutException) {
            return "connect timed out";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
