// SPDX-License-Identifier: Apache-2.0
package org.amiko.testkit;

import java.util.Arrays;
import java.util.Random;

/**
 * For hostile-input tests: a message as a broken or hostile peer would send it instead, drawn
 * from a seeded {@link Random} so that a failure can be replayed. One change in five leaves the
 * message as it was; the others cut it short, change bytes, write an extreme uint32 over a length
 * or count, or put junk after it.
 */
public final class Mutations {
    /** uint32 values written over a length or count: the edges of every check. */
    private static final int[] EXTREMES = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0xffff, 0x10000, 35000};

    private Mutations() {}

    /**
     * {@code message} with one change past its first {@code fixed} bytes (a message number, an
     * id), which changed bytes and extremes leave alone; a message cut short keeps its first byte.
     */
    public static byte[] mutate(Random random, byte[] message, int fixed) {
        byte[] changed = message.clone();
        switch (random.nextInt(5)) {
            case 0 -> {
                return changed;
            }
            case 1 -> {
                return Arrays.copyOf(message, 1 + random.nextInt(message.length));
            }
            case 2 -> {
                for (int n = 1 + random.nextInt(3); n > 0 && changed.length > fixed; n--) {
                    changed[fixed + random.nextInt(changed.length - fixed)] = (byte) random.nextInt(256);
                }
                return changed;
            }
            case 3 -> {
                if (changed.length >= fixed + 4) {
                    int at = fixed + random.nextInt(changed.length - fixed - 3);
                    int value = EXTREMES[random.nextInt(EXTREMES.length)];
                    for (int k = 0; k < 4; k++) {
                        changed[at + k] = (byte) (value >>> (24 - 8 * k));
                    }
                }
                return changed;
            }
            default -> {
                byte[] junk = bytes(random, 32);
                byte[] longer = Arrays.copyOf(message, message.length + junk.length);
                System.arraycopy(junk, 0, longer, message.length, junk.length);
                return longer;
            }
        }
    }

    /** Up to {@code most} random bytes. */
    public static byte[] bytes(Random random, int most) {
        byte[] bytes = new byte[random.nextInt(most + 1)];
        random.nextBytes(bytes);
        return bytes;
    }
}
