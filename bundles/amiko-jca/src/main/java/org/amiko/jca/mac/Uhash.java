// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.mac;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;

/**
 * UHASH, the keyed universal hash inside UMAC (RFC 4418 section 5), for 2 or 4 iterations (64- or
 * 128-bit output), and the AES counter-mode KDF that keys it (section 3.2).
 *
 * <p>Each iteration runs the three layers with its own keys: NH over 1024-byte chunks plus the chunk's
 * bit length (L1, section 5.2); for messages longer than one chunk, the polynomial hash modulo
 * 2^64 - 59 over the NH outputs (L2, section 5.3); then an inner product modulo 2^36 - 5 and a key
 * XOR that squeeze the result to 32 bits (L3, section 5.4).
 *
 * <p>L2 switches to a 128-bit polynomial once the NH outputs exceed 2^17 bytes, that is for messages
 * over 16 MiB. That layer is left out, as in OpenSSH's umac.c, since an SSH packet is a few hundred
 * KiB at most; longer input is refused rather than hashed wrongly.
 *
 * <p>Keys are kept as the integers the layers use, derived once; hashing allocates nothing. Not
 * thread-safe: one instance per direction, as {@link org.amiko.spi.mac.PacketMac} is.
 */
final class Uhash {
    /** Longest message without the 128-bit polynomial: 2^14 NH chunks, whose outputs fill 2^17 bytes. */
    static final int MAX_MESSAGE = 1 << 24;

    /** NH's key and chunk length, in bytes. */
    private static final int CHUNK = 1024;
    /** The prime 2^64 - 59 of POLY64, and 59 = 2^64 mod that prime. */
    private static final long P64 = 0xFFFFFFFFFFFFFFC5L;
    private static final long P64_OFFSET = 59;
    /** POLY64's maxwordrange 2^64 - 2^32: words at or above it are sent as marker and word - offset. */
    private static final long MAX_WORD_RANGE = 0xFFFFFFFF00000000L;
    /** Clears bits of each polynomial key (section 5.3.1); it also keeps key times accumulator below 2^121. */
    private static final long POLY_KEY_MASK = 0x01FFFFFF01FFFFFFL;
    /** The prime 2^36 - 5 of L3. */
    private static final long P36 = 0xFFFFFFFFBL;
    private static final long LOW32 = 0xFFFFFFFFL;
    /** NH reads message words little-endian (the RFC's ENDIAN-SWAP), keys big-endian. */
    private static final VarHandle LITTLE_INT = MethodHandles.byteArrayViewVarHandle(int[].class,
            ByteOrder.LITTLE_ENDIAN);

    private final int iterations;
    /** L1: the NH key words; iteration i starts 4 words (16 bytes) further along. */
    private final int[] nhKey;
    /** L2: one 64-bit polynomial key per iteration. */
    private final long[] polyKey;
    /**
     * L3: four inner-product keys per iteration, for the low 8 bytes of L3's 16-byte input. The high
     * 8 bytes are zero without the 128-bit polynomial, so their keys would only ever multiply zero.
     */
    private final long[] innerKey;
    /** L3: the 32-bit word each iteration's result is XORed with. */
    private final int[] outerKey;
    /** The last partial 32-byte block of a message, zero-padded as NH wants it. */
    private final byte[] tail = new byte[32];
    /** Each iteration's 32-bit result, held until the whole message has been read. */
    private final int[] results;

