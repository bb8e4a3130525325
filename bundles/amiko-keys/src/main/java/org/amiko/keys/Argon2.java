// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.util.Arrays;

/**
 * Argon2 version 1.3 (RFC 9106), the passphrase hash of PuTTY's v3 key files. The JDK has none and
 * this bundle takes no dependencies, so this is a plain, single-threaded reading of the RFC: lanes
 * are filled one after another, which gives the same tag as filling them in parallel (the lanes of a
 * slice never read each other's current segment). Verified with the RFC 9106 section 5 vectors.
 */
final class Argon2 {
    /** The three variants, with their RFC 9106 type numbers y. */
    enum Variant {
        ARGON2D(0, "Argon2d"), ARGON2I(1, "Argon2i"), ARGON2ID(2, "Argon2id");

        final int type;
        final String puttyName;

        Variant(int type, String puttyName) {
            this.type = type;
            this.puttyName = puttyName;
        }
    }

    private static final int VERSION = 0x13;
    private static final int BLOCK_WORDS = 128;
    private static final int SYNC_POINTS = 4;

    private final Variant variant;
    private final int lanes;
    private final int passes;
    private final int laneLength;
    private final int segmentLength;
    private final long[] memory;

    private Argon2(Variant variant, int memoryKiB, int passes, int lanes) {
        this.variant = variant;
        this.lanes = lanes;
        this.passes = passes;
        int blocks = Math.max(memoryKiB, 2 * SYNC_POINTS * lanes) / (SYNC_POINTS * lanes) * (SYNC_POINTS * lanes);
        this.laneLength = blocks / lanes;
        this.segmentLength = laneLength / SYNC_POINTS;
        this.memory = new long[blocks * BLOCK_WORDS];
    }

    /**
     * The Argon2 tag of {@code tagLength} bytes.
     *
     * @param memoryKiB m, at least 8 times {@code lanes}
     * @param passes t, at least 1
     * @param lanes p, 1 to 2^24 - 1
     * @param secret K, empty for none
     * @param associated X, empty for none
     */
    static byte[] hash(Variant variant, byte[] password, byte[] salt, byte[] secret, byte[] associated,
            int memoryKiB, int passes, int lanes, int tagLength) {
        if (lanes < 1 || lanes > 0xffffff || passes < 1 || memoryKiB < 8 * lanes || tagLength < 4) {
            throw new IllegalArgumentException("Argon2 parameters out of range");
        }
        Blake2b h0 = new Blake2b(64);
        h0.updateLe32(lanes).updateLe32(tagLength).updateLe32(memoryKiB).updateLe32(passes).updateLe32(VERSION)
                .updateLe32(variant.type);
        for (byte[] field : new byte[][] {password, salt, secret, associated}) {
            h0.updateLe32(field.length).update(field);
        }
        byte[] seed = h0.digest();
        Argon2 instance = new Argon2(variant, memoryKiB, passes, lanes);
        try {
            return instance.run(seed, tagLength);
        } finally {
            Arrays.fill(seed, (byte) 0);
            Arrays.fill(instance.memory, 0);
        }
    }

    private byte[] run(byte[] seed, int tagLength) {
        byte[] input = Arrays.copyOf(seed, seed.length + 8);
        for (int lane = 0; lane < lanes; lane++) {
            for (int column = 0; column < 2; column++) {
                putLe32(input, seed.length, column);
                putLe32(input, seed.length + 4, lane);
                byte[] block = variableHash(input, 1024);
                int base = (lane * laneLength + column) * BLOCK_WORDS;
                for (int i = 0; i < BLOCK_WORDS; i++) {
                    memory[base + i] = Blake2b.littleEndian64(block, 8 * i);
                }
                Arrays.fill(block, (byte) 0);
            }
        }
        Arrays.fill(input, (byte) 0);
        long[] scratch = new long[3 * BLOCK_WORDS];
        for (int pass = 0; pass < passes; pass++) {
            for (int slice = 0; slice < SYNC_POINTS; slice++) {
                for (int lane = 0; lane < lanes; lane++) {
                    fillSegment(pass, slice, lane, scratch);
                }
            }
        }
        long[] last = new long[BLOCK_WORDS];
        for (int lane = 0; lane < lanes; lane++) {
            int base = (lane * laneLength + laneLength - 1) * BLOCK_WORDS;
            for (int i = 0; i < BLOCK_WORDS; i++) {
                last[i] ^= memory[base + i];
            }
        }
        byte[] finalBlock = new byte[1024];
        for (int i = 0; i < BLOCK_WORDS; i++) {
            for (int b = 0; b < 8; b++) {
                finalBlock[8 * i + b] = (byte) (last[i] >>> (8 * b));
            }
        }
        try {
            return variableHash(finalBlock, tagLength);
        } finally {
            Arrays.fill(finalBlock, (byte) 0);
            Arrays.fill(scratch, 0);
        }
    }

