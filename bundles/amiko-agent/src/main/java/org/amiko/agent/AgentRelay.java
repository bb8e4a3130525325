// SPDX-License-Identifier: Apache-2.0
package org.amiko.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import org.amiko.Channel;

/**
 * Copies bytes both ways between an SSH channel and an agent socket until either side ends, as
 * every forwarded agent connection needs (OpenSSH PROTOCOL.agent): the agent protocol itself
 * passes through untouched. Either side's end ends the other: the channel's close closes the socket.
 */
final class AgentRelay {
    private AgentRelay() {}

    /** Relays until the channel or the socket ends, then closes both. */
    static void relay(Channel channel, SocketChannel socket) throws IOException {
        // a closed channel ends the socket too: the program at its other end may never close it,
        // and both copying threads would wait on it for good
        channel.whenClosed().thenRun(() -> {
            try {
                socket.close();
            } catch (IOException e) {
                // closed already
            }
        });
        Thread toSocket = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = channel.getInputStream()) {
                int count;
                while ((count = in.read(buffer)) >= 0) {
                    ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, count);
                    while (chunk.hasRemaining()) {
                        socket.write(chunk);
                    }
                }
            } catch (IOException e) {
                // one side ended; the other copy notices when the socket closes
            } finally {
                try {
                    socket.shutdownOutput();
                } catch (IOException e) {
                    // already closed
                }
            }
        }, "amiko-agent-relay");
        toSocket.setDaemon(true);
        toSocket.start();
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        try (socket; OutputStream out = channel.getOutputStream()) {
            while (socket.read(buffer) >= 0) {
                out.write(buffer.array(), 0, buffer.position());
                out.flush();
                buffer.clear();
            }
        } finally {
            channel.close();
        }
    }
}
