// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The connection hands an array back for reuse only once the socket has written all of it, and
 * writes everything queued, in order, whatever the socket takes per call.
 */
class NioConnectionSparesTest {
    private static final int LENGTH = 32 * 1024 + 150;

    private ServerSocketChannel listener;
    private SocketChannel peer;
    private NioConnection connection;

    @BeforeEach
    void connect() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        SocketChannel ours = SocketChannel.open(listener.getLocalAddress());
        peer = listener.accept();
        connection = new NioConnection(ours, IoLoop.shared());
        connection.start(new NioConnection.Receiver() {
            @Override
            public void received(ByteBuffer bytes) {
            }

            @Override
            public void lost(IOException cause) {
            }
        });
    }

    @AfterEach
    void close() throws IOException {
        connection.closeNow();
        peer.close();
        listener.close();
    }

    @Test
    void aWrittenArrayComesBack() {
        assertNull(connection.takeSpare(LENGTH), "nothing written yet");
        byte[] packet = new byte[LENGTH];
        connection.enqueue(packet, LENGTH);
        connection.flush();
        assertEquals(0, connection.queued(), "an idle socket takes one packet at once");
        assertSame(packet, connection.takeSpare(LENGTH));
    }

    @Test
    @Timeout(60)
    void anArrayStillQueuedNeverComesBackAndTheStreamStaysInOrder() throws Exception {
        connection.takeSpare(LENGTH);
        List<byte[]> sent = new ArrayList<>();
        // the peer reads nothing: fill its receive buffer and our send buffer until packets queue
        for (int i = 0; connection.queued() < 8L * LENGTH; i++) {
            assertTrue(i < 10_000, "the socket never filled");
            byte[] packet = new byte[LENGTH];
            Arrays.fill(packet, (byte) i);
            sent.add(packet);
            connection.enqueue(packet, LENGTH);
            connection.flush();
        }
        int unwritten = (int) ((connection.queued() + LENGTH - 1) / LENGTH);
        Set<byte[]> stillQueued = Collections.newSetFromMap(new IdentityHashMap<>());
        stillQueued.addAll(sent.subList(sent.size() - unwritten, sent.size()));
        for (byte[] spare; (spare = connection.takeSpare(LENGTH)) != null; ) {
            assertFalse(stillQueued.contains(spare), "an array the socket has not written was handed out");
        }

        // drain: every byte arrives, in order, written by the loop as the socket frees up
        ByteBuffer received = ByteBuffer.allocate(LENGTH);
        for (int i = 0; i < sent.size(); i++) {
            received.clear();
            while (received.hasRemaining()) {
                assertTrue(peer.read(received) > 0, "stream ended early");
            }
            for (byte b : received.array()) {
                assertEquals((byte) i, b, "packet " + i + " arrived intact and in order");
            }
        }
        assertTrue(connection.awaitQueuedBelow(1, 10, TimeUnit.SECONDS), "the queue drained");
        assertNotNull(connection.takeSpare(LENGTH), "written arrays are kept for reuse");
    }

    /** An ended connection whose peer reads nothing more is closed once its writes stall. */
    @Test
    @Timeout(60)
    void anEndedConnectionWhosePeerStopsReadingIsClosed() throws Exception {
        // the peer reads nothing: fill its receive buffer and our send buffer until bytes queue
        for (int i = 0; connection.queued() < 8L * LENGTH; i++) {
            assertTrue(i < 10_000, "the socket never filled");
            connection.enqueue(new byte[LENGTH], LENGTH);
            connection.flush();
        }
        connection.closeAfterFlush(Duration.ofMillis(200));
        // before, it waited for the peer for good; now the stalled writes close it
        assertThrows(EOFException.class, () -> connection.awaitQueuedBelow(0, 30, TimeUnit.SECONDS));
        assertTrue(connection.isClosed());
    }
}