    /** RFC 9106 section 3.4: one segment, with data-independent addresses where the variant says. */
    private void fillSegment(int pass, int slice, int lane, long[] scratch) {
        boolean independent = variant == Variant.ARGON2I
                || (variant == Variant.ARGON2ID && pass == 0 && slice < SYNC_POINTS / 2);
        long[] addresses = new long[BLOCK_WORDS];
        long[] input = new long[BLOCK_WORDS];
        long[] zero = new long[BLOCK_WORDS];
        if (independent) {
            input[0] = pass;
            input[1] = lane;
            input[2] = slice;
            input[3] = (long) laneLength * lanes;
            input[4] = passes;
            input[5] = variant.type;
        }
        int start = 0;
        if (pass == 0 && slice == 0) {
            start = 2; // the first two blocks of each lane come from H0
            if (independent) {
                nextAddresses(addresses, input, zero, scratch);
            }
        }
        for (int index = start; index < segmentLength; index++) {
            int column = slice * segmentLength + index;
            int current = lane * laneLength + column;
            int previous = column == 0 ? current + laneLength - 1 : current - 1;
            long random;
            if (independent) {
                if (index % BLOCK_WORDS == 0) {
                    nextAddresses(addresses, input, zero, scratch);
                }
                random = addresses[index % BLOCK_WORDS];
            } else {
                random = memory[previous * BLOCK_WORDS];
            }
            int referenceLane = pass == 0 && slice == 0 ? lane : (int) ((random >>> 32) % lanes);
            int referenceColumn = referenceColumn(pass, slice, index, random & 0xffffffffL, referenceLane == lane);
            fillBlock(memory, previous * BLOCK_WORDS, memory, (referenceLane * laneLength + referenceColumn) * BLOCK_WORDS,
                    memory, current * BLOCK_WORDS, pass > 0, scratch);
        }
    }

    /** RFC 9106 section 3.4.1.2: maps J1 onto the blocks this one may reference. */
    private int referenceColumn(int pass, int slice, int index, long j1, boolean sameLane) {
        long areaSize;
        if (pass == 0) {
            if (slice == 0) {
                areaSize = index - 1;
            } else if (sameLane) {
                areaSize = (long) slice * segmentLength + index - 1;
            } else {
                areaSize = (long) slice * segmentLength + (index == 0 ? -1 : 0);
            }
        } else if (sameLane) {
            areaSize = laneLength - segmentLength + index - 1;
        } else {
            areaSize = laneLength - segmentLength + (index == 0 ? -1 : 0);
        }
        long x = (j1 * j1) >>> 32;
        long relative = areaSize - 1 - ((areaSize * x) >>> 32);
        long startColumn = pass == 0 || slice == SYNC_POINTS - 1 ? 0 : (long) (slice + 1) * segmentLength;
        return (int) ((startColumn + relative) % laneLength);
    }

    private static void nextAddresses(long[] addresses, long[] input, long[] zero, long[] scratch) {
        input[6]++;
        fillBlock(zero, 0, input, 0, addresses, 0, false, scratch);
        fillBlock(zero, 0, addresses, 0, addresses, 0, false, scratch);
    }

