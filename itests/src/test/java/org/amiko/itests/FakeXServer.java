// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * Stands in for the X server of an ssh client that forwards X11: listens on loopback as display M
 * (TCP port 6000 + M, the first free M from a number) or on a Unix socket, reads one client's
 * connection setup (X Window System Protocol, "Connection Setup": byte order, protocol version,
 * authorization name and data) and refuses it with a Failed reply carrying {@link #REASON}, so
 * the X client exits.
 */
final class FakeXServer implements AutoCloseable {
    /** What the refusal says; Xlib prints it, so a test can see the reply came back. */
    static final String REASON = "fake X server refuses politely";

    /** What an X client sent to open its connection. */
    record Setup(char byteOrder, int majorVersion, int minorVersion, String authorizationName,
            byte[] authorizationData) {
    }

    private final ServerSocketChannel socket;
    private final int display;
    private final CompletableFuture<Setup> setup = new CompletableFuture<>();

    private FakeXServer(ServerSocketChannel socket, int display) {
        this.socket = socket;
        this.display = display;
        Thread serving = new Thread(this::serveOne, "fake-x-server");
        serving.setDaemon(true);
        serving.start();
    }

    /** Listens as the first free display from {@code firstDisplay}. */
    static FakeXServer start(int firstDisplay) throws IOException {
        for (int display = firstDisplay; ; display++) {
            ServerSocketChannel socket = ServerSocketChannel.open();
            try {
                socket.bind(new InetSocketAddress("127.0.0.1", 6000 + display));
                return new FakeXServer(socket, display);
            } catch (BindException inUse) {
                socket.close();
                assertTrue(display < firstDisplay + 100, "no free X display port from " + firstDisplay);
            }
        }
    }

    /** Listens on the Unix socket {@code path}, a display that {@code DISPLAY=path} names. */
    static FakeXServer start(Path path) throws IOException {
        ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        SocketAddress address = UnixDomainSocketAddress.of(path);
        socket.bind(address);
        return new FakeXServer(socket, 0);
    }

    /** The display number M; clients reach it as {@code 127.0.0.1:M}. */
    int display() {
        return display;
    }

    /** The first connection's setup, once it has been read (failed if it could not be). */
    CompletableFuture<Setup> setup() {
        return setup;
    }

    private void serveOne() {
        try (SocketChannel client = socket.accept()) {
            DataInputStream in = new DataInputStream(Channels.newInputStream(client));
            byte[] head = new byte[12];
            in.readFully(head);
            char order = (char) head[0];
            ByteBuffer fields = ByteBuffer.wrap(head).order(order == 'l' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            int major = Short.toUnsignedInt(fields.getShort(2));
            int minor = Short.toUnsignedInt(fields.getShort(4));
            byte[] name = new byte[Short.toUnsignedInt(fields.getShort(6))];
            byte[] data = new byte[Short.toUnsignedInt(fields.getShort(8))];
            in.readFully(name);
            in.skipNBytes(padding(name.length));
            in.readFully(data);
            in.skipNBytes(padding(data.length));
            setup.complete(new Setup(order, major, minor, new String(name, StandardCharsets.ISO_8859_1), data));

            // Failed: 0, reason length, protocol 11.0, length of the rest in 4-byte units, reason
            byte[] reason = REASON.getBytes(StandardCharsets.US_ASCII);
            int padded = reason.length + padding(reason.length);
            ByteBuffer reply = ByteBuffer.allocate(8 + padded).order(fields.order());
            reply.put((byte) 0).put((byte) reason.length).putShort((short) 11).putShort((short) 0)
                    .putShort((short) (padded / 4)).put(reason);
            OutputStream out = Channels.newOutputStream(client);
            out.write(reply.array());
            out.flush();
        } catch (IOException | RuntimeException e) {
            setup.completeExceptionally(e);
        }
    }

    /** X11 pads strings to a multiple of 4 bytes. */
    private static int padding(int length) {
        return (4 - length % 4) % 4;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
