// SPDX-License-Identifier: Apache-2.0
package org.amiko.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FixedRandomTest {

    @Test
    void sameSeedSameStream() {
        assertArrayEquals(new FixedRandom(42).bytes(100), new FixedRandom(42).bytes(100));
        assertFalse(Arrays.equals(new FixedRandom(42).bytes(100), new FixedRandom(43).bytes(100)));
    }

    @Test
    void streamDoesNotDependOnHowItIsRead() {
        FixedRandom chunked = new FixedRandom(7);
        byte[] pieces = new byte[100];
        for (int i = 0; i < 100; i += 10) {
            System.arraycopy(chunked.bytes(10), 0, pieces, i, 10);
        }
        assertArrayEquals(new FixedRandom(7).bytes(100), pieces);
    }

    @Test
    void streamIsSha256CounterMode() throws Exception {
        // Pinned so that a change of the generator, which would silently change every fixed test key, is seen.
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] state = sha256.digest("0".getBytes(StandardCharsets.US_ASCII));
        sha256.update(state);
        byte[] block0 = sha256.digest(new byte[8]);
        sha256.update(state);
        byte[] block1 = sha256.digest(new byte[] {0, 0, 0, 0, 0, 0, 0, 1});
        byte[] expected = Arrays.copyOf(block0, 64);
        System.arraycopy(block1, 0, expected, 32, 32);
        assertArrayEquals(expected, new FixedRandom().bytes(64));
    }

    @Test
    void replayingReturnsThePrefixFirst() {
        byte[] prefix = HexFormat.of().parseHex("00112233");
        FixedRandom random = FixedRandom.replaying(prefix, 5);
        assertArrayEquals(prefix, random.bytes(4));
        assertArrayEquals(new FixedRandom(5).bytes(8), random.bytes(8));
    }

    @Test
    void setSeedChangesTheStreamDeterministically() {
        FixedRandom one = new FixedRandom(1);
        FixedRandom two = new FixedRandom(1);
        one.setSeed(new byte[] {9});
        two.setSeed(new byte[] {9});
        byte[] a = one.bytes(16);
        assertArrayEquals(a, two.bytes(16));
        assertFalse(Arrays.equals(a, new FixedRandom(1).bytes(16)));
    }

    @Test
    void intsAndLongsComeFromTheStream() {
        assertEquals(new FixedRandom(3).nextLong(), new FixedRandom(3).nextLong());
        assertTrue(new FixedRandom(3).nextInt(10) < 10);
    }
}