    /**
     * The compression function G (RFC 9106 section 3.5) of the blocks at {@code x} and {@code y},
     * written to {@code out}; from the second pass on, XORed into what was there (version 1.3).
     */
    private static void fillBlock(long[] xs, int x, long[] ys, int y, long[] outs, int out, boolean xorOld,
            long[] scratch) {
        long[] r = scratch;
        int keep = BLOCK_WORDS;
        for (int i = 0; i < BLOCK_WORDS; i++) {
            r[i] = xs[x + i] ^ ys[y + i];
            r[keep + i] = xorOld ? r[i] ^ outs[out + i] : r[i];
        }
        for (int row = 0; row < 8; row++) {
            int b = 16 * row;
            permute(r, b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7, b + 8, b + 9, b + 10, b + 11, b + 12,
                    b + 13, b + 14, b + 15);
        }
        for (int column = 0; column < 8; column++) {
            int b = 2 * column;
            permute(r, b, b + 1, b + 16, b + 17, b + 32, b + 33, b + 48, b + 49, b + 64, b + 65, b + 80, b + 81,
                    b + 96, b + 97, b + 112, b + 113);
        }
        for (int i = 0; i < BLOCK_WORDS; i++) {
            outs[out + i] = r[keep + i] ^ r[i];
        }
    }

    /** The permutation P: one BLAKE2b round without message words, with multiplications (GB). */
    private static void permute(long[] v, int v0, int v1, int v2, int v3, int v4, int v5, int v6, int v7, int v8,
            int v9, int v10, int v11, int v12, int v13, int v14, int v15) {
        mix(v, v0, v4, v8, v12);
        mix(v, v1, v5, v9, v13);
        mix(v, v2, v6, v10, v14);
        mix(v, v3, v7, v11, v15);
        mix(v, v0, v5, v10, v15);
        mix(v, v1, v6, v11, v12);
        mix(v, v2, v7, v8, v13);
        mix(v, v3, v4, v9, v14);
    }

    private static void mix(long[] v, int a, int b, int c, int d) {
        v[a] += v[b] + 2 * (v[a] & 0xffffffffL) * (v[b] & 0xffffffffL);
        v[d] = Long.rotateRight(v[d] ^ v[a], 32);
        v[c] += v[d] + 2 * (v[c] & 0xffffffffL) * (v[d] & 0xffffffffL);
        v[b] = Long.rotateRight(v[b] ^ v[c], 24);
        v[a] += v[b] + 2 * (v[a] & 0xffffffffL) * (v[b] & 0xffffffffL);
        v[d] = Long.rotateRight(v[d] ^ v[a], 16);
        v[c] += v[d] + 2 * (v[c] & 0xffffffffL) * (v[d] & 0xffffffffL);
        v[b] = Long.rotateRight(v[b] ^ v[c], 63);
    }

    /** H' (RFC 9106 section 3.3): a hash of any length built from 64-byte BLAKE2b outputs. */
    static byte[] variableHash(byte[] input, int length) {
        if (length <= Blake2b.MAX_OUTPUT_BYTES) {
            return new Blake2b(length).updateLe32(length).update(input).digest();
        }
        byte[] out = new byte[length];
        byte[] v = new Blake2b(64).updateLe32(length).update(input).digest();
        int written = 0;
        while (length - written > Blake2b.MAX_OUTPUT_BYTES) {
            System.arraycopy(v, 0, out, written, 32);
            written += 32;
            byte[] next = new Blake2b(Math.min(Blake2b.MAX_OUTPUT_BYTES, length - written)).update(v).digest();
            Arrays.fill(v, (byte) 0);
            v = next;
        }
        System.arraycopy(v, 0, out, written, v.length);
        Arrays.fill(v, (byte) 0);
        return out;
    }

    private static void putLe32(byte[] out, int offset, int value) {
        for (int i = 0; i < 4; i++) {
            out[offset + i] = (byte) (value >>> (8 * i));
        }
    }
}
