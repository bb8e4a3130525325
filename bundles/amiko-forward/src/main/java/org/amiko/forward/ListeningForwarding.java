// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.amiko.Transport;

/**
 * What the forwardings that listen on this side share (the client's {@code ssh -L} and
 * {@code ssh -D}, the server's X11 display): the listening socket, a TCP/IP one or a Unix domain
 * socket made private to this account ({@link PrivateSocket}), which stops with {@link #close()}
 * or when the transport ends, while connections already forwarded go on.
 */
abstract class ListeningForwarding implements AutoCloseable {
    /**
     * The originator a channel names for a connection accepted on a Unix socket, which has no
     * address: what ssh names, a loopback address and port 65535, for peers that check it.
     */
    private static final InetSocketAddress UNIX_ORIGINATOR = new InetSocketAddress("127.0.0.1", 65535);

    final Transport transport;
    /** The TCP address bound, or null for a Unix socket; set before {@link #listen} returns. */
    private volatile InetSocketAddress bound;
    /** Whether the listening socket is open; set once bound, read by any thread. */
    private volatile BooleanSupplier listening = () -> false;
    /**
     * What stops the listening while it is open: what the transport's end runs. Emptied by
     * {@link #close}, and the transport's hook holds only this, so a closed forwarding is not kept
     * until the transport ends.
     */
    private final AtomicReference<Runnable> open = new AtomicReference<>();

    ListeningForwarding(Transport transport) {
        this.transport = transport;
    }

    /**
     * Binds {@code address}, a TCP/IP address or a Unix domain socket's, and hands each
     * connection to {@link #forward}, until closed.
     */
    final void listen(SocketAddress address, String threadName) throws IOException {
        Runnable stop;
        if (address instanceof UnixDomainSocketAddress unix) {
            PrivateSocket socket = PrivateSocket.listen(unix.getPath(), threadName + "unix", this::forward);
            listening = socket::isOpen;
            stop = socket::close;
        } else {
            SocketListener socket = SocketListener.start(address, threadName, this::forward);
            bound = (InetSocketAddress) socket.localAddress();
            listening = socket::isOpen;
            stop = socket::close;
        }
        open.set(stop);
        AtomicReference<Runnable> stillOpen = open;
        transport.whenClosed().thenRun(() -> stop(stillOpen));
    }

    /** Carries one accepted connection, on a thread of its own. */
    abstract void forward(SocketChannel socket);

    /**
     * The address listened on, with the port the system picked if 0 was asked for; null for a
     * Unix domain socket, whose path is the one listened on.
     */
    public final InetSocketAddress localAddress() {
        return bound;
    }

    /** Whether the listener is still open. */
    public final boolean isOpen() {
        return listening.getAsBoolean();
    }

    /** Stops listening (and removes a Unix socket it made); forwarded connections go on. */
    @Override
    public final void close() {
        stop(open);
    }

    /** The originator of a connection accepted here, as a {@code direct-tcpip} channel names it (RFC 4254 section 7.2). */
    static InetSocketAddress originator(SocketChannel socket) throws IOException {
        return socket.getRemoteAddress() instanceof InetSocketAddress inet ? inet : UNIX_ORIGINATOR;
    }

    private static void stop(AtomicReference<Runnable> open) {
        Runnable stop = open.getAndSet(null);
        if (stop != null) {
            stop.run();
        }
    }
}
