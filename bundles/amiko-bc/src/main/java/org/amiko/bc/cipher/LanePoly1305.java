// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.cipher;

import java.util.Arrays;

/**
 * The bulk path of {@link Poly1305}: many full blocks evaluated as {@value #LANES} independent
 * chains side by side, so that HotSpot's C2 can put the lanes in vector registers (its superword
 * pass), as {@link LaneChaChaKeystream} does for ChaCha20.
 *
 * <p>n steps of RFC 8439's {@code h = (h + m) r} (section 2.5.1) give {@code h r^n + sum m_i
 * r^(n-i)}. With K = {@value #LANES} lanes, n = qK and block i = tK + l in lane l, the power
 * {@code r^(n-i)} is {@code (r^K)^(q-1-t) r^(K-l)}: each lane runs its own Horner chain over every
 * K-th block with the multiplier {@code R = r^K}, and at the end the lanes are joined by one more
 * Horner pass, {@code sum L_l r^(K-l)}. The incoming h joins lane 0's first block, where it gets
 * {@code R^(q-1) r^K = r^n}. This is the scheme of the vectorised Poly1305 in OpenSSL and the JDK,
 * with more lanes.
 *
 * <p>The lanes hold five limbs of 26 bits (radix 2^26, as poly1305-donna-32), each in a
 * {@code long}: a 26 by 28-bit product and sums of five of them fit a 64-bit lane, and a vector of
 * 64-bit multiplies is what C2 emits for them. Every loop runs to the constant {@link #LANES} over
 * separate arrays and does one small thing (two products, or one carry), because C2 unrolls, and
 * so vectorises, only loops with small bodies: one loop doing a whole step runs at scalar speed.
 * On the benchmark machine (AVX-512, JDK 17 and 25) the lanes alone absorb 3.4-3.8 GB/s, against
 * 1.7-1.9 GB/s for {@link Poly1305}'s scalar two-block step, and 32 KiB chacha20-poly1305 packets
 * seal and open at 1.2 GB/s on JDK 17 instead of 0.9 GB/s (JMH {@code PacketBenchmark}).
 *
 * <p>The arrays are a thread's scratch, not a session's (8.8 KiB per thread that sealed or opened
 * chacha20-poly1305, none per session), and everything derived from the key or the accumulator is
 * zeroed at the end of each pass, however it ends; the pass's result until {@link #forget}. The
 * thread holds them as plain {@code long} arrays, borrowed by a pass: a thread-local value of a
 * class of this bundle would keep the bundle's class loader alive in every I/O thread after the
 * bundle is removed from {@code deploy/}. A pass allocates nothing. No branch or index depends on
 * the key or the data.
 */
final class LanePoly1305 {
    /** Lanes, a power of two so that {@code r^LANES} takes {@code log2(LANES)} squarings. */
    static final int LANES = 64;
    private static final int LANE_SQUARINGS = 6;
    /** Bytes of message per step of every lane. */
    static final int GROUP = LANES * Poly1305.BLOCK;
    /**
     * Fewer steps than this go through the scalar path: a pass has a fixed cost (r^64, joining the
     * 64 lanes, zeroing) of about as much as 2 KiB of message.
     */
    static final int MIN_GROUPS = 4;

    private static final long M26 = (1L << 26) - 1;
    /** 2^128, added to every full block, as limb 4 sees it (bit 128 - 104). */
    private static final long FULL_BLOCK_BIT = 1L << 24;
    /**
     * Arrays of {@link #LANES} per thread: h0-h4, x0-x4, d0-d4 (the {@link #SECRET_ROWS} that
     * depend on the key), then low and high (the ciphertext).
     */
    private static final int ROWS = 17;
    private static final int SECRET_ROWS = 15;
    private static final ThreadLocal<long[][]> SCRATCH = ThreadLocal.withInitial(() -> new long[ROWS][LANES]);

