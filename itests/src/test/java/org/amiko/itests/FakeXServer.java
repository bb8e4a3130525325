// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Stands in for the X server of an ssh client that forwards X11: listens on loopback as display M
 * (TCP port 6000 + M, the first free M from a number), reads one client's connection setup (X
 * Window System Protocol, "Connection Setup": byte order, protocol version, authorization name
 * and data) and refuses it with a Failed reply carrying {@link #REASON}, so the X client exits.
 */
final class FakeXServer implements AutoCloseable {
    /** What the refusal says; Xlib prints it, so a test can see the reply came back. */
    static final String REASON = "fake X server refuses politely";

    /** What an X client sent to open its connection. */
    record Setup(char byteOrder, int majorVersion, int minorVersion, String authorizationName,
            byte[] authorizationData) {
    }

    private final ServerSocket socket;
    private final int display;
    private final CompletableFuture<Setup> setup = new CompletableFuture<>();

    private FakeXServer(ServerSocket socket, int display) {
        this.socket = socket;
        this.display = display;
        Thread serving = new Thread(this::serveOne, "fake-x-server");
        serving.setDaemon(true);
        serving.start();
    }

    /** Listens as the first free display from {@code firstDisplay}. */
    static FakeXServer start(int firstDisplay) throws IOException {
        for (int display = firstDisplay; ; display++) {
            try {
                return new FakeXServer(new ServerSocket(6000 + display, 5, InetAddress.getByName("127.0.0.1")), display);
            } catch (BindException inUse) {
                assertTrue(display < firstDisplay + 100, "no free X display port from " + firstDisplay);
            }
        }
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
        try (Socket client = socket.accept()) {
            DataInputStream in = new DataInputStream(client.getInputStream());
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
            client.getOutputStream().write(reply.array());
            client.getOutputStream().flush();
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
