// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests.osgi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.amiko.Channel;
import org.amiko.server.SubsystemHandler;

/**
 * A stream of bytes sent through an echoing channel and checked on return, byte for byte against
 * its position: a lost, duplicated or reordered byte shows as a mismatch at a known offset (the
 * pattern does not repeat, so a shifted stream cannot match by chance). The writer stops at a gate
 * until the test opens it, so something can happen to the session while data is in flight.
 */
final class EchoTransfer {
    /** A subsystem that sends back what it receives until EOF. */
    static final SubsystemHandler ECHO = (name, transport, channel) -> {
        InputStream in = channel.getInputStream();
        OutputStream out = channel.getOutputStream();
        in.transferTo(out);
        out.close();
    };

    private static final int CHUNK = 32 * 1024;

    private final long total;
    private final long gateAt;
    private final long signalAt;
    private final CountDownLatch gate = new CountDownLatch(1);
    private final CountDownLatch signal = new CountDownLatch(1);
    private final AtomicLong received = new AtomicLong();
    private final CompletableFuture<Void> writer;
    private final CompletableFuture<Long> reader;

    /**
     * Starts writing {@code total} bytes and reading them back.
     *
     * @param gateAt where the writer waits for {@link #openGate()}, a multiple of 32 KiB
     * @param signalAt how many bytes back make {@link #awaitReceived} return
     */
    EchoTransfer(Channel channel, long total, long gateAt, long signalAt, Duration timeout) {
        this.total = total;
        this.gateAt = gateAt;
        this.signalAt = signalAt;
        this.writer = CompletableFuture.runAsync(() -> write(channel, timeout), EchoTransfer::thread);
        this.reader = CompletableFuture.supplyAsync(() -> read(channel), EchoTransfer::thread);
    }

    /** Waits until at least {@code signalAt} bytes came back intact. */
    void awaitReceived(Duration timeout) throws InterruptedException {
        if (!signal.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("only " + received.get() + " bytes came back within " + timeout);
        }
    }

    void openGate() {
        gate.countDown();
    }

    long received() {
        return received.get();
    }

    /**
     * Waits for the end of both directions.
     *
     * @return the offset of the first byte that came back wrong, or -1 if all {@code total} did
     */
    long await(Duration timeout) throws Exception {
        writer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return reader.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void write(Channel channel, Duration timeout) {
        try {
            OutputStream out = channel.getOutputStream();
            byte[] chunk = new byte[CHUNK];
            for (long position = 0; position < total; position += CHUNK) {
                if (position == gateAt && !gate.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("the gate was not opened within " + timeout);
                }
                int length = (int) Math.min(CHUNK, total - position);
                for (int i = 0; i < length; i++) {
                    chunk[i] = at(position + i);
                }
                out.write(chunk, 0, length);
            }
            out.flush();
            channel.shutdownOutput();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("sending failed after " + received.get() + " bytes came back", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private long read(Channel channel) {
        try {
            InputStream in = channel.getInputStream();
            byte[] buffer = new byte[CHUNK];
            long position = 0;
            int read;
            while ((read = in.read(buffer)) >= 0) {
                for (int i = 0; i < read; i++) {
                    if (buffer[i] != at(position + i)) {
                        return position + i;
                    }
                }
                position += read;
                received.set(position);
                if (position >= signalAt) {
                    signal.countDown();
                }
            }
            // a stream that ended early lost its tail; one that ran long duplicated something
            return position == total ? -1 : position;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("receiving failed after " + received.get() + " bytes", e);
        }
    }

    /** The byte at {@code position}: SplitMix64 of the 8-byte block number, so nothing repeats. */
    static byte at(long position) {
        long z = (position >>> 3) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (byte) (z >>> ((position & 7) * 8));
    }

    private static void thread(Runnable task) {
        Thread thread = new Thread(task, "echo-transfer");
        thread.setDaemon(true);
        thread.start();
    }
}
