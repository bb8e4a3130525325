// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A SOCKS handshake's deadline: the first of the request and the time decides. */
class HandshakeDeadlineTest {
    @Test
    void theTimeCloses() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        HandshakeDeadline deadline = HandshakeDeadline.closing(closed::countDown, Duration.ofMillis(50));
        assertTrue(closed.await(10, TimeUnit.SECONDS), "closed when the time was up");
        assertFalse(deadline.met(), "too late for the request");
    }

    @Test
    void aRequestInTimeIsNeverClosedUnder() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        HandshakeDeadline deadline = HandshakeDeadline.closing(closed::countDown, Duration.ofMillis(200));
        assertTrue(deadline.met());
        // well past the deadline: a met deadline's timer is out of the queue
        assertFalse(closed.await(1, TimeUnit.SECONDS), "closed though the request came in time");
    }
}