    // the lanes' accumulators, one array per limb
    private long[] h0;
    private long[] h1;
    private long[] h2;
    private long[] h3;
    private long[] h4;
    // the step's blocks as two little-endian words each
    private long[] low;
    private long[] high;
    // h + m
    private long[] x0;
    private long[] x1;
    private long[] x2;
    private long[] x3;
    private long[] x4;
    // (h + m) R before carrying
    private long[] d0;
    private long[] d1;
    private long[] d2;
    private long[] d3;
    private long[] d4;
    /** This thread's rows while a pass runs, else null. */
    private long[][] rows;

    // the last scalar product (see multiply), limbs of 26 bits
    private long p0;
    private long p1;
    private long p2;
    private long p3;
    private long p4;

    // the result of absorb, in Poly1305's radix 2^44
    long out0;
    long out1;
    long out2;

    LanePoly1305() {}

    /**
     * {@code groups} times {@value #LANES} full blocks at {@code in[offset..]} into the accumulator
     * {@code a} (radix 2^44 as {@link Poly1305} holds it: a0 below 2^44, a1 below 2^44 + 2^12, a2
     * below 2^42) with the clamped key {@code r} (same radix); the new accumulator, bounded the
     * same way, is left in {@link #out0}, {@link #out1}, {@link #out2}. The caller checks the range.
     */
    void absorb(byte[] in, int offset, int groups, long r0, long r1, long r2, long a0, long a1, long a2) {
        bind(SCRATCH.get());
        try {
            pass(in, offset, groups, r0, r1, r2, a0, a1, a2);
        } finally {
            // lanes 1 to 63 must start the next pass at zero, and nothing of this key may stay
            wipe();
            bind(null);
        }
    }

    private void pass(byte[] in, int offset, int groups, long r0, long r1, long r2, long a0, long a1, long a2) {
        // r in radix 2^26, and R = r^LANES by squaring
        toRadix26(r0, r1, r2);
        long t0 = p0;
        long t1 = p1;
        long t2 = p2;
        long t3 = p3;
        long t4 = p4;
        for (int i = 0; i < LANE_SQUARINGS; i++) {
            multiply(p0, p1, p2, p3, p4, p0, p1, p2, p3, p4);
        }
        long q0 = p0;
        long q1 = p1;
        long q2 = p2;
        long q3 = p3;
        long q4 = p4;

        // the incoming accumulator joins lane 0 (limb 1 carried first, so that no limb exceeds 2^26)
        long c = a1 >>> 44;
        toRadix26(a0, a1 & Poly1305.M44, a2 + c);
        h0[0] = p0;
        h1[0] = p1;
        h2[0] = p2;
        h3[0] = p3;
        h4[0] = p4;

        int at = offset;
        for (int step = 0; step < groups - 1; step++, at += GROUP) {
            load(in, at);
            addBlocks();
            multiplyLanes(q0, q1, q2, q3, q4);
        }
        // the last step adds its blocks without multiplying: the join below supplies r^(K-l)
        load(in, at);
        addBlocks();

        // join: sum x_l r^(K-l), one scalar Horner pass over the lanes
        long s0 = 0;
        long s1 = 0;
        long s2 = 0;
        long s3 = 0;
        long s4 = 0;
        for (int lane = 0; lane < LANES; lane++) {
            multiply(s0 + x0[lane], s1 + x1[lane], s2 + x2[lane], s3 + x3[lane], s4 + x4[lane], t0, t1, t2, t3, t4);
            s0 = p0;
            s1 = p1;
            s2 = p2;
            s3 = p3;
            s4 = p4;
        }
        toRadix44(s0, s1, s2, s3, s4);
    }

    /** The blocks of one step, as two words each: strided reads do not vectorise, so they go alone. */
    private void load(byte[] in, int at) {
        for (int lane = 0; lane < LANES; lane++) {
            low[lane] = (long) Poly1305.LE_LONG.get(in, at + Poly1305.BLOCK * lane);
            high[lane] = (long) Poly1305.LE_LONG.get(in, at + Poly1305.BLOCK * lane + 8);
        }
    }

    /** x = h + m, m split into limbs with 2^128 added. */
    private void addBlocks() {
        lowLimbs(low, h0, h1, x0, x1);
        highLimbs(low, high, h2, h3, h4, x2, x3, x4);
    }

