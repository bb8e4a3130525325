// SPDX-License-Identifier: Apache-2.0
package org.amiko.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Mutations replay by seed, keep the fixed prefix (a cut keeps the first byte), and make every kind of change. */
class MutationsTest {
    @Test
    void aSeedReplaysAndThePrefixStays() {
        byte[] message = new byte[40];
        Arrays.fill(message, (byte) 7);
        message[0] = 94;
        int same = 0;
        int cut = 0;
        int longer = 0;
        int changed = 0;
        for (int seed = 0; seed < 500; seed++) {
            byte[] once = Mutations.mutate(new Random(seed), message, 5);
            assertArrayEquals(once, Mutations.mutate(new Random(seed), message, 5), "seed " + seed);
            assertEquals(94, once[0]);
            if (once.length == message.length) {
                assertArrayEquals(Arrays.copyOf(message, 5), Arrays.copyOf(once, 5), "the fixed bytes, seed " + seed);
                if (Arrays.equals(once, message)) {
                    same++;
                } else {
                    changed++;
                }
            } else if (once.length < message.length) {
                cut++;
            } else {
                longer++;
            }
        }
        assertTrue(same > 50 && cut > 50 && longer > 50 && changed > 100, same + " " + cut + " " + longer + " " + changed);
    }
}
