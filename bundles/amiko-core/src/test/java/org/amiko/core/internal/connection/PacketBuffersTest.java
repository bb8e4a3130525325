// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PacketBuffersTest {
    private static final int SIZE = 1000;

    private final Set<byte[]> queued = Collections.newSetFromMap(new IdentityHashMap<>());
    private final PacketBuffers buffers = new PacketBuffers(SIZE, queued::contains);

    @Test
    void anArrayTheSocketHasWrittenIsReused() {
        byte[] first = buffers.take(SIZE);
        buffers.keep(first);
        assertSame(first, buffers.take(SIZE - 10), "written, so free again");
    }

    @Test
    void anArrayStillQueuedIsNeverHandedOutAgain() {
        byte[] first = buffers.take(SIZE);
        queued.add(first);
        buffers.keep(first);
        byte[] second = buffers.take(SIZE);
        assertNotSame(first, second);
        queued.remove(first);
        buffers.keep(second);
        assertSame(first, buffers.take(SIZE), "reused once written");
    }

    @Test
    void smallAndOversizedPacketsAreNotPooled() {
        byte[] small = buffers.take(SIZE / 2);
        assertEquals(SIZE / 2, small.length);
        buffers.keep(small);
        assertNotSame(small, buffers.take(SIZE / 2));
        assertEquals(SIZE + 1, buffers.take(SIZE + 1).length);
        assertEquals(SIZE, buffers.take(SIZE / 2 + 1).length, "bulk-size packets get a poolable array");
    }

    @Test
    void whenEverySlotIsQueuedANewArrayIsMade() {
        for (int i = 0; i < PacketBuffers.SLOTS + 2; i++) {
            byte[] array = buffers.take(SIZE);
            queued.add(array);
            buffers.keep(array);
        }
        assertFalse(queued.contains(buffers.take(SIZE)));
    }

    @Test
    void clearForgetsEverything() {
        byte[] first = buffers.take(SIZE);
        buffers.keep(first);
        buffers.clear();
        assertNotSame(first, buffers.take(SIZE));
    }
}