    private static void lowLimbs(long[] low, long[] h0, long[] h1, long[] x0, long[] x1) {
        for (int lane = 0; lane < LANES; lane++) {
            long word = low[lane];
            x0[lane] = h0[lane] + (word & M26);
            x1[lane] = h1[lane] + ((word >>> 26) & M26);
        }
    }

    private static void highLimbs(long[] low, long[] high, long[] h2, long[] h3, long[] h4, long[] x2, long[] x3,
            long[] x4) {
        for (int lane = 0; lane < LANES; lane++) {
            long word = high[lane];
            x2[lane] = h2[lane] + (((low[lane] >>> 52) | (word << 12)) & M26);
            x3[lane] = h3[lane] + ((word >>> 14) & M26);
            x4[lane] = h4[lane] + ((word >>> 40) | FULL_BLOCK_BIT);
        }
    }

    /**
     * h = x R mod 2^130 - 5, partially reduced. As in the scalar {@link #multiply}, limb products at
     * 2^130 and above wrap around times 5 (2^130 = 5 mod p), hence the {@code 5 q} terms. With x
     * below 2^27.1 and q below 2^26 (5q below 2^28.4) every sum of five products stays below 2^58.
     */
    private void multiplyLanes(long q0, long q1, long q2, long q3, long q4) {
        long v1 = q1 * 5;
        long v2 = q2 * 5;
        long v3 = q3 * 5;
        long v4 = q4 * 5;
        productRow(d0, q0, v4, v3, v2, v1);
        productRow(d1, q1, q0, v4, v3, v2);
        productRow(d2, q2, q1, q0, v4, v3);
        productRow(d3, q3, q2, q1, q0, v4);
        productRow(d4, q4, q3, q2, q1, q0);
        carry(d0, h0, d1, 1);
        carry(d1, h1, d2, 1);
        carry(d2, h2, d3, 1);
        carry(d3, h3, d4, 1);
        carry(d4, h4, h0, 5); // 2^130 = 5 mod p
        carry(h0, h0, h1, 1); // leaves h1 below 2^26 + 2^9, every other limb below 2^26
    }

    /** d = x0 f0 + x1 f1 + x2 f2 + x3 f3 + x4 f4, in loops small enough for C2 to vectorise. */
    private void productRow(long[] d, long f0, long f1, long f2, long f3, long f4) {
        twoProducts(d, x0, f0, x1, f1);
        twoMoreProducts(d, x2, f2, x3, f3);
        oneMoreProduct(d, x4, f4);
    }

    private static void twoProducts(long[] d, long[] a, long f, long[] b, long g) {
        for (int lane = 0; lane < LANES; lane++) {
            d[lane] = a[lane] * f + b[lane] * g;
        }
    }

    private static void twoMoreProducts(long[] d, long[] a, long f, long[] b, long g) {
        for (int lane = 0; lane < LANES; lane++) {
            d[lane] += a[lane] * f + b[lane] * g;
        }
    }

    private static void oneMoreProduct(long[] d, long[] a, long f) {
        for (int lane = 0; lane < LANES; lane++) {
            d[lane] += a[lane] * f;
        }
    }

    /** low = from mod 2^26; to += (from / 2^26) factor. */
    private static void carry(long[] from, long[] low, long[] to, long factor) {
        for (int lane = 0; lane < LANES; lane++) {
            long value = from[lane];
            low[lane] = value & M26;
            to[lane] += (value >>> 26) * factor;
        }
    }

    /**
     * p = a b mod 2^130 - 5 in radix 2^26, partially reduced (p1 below 2^26 + 2^9, the others below
     * 2^26). a below 2^27.6 and b below 2^26 + 2^9 per limb keep every sum below 2^59.
     */
    private void multiply(long a0, long a1, long a2, long a3, long a4, long b0, long b1, long b2, long b3, long b4) {
        long v1 = b1 * 5;
        long v2 = b2 * 5;
        long v3 = b3 * 5;
        long v4 = b4 * 5;
        long e0 = a0 * b0 + a1 * v4 + a2 * v3 + a3 * v2 + a4 * v1;
        long e1 = a0 * b1 + a1 * b0 + a2 * v4 + a3 * v3 + a4 * v2;
        long e2 = a0 * b2 + a1 * b1 + a2 * b0 + a3 * v4 + a4 * v3;
        long e3 = a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0 + a4 * v4;
        long e4 = a0 * b4 + a1 * b3 + a2 * b2 + a3 * b1 + a4 * b0;
        e1 += e0 >>> 26;
        e2 += e1 >>> 26;
        e3 += e2 >>> 26;
        e4 += e3 >>> 26;
        long first = (e0 & M26) + (e4 >>> 26) * 5;
        p0 = first & M26;
        p1 = (e1 & M26) + (first >>> 26);
        p2 = e2 & M26;
        p3 = e3 & M26;
        p4 = e4 & M26;
    }

