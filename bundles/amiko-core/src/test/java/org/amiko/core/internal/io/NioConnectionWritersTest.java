// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Threads that queue and flush at once (a channel writer and the I/O thread, or two channels)
 * leave their bytes to whichever of them is writing: every byte arrives, each thread's packets in
 * the order it queued them, and the queue drains.
 */
class NioConnectionWritersTest {
    private static final int WRITERS = 3;
    private static final int PACKETS = 400;
    private static final int LENGTH = 8 * 1024 + 7;

    @Test
    @Timeout(60)
    void concurrentFlushersLoseNothingAndKeepEachWritersOrder() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
                SocketChannel ours = SocketChannel.open(listener.getLocalAddress());
                SocketChannel peer = listener.accept()) {
            NioConnection connection = new NioConnection(ours, IoLoop.shared());
            connection.start(new NioConnection.Receiver() {
                @Override
                public void received(ByteBuffer bytes) {
                }

                @Override
                public void lost(IOException cause) {
                }
            });
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<CompletableFuture<Void>> writers = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    writers.add(CompletableFuture.runAsync(() -> {
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        for (int i = 0; i < PACKETS; i++) {
                            // a packet says who queued it and its place in that writer's sequence
                            byte[] packet = new byte[LENGTH];
                            ByteBuffer.wrap(packet).putInt(writer).putInt(i);
                            connection.enqueue(packet, LENGTH);
                            connection.flush();
                        }
                    }));
                }
                go.countDown();

                int[] next = new int[WRITERS];
                ByteBuffer received = ByteBuffer.allocate(LENGTH);
                for (int p = 0; p < WRITERS * PACKETS; p++) {
                    received.clear();
                    while (received.hasRemaining()) {
                        assertTrue(peer.read(received) > 0, "stream ended after " + p + " packets");
                    }
                    int writer = received.getInt(0);
                    int index = received.getInt(4);
                    assertEquals(next[writer], index, "writer " + writer + "'s packets arrive in its order");
                    next[writer]++;
                }
                CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                for (int count : next) {
                    assertEquals(PACKETS, count);
                }
                assertTrue(connection.awaitQueuedBelow(1, 10, TimeUnit.SECONDS), "nothing is left queued");
                assertEquals(0, connection.queued());
            } finally {
                connection.closeNow();
            }
        }
    }
}
