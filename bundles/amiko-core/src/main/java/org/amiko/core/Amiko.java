// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.function.Supplier;
import org.amiko.Transport;
import org.amiko.core.internal.ServerDeadline;
import org.amiko.core.internal.SshTransport;

/**
 * Where transports come from: the factory of the Amiko engine.
 *
 * <pre>{@code
 * try (Transport t = Amiko.connect("example.org", 22)) {
 *     t.startClient(HostKeyVerifier.exactly(knownKey));
 *     t.authPublickey("me", KeyFiles.load(Path.of("id_ed25519"), null));
 *     Channel c = t.openSession();
 *     c.exec("uname -a");
 *     System.out.print(new String(c.getInputStream().readAllBytes()));
 *     System.out.println("exit " + c.recvExitStatus());
 * }
 * }</pre>
 *
 * <p>Outside OSGi the algorithms are those {@link java.util.ServiceLoader} finds
 * ({@link AlgorithmCatalog#fromServiceLoader()}); inside OSGi pass the runtime's live catalog.
 */
public final class Amiko {
    private static volatile AlgorithmCatalog defaultCatalog;

    private Amiko() {}

    /** Connects to {@code host:port} over TCP; call {@link Transport#startClient} next. */
    public static Transport connect(String host, int port) throws IOException {
        return connect(new InetSocketAddress(host, port), TransportSettings.defaults(), Amiko::defaultCatalog);
    }

    /**
     * Connects with explicit settings and algorithm catalog, waiting at most
     * {@link TransportSettings#connectTimeout()} for the TCP connection.
     */
    public static Transport connect(InetSocketAddress address, TransportSettings settings,
            Supplier<AlgorithmCatalog> catalog) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.socket().connect(address, (int) settings.connectTimeout().toMillis());
        } catch (SocketTimeoutException e) {
            channel.close();
            SocketTimeoutException timedOut = new SocketTimeoutException("no TCP connection to " + address
                    + " within " + ServerDeadline.describe(settings.connectTimeout()));
            timedOut.initCause(e);
            throw timedOut;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new SshTransport(channel, settings, catalog);
    }

    /** A transport over a connected {@link SocketChannel}, for the client or the server role. */
    public static Transport transport(SocketChannel channel) {
        return new SshTransport(channel, TransportSettings.defaults(), Amiko::defaultCatalog);
    }

    /** As {@link #transport(SocketChannel)} with explicit settings and catalog. */
    public static Transport transport(SocketChannel channel, TransportSettings settings,
            Supplier<AlgorithmCatalog> catalog) {
        return new SshTransport(channel, settings, catalog);
    }

    /**
     * A client transport over a connected socket whose other end is not the SSH peer but leads to
     * it: a Unix socket to a tunnel (a channel of a connection to a jump host, as {@code ssh -J}
     * uses one, or a {@code ProxyCommand}'s standard streams). {@code peerName} is the peer as
     * host key verification and operators see it, usually
     * {@code InetSocketAddress.createUnresolved(host, port)}.
     *
     * @since 1.1
     */
    public static Transport transport(SocketChannel channel, InetSocketAddress peerName, TransportSettings settings,
            Supplier<AlgorithmCatalog> catalog) {
        return new SshTransport(channel, peerName, settings, catalog);
    }

    /**
     * A transport over a socket that has a channel (one from {@link SocketChannel#open()} or a
     * {@link java.nio.channels.ServerSocketChannel}); the engine needs non-blocking I/O.
     *
     * @throws IllegalArgumentException for a plain {@code java.net.Socket} without a channel
     */
    public static Transport transport(Socket socket) {
        if (socket.getChannel() == null) {
            throw new IllegalArgumentException("the socket has no SocketChannel; open it with SocketChannel.open() "
                    + "or accept it from a ServerSocketChannel");
        }
        return transport(socket.getChannel());
    }

    /** The algorithms {@link java.util.ServiceLoader} finds, loaded once. */
    public static AlgorithmCatalog defaultCatalog() {
        AlgorithmCatalog catalog = defaultCatalog;
        if (catalog == null) {
            synchronized (Amiko.class) {
                catalog = defaultCatalog;
                if (catalog == null) {
                    catalog = AlgorithmCatalog.fromServiceLoader();
                    defaultCatalog = catalog;
                }
            }
        }
        return catalog;
    }
}
