// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Data received on a channel, waiting for the application. Holds the received packets' arrays
 * without copying; its size is bounded by the window this side granted, because the channel
 * rejects data beyond it. Reading reports consumption so the channel can re-open the window, and
 * gives back each array read to its end, for the connection's next packet of its length.
 */
final class ChannelInput extends InputStream {
    /** Told how many bytes the application consumed. */
    interface Consumption {
        void consumed(int bytes) throws IOException;
    }

    private record Chunk(byte[] data, int offset, int length) {}

    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private final Consumption consumption;
    /** Takes an array read to its end, which nobody holds any more; any thread, a leaf lock. */
    private final Consumer<byte[]> finished;
    private int headOffset;
    private long available;
    private boolean eof;
    private IOException failure;

    ChannelInput(Consumption consumption, Consumer<byte[]> finished) {
        this.consumption = consumption;
        this.finished = finished;
    }

    /**
     * Adds received data (the service thread). The array is handed over: nobody else may hold it,
     * as it is filled again once read.
     */
    synchronized void append(byte[] data, int offset, int length) {
        if (eof || length == 0) {
            return;
        }
        chunks.add(new Chunk(data, offset, length));
        available += length;
        notifyAll();
    }

    /** No more data will come. */
    synchronized void end() {
        eof = true;
        notifyAll();
    }

    /** The channel broke: readers get {@code cause} once the buffered data is read. */
    synchronized void fail(IOException cause) {
        if (!eof) {
            failure = cause;
            eof = true;
        }
        notifyAll();
    }

    synchronized boolean isEnded() {
        return eof;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int count = read(one, 0, 1);
        return count < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int count;
        synchronized (this) {
            if (!awaitData()) {
                return -1;
            }
            count = 0;
            while (count < length && !chunks.isEmpty()) {
                Chunk head = chunks.peek();
                int take = Math.min(length - count, head.length() - headOffset);
                System.arraycopy(head.data(), head.offset() + headOffset, buffer, offset + count, take);
                count += take;
                headOffset += take;
                if (headOffset == head.length()) {
                    chunks.poll();
                    headOffset = 0;
                    finished.accept(head.data());
                }
            }
            available -= count;
        }
        consumption.consumed(count);
        return count;
    }

    /**
     * Writes the received data to {@code out} chunk by chunk from the packets' own arrays, without
     * the copy into a caller's buffer that {@link #read(byte[], int, int)} makes, until the end of
     * the data; each chunk is consumed (the window re-opens for it) once {@code out} has taken it.
     * {@code out} must not keep the array once its write returns, as with any caller that reuses
     * its buffer: the array is filled again with a later packet.
     */
    @Override
    public long transferTo(OutputStream out) throws IOException {
        long transferred = 0;
        while (true) {
            Chunk head;
            int from;
            synchronized (this) {
                if (!awaitData()) {
                    return transferred;
                }
                head = chunks.poll();
                from = headOffset;
                headOffset = 0;
                available -= head.length() - from;
            }
            int length = head.length() - from;
            out.write(head.data(), head.offset() + from, length);
            transferred += length;
            finished.accept(head.data());
            consumption.consumed(length);
        }
    }

    /**
     * Waits, holding the monitor, until there is data to take; false at the end of the data.
     *
     * @throws IOException the channel broke, once its buffered data is read
     */
    private boolean awaitData() throws IOException {
        while (chunks.isEmpty()) {
            if (eof) {
                if (failure != null) {
                    throw new IOException(failure.getMessage(), failure);
                }
                return false;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading a channel");
            }
        }
        return true;
    }

    @Override
    public synchronized int available() {
        return (int) Math.min(Integer.MAX_VALUE, available);
    }

    @Override
    public void close() {
        int dropped;
        synchronized (this) {
            dropped = (int) Math.min(Integer.MAX_VALUE, available);
            chunks.clear();
            available = 0;
            headOffset = 0;
            eof = true;
            notifyAll();
        }
        try {
            // data nobody will read still frees window for the peer
            consumption.consumed(dropped);
        } catch (IOException e) {
            // the channel is going away
        }
    }
}