    /**
     * Derives the keys of UHASH-{@code 32 * iterations} from {@code kdf}, AES keyed with the UMAC key.
     */
    Uhash(Cipher kdf, int iterations) throws GeneralSecurityException {
        this.iterations = iterations;
        this.results = new int[iterations];
        byte[] l1 = kdf(kdf, 1, CHUNK + (iterations - 1) * 16);
        byte[] l2 = kdf(kdf, 2, iterations * 24);
        byte[] l3a = kdf(kdf, 3, iterations * 64);
        byte[] l3b = kdf(kdf, 4, iterations * 4);
        nhKey = new int[l1.length / 4];
        for (int i = 0; i < nhKey.length; i++) {
            nhKey[i] = (int) bigEndian(l1, 4 * i, 4);
        }
        polyKey = new long[iterations];
        innerKey = new long[4 * iterations];
        outerKey = new int[iterations];
        for (int i = 0; i < iterations; i++) {
            polyKey[i] = bigEndian(l2, 24 * i, 8) & POLY_KEY_MASK; // the other 16 bytes key POLY128
            for (int j = 0; j < 4; j++) {
                innerKey[4 * i + j] = Long.remainderUnsigned(bigEndian(l3a, 64 * i + 8 * (4 + j), 8), P36);
            }
            outerKey[i] = (int) bigEndian(l3b, 4 * i, 4);
        }
        for (byte[] key : new byte[][] {l1, l2, l3a, l3b}) {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * KDF(K, index, length) of RFC 4418 section 3.2: AES in counter mode over
     * {@code uint64 index || uint64 counter}, the counter starting at 1.
     */
    static byte[] kdf(Cipher aes, int index, int length) throws GeneralSecurityException {
        byte[] in = new byte[16];
        byte[] out = new byte[(length + 15) & ~15];
        putBigEndian(in, 0, index);
        for (int block = 0; block < out.length / 16; block++) {
            putBigEndian(in, 8, block + 1);
            aes.doFinal(in, 0, 16, out, 16 * block);
        }
        byte[] key = Arrays.copyOf(out, length);
        Arrays.fill(out, (byte) 0);
        return key;
    }

    /** Bytes of hash: 4 per iteration. */
    int length() {
        return 4 * iterations;
    }

    /**
     * Writes UHASH of {@code data[offset..offset+length)} to {@code out[outOffset..outOffset+length())}.
     * All input is read before anything is written.
     *
     * @throws IllegalArgumentException for a message over {@link #MAX_MESSAGE} bytes
     */
    void hash(byte[] data, int offset, int length, byte[] out, int outOffset) {
        if (length > MAX_MESSAGE) {
            throw new IllegalArgumentException("UMAC here takes at most 16 MiB, not " + length + " bytes");
        }
        for (int i = 0; i < iterations; i++) {
            long hashed;
            if (length <= CHUNK) {
                // One chunk: L2 is skipped and its output is 8 zero bytes then the L1 output.
                hashed = nh(i, data, offset, length);
            } else {
                long y = 1;
                for (int done = 0; done < length; done += CHUNK) {
                    y = poly64(y, polyKey[i], nh(i, data, offset + done, Math.min(CHUNK, length - done)));
                }
                hashed = y;
            }
            results[i] = innerProduct(i, hashed);
        }
        for (int i = 0; i < iterations; i++) {
            putBigEndian32(out, outOffset + 4 * i, results[i]);
        }
    }

    /**
     * L1 for one chunk and iteration: NH over the chunk zero-padded to a positive multiple of 32 bytes,
     * plus the chunk's length in bits, modulo 2^64. An empty message is one block of zeros.
     */
    private long nh(int iteration, byte[] data, int offset, int length) {
        int full = length & ~31;
        long sum = nhBlocks(data, offset, full, 4 * iteration);
        if (full < length || length == 0) {
            Arrays.fill(tail, (byte) 0);
            System.arraycopy(data, offset + full, tail, 0, length - full);
            sum += nhBlocks(tail, 0, 32, 4 * iteration + full / 4);
        }
        return sum + 8L * length;
    }

    /**
     * NH (RFC 4418 section 5.2.2) over whole 32-byte blocks: each block pairs word j with word j + 4,
     * both plus their key words modulo 2^32, and adds the four 64-bit products.
     */
    private long nhBlocks(byte[] data, int offset, int length, int keyWord) {
        int[] k = nhKey;
        long sum = 0;
        for (int at = offset, end = offset + length; at < end; at += 32, keyWord += 8) {
            int m0 = (int) LITTLE_INT.get(data, at);
            int m1 = (int) LITTLE_INT.get(data, at + 4);
            int m2 = (int) LITTLE_INT.get(data, at + 8);
            int m3 = (int) LITTLE_INT.get(data, at + 12);
            int m4 = (int) LITTLE_INT.get(data, at + 16);
            int m5 = (int) LITTLE_INT.get(data, at + 20);
            int m6 = (int) LITTLE_INT.get(data, at + 24);
            int m7 = (int) LITTLE_INT.get(data, at + 28);
            sum += ((m0 + k[keyWord]) & LOW32) * ((m4 + k[keyWord + 4]) & LOW32)
                    + ((m1 + k[keyWord + 1]) & LOW32) * ((m5 + k[keyWord + 5]) & LOW32)
                    + ((m2 + k[keyWord + 2]) & LOW32) * ((m6 + k[keyWord + 6]) & LOW32)
                    + ((m3 + k[keyWord + 3]) & LOW32) * ((m7 + k[keyWord + 7]) & LOW32);
        }
        return sum;
    }

    /** One word of POLY64 (RFC 4418 section 5.3.2); words in the top 2^32 are escaped with the marker. */
    private static long poly64(long y, long key, long word) {
        if (Long.compareUnsigned(word, MAX_WORD_RANGE) >= 0) {
            return polyStep(polyStep(y, key, P64 - 1), key, word - P64_OFFSET);
        }
        return polyStep(y, key, word);
    }

    /** {@code (key * y + m) mod P64} for a masked key, {@code y < P64} and {@code m < P64}, fully reduced. */
    private static long polyStep(long y, long key, long m) {
        long low = key * y;
        // The unsigned high word; the key is below 2^57, so only y can look negative to multiplyHigh.
        long high = Math.multiplyHigh(key, y) + ((y >> 63) & key);
        // 2^64 = 59 (mod P64), so high * 2^64 + low = high * 59 + low; high * 59 stays below 2^63.
        long r = addMod(low, high * P64_OFFSET);
        return addMod(r, m);
    }

    /** {@code (a + b) mod P64}, where a carry out of 64 bits is worth 59. */
    private static long addMod(long a, long b) {
        long sum = a + b;
        if (Long.compareUnsigned(sum, b) < 0) {
            sum += P64_OFFSET; // the wrapped sum is below b, so this cannot carry again
        }
        return Long.compareUnsigned(sum, P64) >= 0 ? sum - P64 : sum;
    }

    /**
     * L3-HASH (RFC 4418 section 5.4) of {@code 0^64 || y}: y's four 16-bit pieces times their keys,
     * modulo 2^36 - 5, truncated to 32 bits and XORed with the iteration's outer key.
     */
    private int innerProduct(int iteration, long y) {
        long sum = 0; // four products of 16 and 36 bits: below 2^54
        for (int j = 0; j < 4; j++) {
            sum += ((y >>> (48 - 16 * j)) & 0xFFFF) * innerKey[4 * iteration + j];
        }
        return (int) (sum % P36) ^ outerKey[iteration];
    }

    private static long bigEndian(byte[] bytes, int offset, int length) {
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = (value << 8) | (bytes[offset + i] & 0xFF);
        }
        return value;
    }

    private static void putBigEndian(byte[] bytes, int offset, long value) {
        for (int i = 0; i < 8; i++) {
            bytes[offset + i] = (byte) (value >>> (56 - 8 * i));
        }
    }

    private static void putBigEndian32(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) (value >>> 24);
        bytes[offset + 1] = (byte) (value >>> 16);
        bytes[offset + 2] = (byte) (value >>> 8);
        bytes[offset + 3] = (byte) value;
    }
}