    /**
     * The value of {@code x} in radix 2^44 (x0 and x1 below 2^44, x2 below 2^42 + 1) as five limbs
     * of radix 2^26 (each at most 2^26) in {@link #p0}..{@link #p4}.
     */
    private void toRadix26(long x0, long x1, long x2) {
        p0 = x0 & M26;
        p1 = ((x0 >>> 26) | (x1 << 18)) & M26;
        p2 = (x1 >>> 8) & M26;
        p3 = ((x1 >>> 34) | (x2 << 10)) & M26;
        p4 = x2 >>> 16;
    }

    /**
     * The value of limbs {@code l} (l1 below 2^26 + 2^9, the others below 2^26) in radix 2^44,
     * with the top limb folded back below 2^42, into {@link #out0}..{@link #out2}. The fold is
     * needed only when the value reaches 2^130, which the join's limbs allow at their largest (then
     * o0 is below 2^35, so the carry into o1 stays 0 for limbs in range; it is kept as a guard).
     * Package-private for the test that reaches the fold.
     */
    void toRadix44(long l0, long l1, long l2, long l3, long l4) {
        long word = l0 + (l1 << 26); // below 2^53
        long o0 = word & Poly1305.M44;
        word = (word >>> 44) + (l2 << 8) + (l3 << 34); // below 2^61
        long o1 = word & Poly1305.M44;
        long o2 = (word >>> 44) + (l4 << 16); // below 2^42 + 2^17
        long c = o2 >>> 42;
        o2 &= Poly1305.M42;
        o0 += c * 5;
        c = o0 >>> 44;
        o0 &= Poly1305.M44;
        o1 += c;
        out0 = o0;
        out1 = o1;
        out2 = o2;
    }

    /** Forgets the last pass's result, once the caller has taken it. */
    void forget() {
        out0 = 0;
        out1 = 0;
        out2 = 0;
    }

    /** Whether this thread's lanes hold nothing of its last pass (for the tests). */
    static boolean threadLanesClear() {
        long[][] scratch = SCRATCH.get();
        for (int row = 0; row < SECRET_ROWS; row++) {
            for (long value : scratch[row]) {
                if (value != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Points the array fields at {@code scratch}'s rows, or at nothing. */
    private void bind(long[][] scratch) {
        rows = scratch;
        boolean bound = scratch != null;
        h0 = bound ? scratch[0] : null;
        h1 = bound ? scratch[1] : null;
        h2 = bound ? scratch[2] : null;
        h3 = bound ? scratch[3] : null;
        h4 = bound ? scratch[4] : null;
        x0 = bound ? scratch[5] : null;
        x1 = bound ? scratch[6] : null;
        x2 = bound ? scratch[7] : null;
        x3 = bound ? scratch[8] : null;
        x4 = bound ? scratch[9] : null;
        d0 = bound ? scratch[10] : null;
        d1 = bound ? scratch[11] : null;
        d2 = bound ? scratch[12] : null;
        d3 = bound ? scratch[13] : null;
        d4 = bound ? scratch[14] : null;
        low = bound ? scratch[15] : null;
        high = bound ? scratch[16] : null;
    }

    private void wipe() {
        for (int row = 0; row < SECRET_ROWS; row++) {
            Arrays.fill(rows[row], 0);
        }
        p0 = 0;
        p1 = 0;
        p2 = 0;
        p3 = 0;
        p4 = 0;
    }
}
