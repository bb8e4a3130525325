// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.cipher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.amiko.testkit.VectorFile;
import org.amiko.testkit.VectorFile.Vector;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both keystreams give D. J. Bernstein's original ChaCha20 with the 64-bit nonce {@code nonce64},
 * which OpenSSH's chacha20-poly1305 uses: the JDK's RFC 8439 ChaCha20 with the nonce
 * {@code 0x00000000 || nonce64}, and the lane implementation. The expected keystreams come from two
 * other implementations of the original cipher (OpenSSL with a 64-bit counter, libsodium) and
 * include draft-agl-tls-chacha20poly1305 section 7's published TC1 and TC8; see vectors/README.md.
 */
class ChaChaKeystreamTest {
    /** Makes a keystream of the 32-byte key at {@code key[offset..]}. */
    interface Implementation {
        ChaChaKeystream of(byte[] key, int offset) throws GeneralSecurityException;
    }

    static Stream<Named<Implementation>> implementations() {
        return Stream.of(Named.of("JDK", JdkChaChaKeystream::new), Named.of("lanes", LaneChaChaKeystream::new));
    }

    static Stream<Arguments> implementationsAndVectors() {
        return implementations().flatMap(implementation -> originalKeystreams()
                .map(vector -> Arguments.of(implementation, vector)));
    }

    private static final VectorFile ORIGINAL =
            VectorFile.load(ChaChaKeystreamTest.class, "/vectors/chacha20-original-keystream.txt");

    static Stream<Vector> originalKeystreams() {
        return ORIGINAL.vectors().stream();
    }

    private static byte[] keystream(Implementation implementation, byte[] key, long nonce, int counter, int length)
            throws GeneralSecurityException {
        ChaChaKeystream stream = implementation.of(key, 0);
        stream.start(nonce, counter);
        byte[] out = new byte[length];
        stream.apply(new byte[length], 0, length, out, 0);
        return out;
    }

