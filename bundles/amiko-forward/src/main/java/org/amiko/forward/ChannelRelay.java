// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.amiko.Channel;

/**
 * Copies bytes both ways between an SSH channel and a socket, as every forwarded connection needs
 * (RFC 4254 sections 7.2 and 5.3; OpenSSH PROTOCOL.agent for agent sockets): what one side sends
 * passes to the other untouched. An end of data passes through as a half close, as sshd does: the
 * socket's end of input becomes the channel's EOF, and the channel's EOF shuts the socket's
 * output, so a request-then-reply protocol still gets its reply. Once both directions have ended,
 * or either side fails or closes, both are closed.
 */
public final class ChannelRelay {
    /** One channel data packet's worth: OpenSSH's default maximum packet is 32 KiB. */
    private static final int CHUNK = 32 * 1024;

    private ChannelRelay() {}

    /** Opens the channel that carries an accepted connection (RFC 4254 section 7.2). */
    @FunctionalInterface
    interface ChannelOpener {
        Channel open(SocketChannel socket) throws IOException;
    }

    /**
     * Opens a channel for {@code socket} and relays it; when the open fails, the socket is closed
     * and {@code failed} told why (a refusal is a {@link org.amiko.ChannelOpenException}).
     */
    static void openAndRelay(SocketChannel socket, ChannelOpener opener, Consumer<IOException> failed) {
        Channel channel;
        try {
            channel = opener.open(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            failed.accept(e);
            return;
        }
        relay(channel, socket);
    }

    /**
     * Relays until both directions have ended, then closes both sides; the calling thread carries
     * the socket-to-channel direction and a new daemon thread the other. A failure of either side
     * ends the relay; there is no one to tell but the other side, which is closed.
     */
    public static void relay(Channel channel, SocketChannel socket) {
        // a closed channel ends the socket too, once what it received is written: the program at
        // the socket's other end may never close it, and the copying threads would wait for good.
        // Two events, the channel's close and the end of its data written out; the second closes.
        AtomicInteger ends = new AtomicInteger();
        channel.whenClosed().thenRun(() -> {
            if (ends.getAndIncrement() == 1) {
                closeQuietly(socket);
            }
        });
        Thread toSocket = new Thread(() -> copyToSocket(channel, socket, ends), "amiko-relay-" + channel.getType());
        toSocket.setDaemon(true);
        toSocket.start();
        try {
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            OutputStream out = channel.getOutputStream();
            while (socket.read(buffer) >= 0) {
                out.write(buffer.array(), 0, buffer.position());
                out.flush();
                buffer.clear();
            }
            channel.shutdownOutput();
            toSocket.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // either side failed: both end below
        } finally {
            closeQuietly(socket);
            closeQuietly(channel);
        }
    }

    private static void copyToSocket(Channel channel, SocketChannel socket, AtomicInteger ends) {
        try {
            // the channel's stream writes from the received packets themselves; the socket is
            // blocking, so each write returns once all of it is written
            channel.getInputStream().transferTo(Channels.newOutputStream(socket));
            if (ends.getAndIncrement() == 1) {
                socket.close();
            } else {
                socket.shutdownOutput(); // the channel's EOF: the reply may still come
            }
        } catch (IOException e) {
            // a write to a reset socket, or the channel ended: the other direction cannot go on either
            closeQuietly(socket);
        }
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed, or ending anyway
        }
    }
}
