// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A forwarding's listening socket: bounded in the connections it carries, and free once closed. */
@Timeout(60)
class SocketListenerTest {

    private static int port(SocketListener listener) {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAsTheyArrive() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Semaphore carried = new Semaphore(0);
        SocketListener listener = SocketListener.start(new InetSocketAddress("127.0.0.1", 0), "test-listener", socket -> {
            carried.release();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ChannelRelay.closeQuietly(socket);
        });
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < SocketListener.MAX_CONNECTIONS; i++) {
                held.add(new Socket("127.0.0.1", port(listener)));
            }
            carried.acquire(SocketListener.MAX_CONNECTIONS);
            try (Socket extra = new Socket("127.0.0.1", port(listener))) {
                extra.setSoTimeout(10_000);
                assertEquals(-1, extra.getInputStream().read(), "closed at once, not carried");
            }
            // carried connections that end free their places; they end on their own threads, so a
            // new connection is tried until one is carried, within a deadline
            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            boolean again = false;
            while (!again && System.nanoTime() < deadline) {
                try (Socket next = new Socket("127.0.0.1", port(listener))) {
                    again = carried.tryAcquire(100, TimeUnit.MILLISECONDS);
                }
            }
            assertTrue(again, "carried once places are free");
        } finally {
            release.countDown();
            for (Socket socket : held) {
                socket.close();
            }
            listener.close();
        }
        int port = port(listener);
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(), "free when close returns");
    }
}
