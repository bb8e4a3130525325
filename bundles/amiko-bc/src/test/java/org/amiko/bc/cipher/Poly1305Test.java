// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.cipher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.amiko.testkit.VectorFile;
import org.amiko.testkit.VectorFile.Vector;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Poly1305 against RFC 8439 (the section 2.5.2 example and all of Appendix A.3, whose #5-#11 aim at
 * the carries and the final reduction), and against Bouncy Castle's independent implementation for
 * every length up to 1000 bytes, fed in chunks that do not follow the 16-byte blocks.
 */
class Poly1305Test {
    private static final VectorFile RFC8439 = VectorFile.load(Poly1305Test.class, "/vectors/rfc8439-poly1305.txt");
    /** Fixed, so that a failure can be repeated. */
    private static final long SEED = 0x1305_8439L;

    static Stream<Vector> rfc8439() {
        return RFC8439.vectors().stream();
    }

    private static byte[] tag(Poly1305 poly, byte[] key, byte[] message) {
        return tag(poly, key, message, Math.max(1, message.length));
    }

    /** The tag with the message fed in updates of {@code chunk} bytes (the last one shorter); also for {@link LanePoly1305Test}. */
    static byte[] tag(Poly1305 poly, byte[] key, byte[] message, int chunk) {
        poly.init(key, 0);
        for (int at = 0; at < message.length; at += chunk) {
            poly.update(message, at, Math.min(chunk, message.length - at));
        }
        byte[] tag = new byte[Poly1305.TAG_LENGTH];
        poly.doFinal(tag, 0);
        return tag;
    }

    /** Bouncy Castle's tag, the independent reference (also for {@link LanePoly1305Test}). */
    static byte[] bouncyCastleTag(byte[] key, byte[] message) {
        org.bouncycastle.crypto.macs.Poly1305 poly = new org.bouncycastle.crypto.macs.Poly1305();
        poly.init(new KeyParameter(key));
        poly.update(message, 0, message.length);
        byte[] tag = new byte[Poly1305.TAG_LENGTH];
        poly.doFinal(tag, 0);
        return tag;
    }

    @ParameterizedTest
    @MethodSource("rfc8439")
    void givesTheRfc8439Tags(Vector vector) {
        byte[] tag = tag(new Poly1305(), vector.hex("KEY"), vector.hex("MESSAGE"));
        assertArrayEquals(vector.hex("TAG"), tag, vector.text("NAME"));
    }

    @ParameterizedTest
    @MethodSource("rfc8439")
    void givesTheRfc8439TagsFedByteByByteWithKeyAndTagAtOffsets(Vector vector) {
        byte[] key = vector.hex("KEY");
        byte[] message = vector.hex("MESSAGE");
        byte[] keyAt7 = new byte[7 + key.length + 3];
        System.arraycopy(key, 0, keyAt7, 7, key.length);
        Poly1305 poly = new Poly1305();
        poly.init(keyAt7, 7);
        for (int i = 0; i < message.length; i++) {
            poly.update(message, i, 1);
        }
        byte[] out = new byte[5 + Poly1305.TAG_LENGTH + 5];
        poly.doFinal(out, 5);
        assertArrayEquals(vector.hex("TAG"), Arrays.copyOfRange(out, 5, 5 + Poly1305.TAG_LENGTH), vector.text("NAME"));
        assertArrayEquals(new byte[5], Arrays.copyOf(out, 5), "nothing written before the tag");
        assertArrayEquals(new byte[5], Arrays.copyOfRange(out, out.length - 5, out.length), "nor after it");
    }

    @Test
    void agreesWithBouncyCastleForEveryLengthUpTo1000InUnalignedChunks() {
        Random random = new Random(SEED);
        Poly1305 poly = new Poly1305(); // one instance, re-keyed each time, as the packet path uses it
        byte[] key = new byte[Poly1305.KEY_LENGTH];
        for (int length = 0; length <= 1000; length++) {
            for (int round = 0; round < 3; round++) {
                random.nextBytes(key);
                byte[] message = new byte[length];
                random.nextBytes(message);
                poly.init(key, 0);
                int at = 0;
                while (at < length) {
                    // 0..40 bytes: empty updates, partial blocks, and chunks across block boundaries
                    int chunk = Math.min(length - at, random.nextInt(41));
                    poly.update(message, at, chunk);
                    at += chunk;
                }
                byte[] tag = new byte[Poly1305.TAG_LENGTH];
                poly.doFinal(tag, 0);
                assertArrayEquals(bouncyCastleTag(key, message), tag, "length " + length + ", round " + round);
            }
        }
    }

    @Test
    void agreesWithBouncyCastleWhereTheLimbsAreLargest() {
        // all-ones keys clamp to the largest r, and all-ones messages give the largest limbs: the
        // carry bounds in Poly1305.blocks are tightest here, over a full 32 KiB packet and more
        byte[] key = new byte[Poly1305.KEY_LENGTH];
        Arrays.fill(key, (byte) 0xff);
        Poly1305 poly = new Poly1305();
        for (int length : new int[] {15, 16, 17, 255, 1000, 32 * 1024 + 37, 100_000}) {
            byte[] message = new byte[length];
            Arrays.fill(message, (byte) 0xff);
            assertArrayEquals(bouncyCastleTag(key, message), tag(poly, key, message), "all ones, length " + length);
            Arrays.fill(message, (byte) 0xfe);
            assertArrayEquals(bouncyCastleTag(key, message), tag(poly, key, message), "0xfe, length " + length);
        }
    }

    @Test
    void agreesWithBouncyCastleOnPacketSizedMessages() {
        Random random = new Random(SEED + 1);
        Poly1305 poly = new Poly1305();
        byte[] key = new byte[Poly1305.KEY_LENGTH];
        for (int length : new int[] {4 + 32 * 1024 + 8, 4 + 35_000, 65_536}) {
            random.nextBytes(key);
            byte[] message = new byte[length];
            random.nextBytes(message);
            assertArrayEquals(bouncyCastleTag(key, message), tag(poly, key, message), "length " + length);
        }
    }

    @Test
    void initForgetsAnUnfinishedMessage() {
        Vector vector = RFC8439.find("NAME", "RFC 8439 A.3 #4");
        byte[] key = vector.hex("KEY");
        byte[] message = vector.hex("MESSAGE");
        Poly1305 poly = new Poly1305();
        poly.init(key, 0);
        poly.update(message, 0, 21); // a full block and five bytes pending
        assertArrayEquals(vector.hex("TAG"), tag(poly, key, message));
    }

    @Test
    void nothingOfTheKeyOutlivesTheTag() {
        // after doFinal r and s are zero, so a tag without a new init is the all-zero key's: zero
        Vector vector = RFC8439.find("NAME", "RFC 8439 2.5.2");
        Poly1305 poly = new Poly1305();
        tag(poly, vector.hex("KEY"), vector.hex("MESSAGE"));
        byte[] message = vector.hex("MESSAGE");
        poly.update(message, 0, message.length);
        byte[] tag = new byte[Poly1305.TAG_LENGTH];
        poly.doFinal(tag, 0);
        assertArrayEquals(new byte[Poly1305.TAG_LENGTH], tag);
    }
}