    @ParameterizedTest
    @MethodSource("implementationsAndVectors")
    void givesTheOriginalKeystream(Implementation implementation, Vector vector) throws GeneralSecurityException {
        byte[] expected = vector.hex("KEYSTREAM");
        long nonce = ByteBuffer.wrap(vector.hex("NONCE")).getLong(); // the 8 nonce bytes, read big-endian
        int counter = vector.unsigned("COUNTER").intValue();
        assertArrayEquals(expected, keystream(implementation, vector.hex("KEY"), nonce, counter, expected.length),
                vector.text("NAME"));
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void keystreamContinuesAcrossCallsAsOneStream(Implementation implementation) throws GeneralSecurityException {
        // The framing takes the Poly1305 key from block 0 and goes on with block 1 in the same stream.
        Vector tc8 = ORIGINAL.find("NAME", "draft-agl TC8");
        ChaChaKeystream stream = implementation.of(tc8.hex("KEY"), 0);
        stream.start(ByteBuffer.wrap(tc8.hex("NONCE")).getLong(), 0);
        byte[] out = new byte[256];
        stream.apply(new byte[64], 0, 64, out, 0);
        stream.apply(new byte[5], 0, 5, out, 64);
        stream.apply(new byte[187], 0, 187, out, 69);
        assertArrayEquals(tc8.hex("KEYSTREAM"), out);
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void keyIsTakenFromTheGivenHalf(Implementation implementation) throws GeneralSecurityException {
        Vector tc8 = ORIGINAL.find("NAME", "draft-agl TC8");
        byte[] twoKeys = new byte[64];
        System.arraycopy(tc8.hex("KEY"), 0, twoKeys, 32, 32);
        ChaChaKeystream stream = implementation.of(twoKeys, 32);
        stream.start(ByteBuffer.wrap(tc8.hex("NONCE")).getLong(), 0);
        byte[] out = new byte[64];
        stream.apply(new byte[64], 0, 64, out, 0);
        assertArrayEquals(Arrays.copyOf(tc8.hex("KEYSTREAM"), 64), out);
    }

    @Test
    void jdkRefusesToRestartWithTheSameKeyAndNonce() throws GeneralSecurityException {
        // The framing relies on this guard and so starts each key's stream once per packet.
        ChaChaKeystream stream = new JdkChaChaKeystream(new byte[32], 0);
        stream.start(7, 0);
        assertThrows(InvalidKeyException.class, () -> stream.start(7, 1));
        stream.start(8, 0);
    }

    @Test
    void lanesAgreeWithTheJdkCipherOverBatchesBlocksAndSplits() throws GeneralSecurityException {
        // Fixed seed: a failure names the case, and the same cases run every time.
        Random random = new Random(20261125);
        for (int trial = 0; trial < 300; trial++) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            long nonce = random.nextLong();
            int counter = random.nextInt(1 << 20);
            int length = random.nextInt(3 * LaneChaChaKeystream.BATCH + 2 * ChaChaKeystream.BLOCK);
            byte[] data = new byte[length + 11];
            random.nextBytes(data);
            byte[] expected = new byte[length];
            ChaChaKeystream jdk = new JdkChaChaKeystream(key, 0);
            jdk.start(nonce, counter);
            jdk.apply(data, 11, length, expected, 0);
            // in place, at an offset, in pieces that cut batches and blocks anywhere
            byte[] actual = Arrays.copyOf(data, data.length);
            ChaChaKeystream lanes = new LaneChaChaKeystream(key, 0);
            lanes.start(nonce, counter);
            int done = 0;
            while (done < length) {
                int piece = Math.min(length - done, random.nextBoolean() ? random.nextInt(70) : random.nextInt(9000));
                lanes.apply(actual, 11 + done, piece, actual, 11 + done);
                done += piece;
            }
            assertArrayEquals(expected, Arrays.copyOfRange(actual, 11, 11 + length),
                    "trial " + trial + ": " + length + " bytes from block " + counter);
        }
    }

    @Test
    void laneStreamsTakingTurnsOnOneThreadKeepTheirOwnKeystreams() throws GeneralSecurityException {
        // The lane rows belong to the thread: a pass for one stream must leave nothing that a pass
        // for another (the other direction of a session, another session) picks up.
        byte[] keyA = new byte[32];
        byte[] keyB = new byte[32];
        Arrays.fill(keyB, (byte) 0x5a);
        int length = 2 * LaneChaChaKeystream.BATCH + 3 * ChaChaKeystream.BLOCK + 5;
        ChaChaKeystream a = new LaneChaChaKeystream(keyA, 0);
        ChaChaKeystream b = new LaneChaChaKeystream(keyB, 0);
        a.start(1, 1);
        b.start(2, 7);
        byte[] actualA = new byte[length];
        byte[] actualB = new byte[length];
        int piece = LaneChaChaKeystream.BATCH / 2 + ChaChaKeystream.BLOCK;
        for (int done = 0; done < length; done += piece) {
            int size = Math.min(piece, length - done);
            a.apply(new byte[size], 0, size, actualA, done);
            b.apply(new byte[size], 0, size, actualB, done);
        }
        assertArrayEquals(keystream(JdkChaChaKeystream::new, keyA, 1, 1, length), actualA);
        assertArrayEquals(keystream(JdkChaChaKeystream::new, keyB, 2, 7, length), actualB);
    }

    @Test
    void restartingALaneStreamBeginsAFreshBlock() throws GeneralSecurityException {
        // A packet that ends inside a block leaves keystream behind; the next packet must not use it.
        byte[] key = new byte[32];
        ChaChaKeystream lanes = new LaneChaChaKeystream(key, 0);
        lanes.start(5, 0);
        lanes.apply(new byte[10], 0, 10, new byte[10], 0);
        lanes.start(6, 1);
        byte[] actual = new byte[100];
        lanes.apply(new byte[100], 0, 100, actual, 0);
        assertArrayEquals(keystream(JdkChaChaKeystream::new, key, 6, 1, 100), actual);
    }

    @Test
    void createUsesTheJdkCipherWhereItIsAnIntrinsic() throws GeneralSecurityException {
        ChaChaKeystream created = ChaChaKeystream.create(new byte[32], 0);
        assertEquals(Runtime.version().feature() >= 20 ? JdkChaChaKeystream.class : LaneChaChaKeystream.class,
                created.getClass());
    }

    @Test
    void selfTestPassesOnThisJdk() throws GeneralSecurityException {
        new ChaCha20Poly1305().selfTest();
    }
}
