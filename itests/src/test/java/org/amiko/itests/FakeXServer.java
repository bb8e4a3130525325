// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * An X server that takes one connection, reads its connection setup (X Window System Protocol,
 * "Connection Setup") for the authorization the client presents, and refuses it with a reason of
 * the test's (a "Failed" reply), so that the X client ends: a test sees what reached the display.
 * On a Unix socket or a TCP port.
 */
final class FakeXServer implements AutoCloseable {
    /** The authorization the connection presented. */
    record Presented(String protocol, byte[] data) {}

    private final ServerSocketChannel listener;
    private final CompletableFuture<Presented> presented = new CompletableFuture<>();

    private FakeXServer(ServerSocketChannel listener, String reason) {
        this.listener = listener;
        Thread serving = new Thread(() -> serve(reason), "fake-x-server");
        serving.setDaemon(true);
        serving.start();
    }

    /** Listens at {@code address}, a Unix socket path or a TCP address, and refuses with {@code reason}. */
    static FakeXServer start(SocketAddress address, String reason) throws IOException {
        ServerSocketChannel listener = address instanceof UnixDomainSocketAddress
                ? ServerSocketChannel.open(StandardProtocolFamily.UNIX) : ServerSocketChannel.open();
        listener.bind(address);
        return new FakeXServer(listener, reason);
    }

    /** Completes with the first connection's authorization, or fails if it was not a setup. */
    CompletableFuture<Presented> presented() {
        return presented;
    }

    private void serve(String reason) {
        try (SocketChannel connection = listener.accept()) {
            InputStream in = Channels.newInputStream(connection);
            byte[] fixed = readFully(in, 12);
            ByteOrder order = fixed[0] == 'B' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            ByteBuffer header = ByteBuffer.wrap(fixed).order(order);
            int nameLength = Short.toUnsignedInt(header.getShort(6));
            int dataLength = Short.toUnsignedInt(header.getShort(8));
            byte[] name = readFully(in, (nameLength + 3) & ~3);
            byte[] data = readFully(in, (dataLength + 3) & ~3);
            byte[] why = reason.getBytes(StandardCharsets.US_ASCII);
            int padded = (why.length + 3) & ~3;
            ByteBuffer failed = ByteBuffer.allocate(8 + padded).order(order);
            failed.put((byte) 0).put((byte) why.length).putShort((short) 11).putShort((short) 0)
                    .putShort((short) (padded / 4)).put(why);
            failed.flip();
            while (failed.hasRemaining()) {
                connection.write(failed);
            }
            presented.complete(new Presented(new String(name, 0, nameLength, StandardCharsets.US_ASCII),
                    Arrays.copyOf(data, dataLength)));
        } catch (IOException | RuntimeException e) {
            presented.completeExceptionally(e);
        }
    }

    private static byte[] readFully(InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException("the X connection ended within its setup");
        }
        return bytes;
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
