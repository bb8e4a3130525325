// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicReference;
import org.amiko.Transport;

/**
 * What the forwardings that listen on this side share (the client's {@code ssh -L} and
 * {@code ssh -D}, the server's X11 display): the listening socket, which stops with
 * {@link #close()} or when the transport ends, while connections already forwarded go on.
 */
abstract class ListeningForwarding implements AutoCloseable {
    final Transport transport;
    /** Set once bound; read by connection threads, which may start before {@link #listen} returns. */
    private volatile SocketListener listener;
    /**
     * The listener while it is open: what the transport's end closes. Emptied by {@link #close},
     * and the transport's hook holds only this, so a closed forwarding is not kept until the
     * transport ends.
     */
    private final AtomicReference<SocketListener> open = new AtomicReference<>();

    ListeningForwarding(Transport transport) {
        this.transport = transport;
    }

    /** Binds {@code address} and hands each connection to {@link #forward}, until closed. */
    final void listen(InetSocketAddress address, String threadName) throws IOException {
        SocketListener started = SocketListener.start(address, threadName, this::forward);
        listener = started;
        open.set(started);
        AtomicReference<SocketListener> stillOpen = open;
        transport.whenClosed().thenRun(() -> closeListener(stillOpen));
    }

    /** Carries one accepted connection, on a thread of its own. */
    abstract void forward(SocketChannel socket);

    /** The address listened on, with the port the system picked if 0 was asked for. */
    public final InetSocketAddress localAddress() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** Whether the listener is still open. */
    public final boolean isOpen() {
        return listener.isOpen();
    }

    /** Stops listening; forwarded connections go on. */
    @Override
    public final void close() {
        closeListener(open);
    }

    private static void closeListener(AtomicReference<SocketListener> open) {
        SocketListener bound = open.getAndSet(null);
        if (bound != null) {
            bound.close();
        }
    }
}
