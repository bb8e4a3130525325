// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * A listening socket of a forwarding, with the thread that accepts on it: each connection is
 * handed to the forwarding on a thread of its own, since it soon blocks on a channel open and then
 * relays for as long as the connection lives. At most {@link #MAX_CONNECTIONS} are carried at
 * once; more are closed as they arrive, so a flood of connections cannot take every thread.
 */
final class SocketListener {
    private static final System.Logger LOG = System.getLogger("org.amiko.forward");
    /** A signalled accept returns at once; this only bounds a stop on a stalled machine. */
    private static final long STOP_WAIT_MILLIS = 5_000;
    /** Connections one listener carries at once: four times OpenSSH's default channel limit per connection. */
    static final int MAX_CONNECTIONS = 256;

    private final ServerSocketChannel socket;
    private final SocketAddress bound;
    private final Thread acceptor;
    private final Consumer<SocketChannel> connections;
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    /** Whether the last connection was refused for want of a slot (the accepting thread's own). */
    private boolean saturated;

    private SocketListener(ServerSocketChannel socket, String name, Consumer<SocketChannel> connections)
            throws IOException {
        this.socket = socket;
        this.bound = socket.getLocalAddress();
        this.connections = connections;
        this.acceptor = new Thread(this::acceptLoop,
                bound instanceof InetSocketAddress inet ? name + inet.getPort() : name);
        acceptor.setDaemon(true);
    }

    /**
     * Binds {@code address}, a TCP/IP or a Unix domain socket address, and starts accepting.
     *
     * @param name the accepting thread's name, before the port
     * @param connections what serves each accepted connection, on a new thread
     * @throws IOException if the address cannot be bound
     */
    static SocketListener start(SocketAddress address, String name, Consumer<SocketChannel> connections)
            throws IOException {
        ServerSocketChannel socket = address instanceof UnixDomainSocketAddress
                ? ServerSocketChannel.open(StandardProtocolFamily.UNIX) : ServerSocketChannel.open();
        SocketListener listener;
        try {
            socket.bind(address);
            listener = new SocketListener(socket, name, connections);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        listener.acceptor.start();
        return listener;
    }

    SocketAddress localAddress() {
        return bound;
    }

    boolean isOpen() {
        return socket.isOpen();
    }

    private void acceptLoop() {
        try {
            while (true) {
                SocketChannel accepted = socket.accept();
                if (!slots.tryAcquire()) {
                    // once per saturation, not per connection: the flood this guards against must
                    // not become a flood of log lines
                    if (!saturated) {
                        saturated = true;
                        LOG.log(Level.WARNING, "connections to {0} closed as they come: {1} are carried already",
                                bound, MAX_CONNECTIONS);
                    }
                    ChannelRelay.closeQuietly(accepted);
                    continue;
                }
                saturated = false;
                Thread serving = new Thread(() -> {
                    try {
                        connections.accept(accepted);
                    } finally {
                        slots.release();
                    }
                }, acceptor.getName() + "-relay");
                serving.setDaemon(true);
                serving.start();
            }
        } catch (ClosedChannelException e) {
            // closed: the end of the forwarding
        } catch (IOException e) {
            LOG.log(Level.WARNING, "listening on {0} stopped: {1}", bound, e.getMessage());
            close();
        }
    }

    /**
     * Closes the socket and waits for the accepting thread to leave {@code accept}: the socket of
     * a blocking channel is released only then, and until it is, connections are still accepted
     * by the kernel, and a new listener on the port fails to bind.
     */
    void close() {
        ChannelRelay.closeQuietly(socket);
        if (acceptor != Thread.currentThread()) {
            try {
                acceptor.join(STOP_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
