// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.cipher;

import static org.amiko.bc.cipher.Poly1305Test.bouncyCastleTag;
import static org.amiko.bc.cipher.Poly1305Test.tag;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Poly1305's lane path ({@link LanePoly1305}, taken from {@link LanePoly1305#MIN_GROUPS} groups of
 * {@link LanePoly1305#GROUP} bytes in one update) against Bouncy Castle and against Poly1305's own
 * scalar path (the same message fed in updates too short for the lanes): around the threshold, with
 * an accumulator already running when the lanes start, and with the largest limbs.
 */
class LanePoly1305Test {
    private static final long SEED = 0x64_1305L;
    private static final int THRESHOLD = LanePoly1305.MIN_GROUPS * LanePoly1305.GROUP;

    @Test
    void agreesWithTheScalarPathAndBouncyCastleAroundTheThreshold() {
        Random random = new Random(SEED);
        byte[] key = new byte[Poly1305.KEY_LENGTH];
        int[] lengths = {THRESHOLD - 16, THRESHOLD - 1, THRESHOLD, THRESHOLD + 1, THRESHOLD + 15, THRESHOLD + 16,
            THRESHOLD + LanePoly1305.GROUP - 1, THRESHOLD + LanePoly1305.GROUP, 8 * LanePoly1305.GROUP + 4,
            4 + 32 * 1024 + 8, 4 + 32 * 1024 + 256};
        for (int length : lengths) {
            for (int round = 0; round < 4; round++) {
                random.nextBytes(key);
                byte[] message = new byte[length];
                random.nextBytes(message);
                byte[] expected = bouncyCastleTag(key, message);
                assertArrayEquals(expected, tag(new Poly1305(), key, message, length), "one update, length " + length);
                assertArrayEquals(expected, tag(new Poly1305(), key, message, 1000), "scalar updates, length " + length);
            }
        }
    }

    @Test
    void takesOverARunningAccumulatorAfterAnUnfinishedBlock() {
        // a first update leaves h running and part of a block pending; the next one is long enough
        // for the lanes, which must start from that h
        Random random = new Random(SEED + 1);
        byte[] key = new byte[Poly1305.KEY_LENGTH];
        for (int round = 0; round < 200; round++) {
            random.nextBytes(key);
            int head = random.nextInt(200);
            byte[] message = new byte[head + THRESHOLD + random.nextInt(3 * LanePoly1305.GROUP)];
            random.nextBytes(message);
            Poly1305 poly = new Poly1305();
            poly.init(key, 0);
            poly.update(message, 0, head);
            poly.update(message, head, message.length - head);
            byte[] tag = new byte[Poly1305.TAG_LENGTH];
            poly.doFinal(tag, 0);
            assertArrayEquals(bouncyCastleTag(key, message), tag, "head " + head + ", length " + message.length);
        }
    }

    @Test
    void holdsTheBoundsWhereTheLimbsAreLargest() {
        // the largest clamped r and all-ones blocks give the largest limbs in every lane and in the join
        byte[] key = new byte[Poly1305.KEY_LENGTH];
        Arrays.fill(key, (byte) 0xff);
        for (int length : new int[] {THRESHOLD, 64 * LanePoly1305.GROUP + 3}) {
            for (byte fill : new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0x80}) {
                byte[] message = new byte[length];
                Arrays.fill(message, fill);
                assertArrayEquals(bouncyCastleTag(key, message), tag(new Poly1305(), key, message, length), "fill " + fill + ", length " + length);
            }
        }
        // r of 1 (only the lowest bit survives clamping): the lanes' powers are all 1
        Arrays.fill(key, (byte) 0);
        key[0] = 1;
        byte[] message = new byte[THRESHOLD + 5];
        Arrays.fill(message, (byte) 0xff);
        assertArrayEquals(bouncyCastleTag(key, message), tag(new Poly1305(), key, message, message.length), "r = 1");
    }

    private static final BigInteger P = BigInteger.ONE.shiftLeft(130).subtract(BigInteger.valueOf(5));
    private static final long M44 = (1L << 44) - 1;

    /** The value of three limbs of radix 2^44. */
    private static BigInteger radix44(long l0, long l1, long l2) {
        return BigInteger.valueOf(l2).shiftLeft(88).add(BigInteger.valueOf(l1).shiftLeft(44)).add(BigInteger.valueOf(l0));
    }

    /** A little-endian number of {@code length} bytes at {@code in[offset..]}. */
    private static BigInteger littleEndian(byte[] in, int offset, int length) {
        byte[] bigEndian = new byte[length + 1];
        for (int i = 0; i < length; i++) {
            bigEndian[length - i] = in[offset + i];
        }
        return new BigInteger(bigEndian);
    }

    /**
     * The join's limbs at the top of their ranges add up to 2^130 or more, which only the top
     * limb's fold brings back below 2^42 (a pass reaches such limbs too rarely to test through one);
     * 2^130 - 1 and smaller values need no fold.
     */
    @Test
    void foldsTheTopLimbWhenTheJoinReachesTwoTo130() {
        long m26 = (1L << 26) - 1;
        long[][] joins = {{m26, m26 + (1L << 9), m26, m26, m26}, {m26, m26, m26, m26, m26}, {0, 0, 0, 0, m26},
            {5, 7, 11, 13, 17}};
        for (long[] l : joins) {
            BigInteger value = BigInteger.ZERO;
            for (int limb = 4; limb >= 0; limb--) {
                value = value.shiftLeft(26).add(BigInteger.valueOf(l[limb]));
            }
            LanePoly1305 lanes = new LanePoly1305();
            lanes.toRadix44(l[0], l[1], l[2], l[3], l[4]);
            String what = Arrays.toString(l) + (value.bitLength() > 130 ? ", at least 2^130" : "");
            assertEquals(value.mod(P), radix44(lanes.out0, lanes.out1, lanes.out2).mod(P), what);
            assertTrue(lanes.out0 >= 0 && lanes.out0 <= M44, what);
            assertTrue(lanes.out1 >= 0 && lanes.out1 < (1L << 44) + (1L << 12), what);
            assertTrue(lanes.out2 >= 0 && lanes.out2 < (1L << 42), what);
        }
    }

    @Test
    void absorbsFromTheLargestAccumulatorPoly1305Holds() {
        // Poly1305 hands over a0 < 2^44, a1 < 2^44 + 2^12, a2 < 2^42: the top of each range takes
        // the carries (a1's into a2, the top limb's fold) that random tags almost never reach
        Random random = new Random(SEED + 3);
        long[][] accumulators = {{M44, (1L << 44) + (1L << 12) - 1, (1L << 42) - 1}, {M44, M44, (1L << 42) - 1},
            {0, 1L << 44, 0}, {0, 0, 0}};
        for (long[] a : accumulators) {
            for (byte fill : new byte[] {(byte) 0xff, 0, 0x5a}) {
                byte[] key = new byte[16];
                if (fill == 0x5a) {
                    random.nextBytes(key);
                } else {
                    Arrays.fill(key, (byte) 0xff);
                }
                // clamp, then split into radix 2^44 as Poly1305.init does
                BigInteger r = littleEndian(key, 0, 16).and(new BigInteger("0ffffffc0ffffffc0ffffffc0fffffff", 16));
                long r0 = r.longValue() & M44;
                long r1 = r.shiftRight(44).longValue() & M44;
                long r2 = r.shiftRight(88).longValue();
                int groups = LanePoly1305.MIN_GROUPS + 1;
                byte[] message = new byte[3 + groups * LanePoly1305.GROUP];
                Arrays.fill(message, fill == 0 ? (byte) 0xff : fill);
                LanePoly1305 lanes = new LanePoly1305();
                lanes.absorb(message, 3, groups, r0, r1, r2, a[0], a[1], a[2]);

                BigInteger h = radix44(a[0], a[1], a[2]);
                for (int at = 3; at < message.length; at += 16) {
                    h = h.add(littleEndian(message, at, 16)).add(BigInteger.ONE.shiftLeft(128)).multiply(r).mod(P);
                }
                String what = "a = " + Arrays.toString(a) + ", fill " + fill;
                assertEquals(h, radix44(lanes.out0, lanes.out1, lanes.out2).mod(P), what);
                assertTrue(lanes.out0 >= 0 && lanes.out0 <= M44, what);
                assertTrue(lanes.out1 >= 0 && lanes.out1 < (1L << 44) + (1L << 12), what);
                assertTrue(lanes.out2 >= 0 && lanes.out2 < (1L << 42), what);
            }
        }
    }

    @Test
    void leavesNothingOfThePassInTheLanes() {
        byte[] key = new byte[Poly1305.KEY_LENGTH];
        new Random(SEED + 2).nextBytes(key);
        byte[] message = new byte[THRESHOLD * 2];
        Arrays.fill(message, (byte) 0x5a);
        tag(new Poly1305(), key, message, message.length);
        assertTrue(LanePoly1305.threadLanesClear(), "accumulators, products and powers zeroed after the pass");
    }
}
