// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Blowfish with the "expensive key schedule" bcrypt needs (Provos and Mazières, "A Future-Adaptable
 * Password Scheme", 1999; OpenBSD blf.c {@code Blowfish_expandstate} and
 * {@code Blowfish_expand0state}). The JDK's Blowfish cipher cannot re-key an existing state, so
 * bcrypt_pbkdf needs its own.
 *
 * <p>Blowfish's initial P-array and S-boxes are the hexadecimal digits of pi's fraction. They are
 * computed once (Machin's formula, a few milliseconds) rather than copied as a 1042-entry table
 * that no reviewer can proofread; tests pin known entries and bcrypt_pbkdf answers.
 */
final class EksBlowfish {
    private static final int ROUNDS = 16;
    private static final int P_WORDS = ROUNDS + 2;
    private static final int S_WORDS = 4 * 256;

    /** Initial state, computed on first use: encrypted keys are rare, the digits are not free. */
    private static final class Digits {
        static final int[] PI = piFractionWords(P_WORDS + S_WORDS);
    }

    private final int[] p = new int[P_WORDS];
    private final int[] s = new int[S_WORDS];
    private int cursor;

    /** A fresh state: P and S from pi, as {@code Blowfish_initstate}. */
    EksBlowfish() {
        System.arraycopy(Digits.PI, 0, p, 0, P_WORDS);
        System.arraycopy(Digits.PI, P_WORDS, s, 0, S_WORDS);
    }

    /** The first {@code count} 32-bit words of the fraction of pi, from floor(pi * 2^(32 count)). */
    static int[] piFractionWords(int count) {
        int guard = 64;
        int bits = 32 * count + guard;
        BigInteger one = BigInteger.ONE.shiftLeft(bits);
        // Machin: pi = 16 arctan(1/5) - 4 arctan(1/239); each truncated term costs under one unit of
        // the last place, far fewer than the 64 guard bits can absorb.
        BigInteger pi = arctanOfInverse(5, one).shiftLeft(4).subtract(arctanOfInverse(239, one).shiftLeft(2));
        BigInteger fraction = pi.subtract(BigInteger.valueOf(3).shiftLeft(bits)).shiftRight(guard);
        int[] words = new int[count];
        for (int i = 0; i < count; i++) {
            words[i] = fraction.shiftRight(32 * (count - 1 - i)).intValue();
        }
        return words;
    }

    /** arctan(1/x) scaled by {@code one}: the alternating series sum of 1 / ((2k+1) x^(2k+1)). */
    private static BigInteger arctanOfInverse(int x, BigInteger one) {
        BigInteger xSquared = BigInteger.valueOf((long) x * x);
        BigInteger power = one.divide(BigInteger.valueOf(x));
        BigInteger sum = power;
        for (int k = 1; power.signum() != 0; k++) {
            power = power.divide(xSquared);
            BigInteger term = power.divide(BigInteger.valueOf(2L * k + 1));
            sum = (k & 1) == 1 ? sum.subtract(term) : sum.add(term);
        }
        return sum;
    }

    private int f(int x) {
        return ((s[x >>> 24] + s[0x100 | ((x >>> 16) & 0xff)]) ^ s[0x200 | ((x >>> 8) & 0xff)]) + s[0x300 | (x & 0xff)];
    }

    /** Encrypts the 64-bit block {@code data[offset], data[offset + 1]} in place. */
    void encipher(int[] data, int offset) {
        int left = data[offset] ^ p[0];
        int right = data[offset + 1];
        for (int i = 1; i <= ROUNDS; i += 2) {
            right ^= f(left) ^ p[i];
            left ^= f(right) ^ p[i + 1];
        }
        data[offset] = right ^ p[P_WORDS - 1];
        data[offset + 1] = left;
    }

    /** The next big-endian word of {@code bytes}, cycling (OpenBSD's {@code Blowfish_stream2word}). */
    private int word(byte[] bytes) {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            if (cursor >= bytes.length) {
                cursor = 0;
            }
            value = (value << 8) | (bytes[cursor++] & 0xff);
        }
        return value;
    }

    /** {@code Blowfish_expandstate}: mixes {@code key} into P, then re-keys with {@code salt} stirred in. */
    void expandState(byte[] salt, byte[] key) {
        cursor = 0;
        for (int i = 0; i < P_WORDS; i++) {
            p[i] ^= word(key);
        }
        cursor = 0;
        int[] block = new int[2];
        for (int i = 0; i < P_WORDS; i += 2) {
            block[0] ^= word(salt);
            block[1] ^= word(salt);
            encipher(block, 0);
            p[i] = block[0];
            p[i + 1] = block[1];
        }
        for (int i = 0; i < S_WORDS; i += 2) {
            block[0] ^= word(salt);
            block[1] ^= word(salt);
            encipher(block, 0);
            s[i] = block[0];
            s[i + 1] = block[1];
        }
    }

    /** {@code Blowfish_expand0state}: the same without a salt. */
    void expand0State(byte[] key) {
        cursor = 0;
        for (int i = 0; i < P_WORDS; i++) {
            p[i] ^= word(key);
        }
        int[] block = new int[2];
        for (int i = 0; i < P_WORDS; i += 2) {
            encipher(block, 0);
            p[i] = block[0];
            p[i + 1] = block[1];
        }
        for (int i = 0; i < S_WORDS; i += 2) {
            encipher(block, 0);
            s[i] = block[0];
            s[i + 1] = block[1];
        }
    }

    /** Big-endian words of {@code bytes} as the cipher reads them, from the start. */
    int[] words(byte[] bytes, int count) {
        cursor = 0;
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = word(bytes);
        }
        return out;
    }

    /** Overwrites the key-dependent state. */
    void wipe() {
        Arrays.fill(p, 0);
        Arrays.fill(s, 0);
    }
}
