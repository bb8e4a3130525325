// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class SpareArraysTest {
    private static final int LENGTH = 32 * 1024 + 36;

    private final SpareArrays spares = new SpareArrays(SpareArrays.SENT, Long.MAX_VALUE);

    @Test
    void aWrittenArrayOfTheWantedLengthIsHandedOutAgain() {
        assertNull(spares.take(LENGTH), "nothing written yet");
        byte[] written = new byte[LENGTH];
        spares.offer(written);
        assertSame(written, spares.take(LENGTH));
        assertNull(spares.take(LENGTH), "each array is handed out once");
    }

    @Test
    void arraysOfOtherLengthsAreNotKept() {
        spares.take(LENGTH);
        spares.offer(new byte[LENGTH - 1]);
        spares.offer(new byte[LENGTH + 1]);
        assertEquals(0, spares.count());
        assertNull(spares.take(LENGTH));
    }

    @Test
    void nothingIsKeptBeforeABulkLengthIsAskedFor() {
        spares.offer(new byte[LENGTH]);
        assertEquals(0, spares.count(), "handshake-time writes keep nothing");
    }

    @Test
    void atMostSparesArraysAreKept() {
        spares.take(LENGTH);
        for (int i = 0; i < SpareArrays.SENT + 3; i++) {
            spares.offer(new byte[LENGTH]);
        }
        assertEquals(SpareArrays.SENT, spares.count());
    }

    @Test
    void atMostMaxBytesAreKept() {
        SpareArrays bounded = new SpareArrays(64, 3 * LENGTH + LENGTH / 2);
        bounded.take(LENGTH);
        for (int i = 0; i < 10; i++) {
            bounded.offer(new byte[LENGTH]);
        }
        assertEquals(3, bounded.count());
    }

    @Test
    void aTickWithoutATakeDropsEverything() {
        spares.take(LENGTH);
        spares.offer(new byte[LENGTH]);
        spares.trimIfIdle();
        assertEquals(1, spares.count(), "taken since the last tick: kept");
        spares.trimIfIdle();
        assertEquals(0, spares.count(), "a whole tick idle: dropped");
    }

    @Test
    void aSmallPacketAmongBulkOnesLeavesTheKeptOnesAlone() {
        spares.take(LENGTH);
        byte[] written = new byte[LENGTH];
        spares.offer(written);
        assertNull(spares.take(SpareArrays.MIN_LENGTH - 1));
        spares.offer(new byte[SpareArrays.MIN_LENGTH - 1]);
        assertEquals(1, spares.count());
        assertSame(written, spares.take(LENGTH));
    }

    @Test
    void anotherLengthReplacesTheKeptOnes() {
        spares.take(LENGTH);
        spares.offer(new byte[LENGTH]);
        assertNull(spares.take(2 * LENGTH));
        assertEquals(0, spares.count());
        byte[] longer = new byte[2 * LENGTH];
        spares.offer(longer);
        assertSame(longer, spares.take(2 * LENGTH));
    }
}
