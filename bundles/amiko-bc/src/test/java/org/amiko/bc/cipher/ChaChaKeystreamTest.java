// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.cipher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.stream.Stream;
import org.amiko.testkit.VectorFile;
import org.amiko.testkit.VectorFile.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JDK's RFC 8439 ChaCha20 with the nonce {@code 0x00000000 || nonce64} is D. J. Bernstein's
 * original ChaCha20 with the 64-bit nonce {@code nonce64}, which OpenSSH's chacha20-poly1305 uses,
 * as long as the block counter stays below 2^32. The expected keystreams come from two other
 * implementations of the original cipher (OpenSSL with a 64-bit counter, libsodium) and include
 * draft-agl-tls-chacha20poly1305 section 7's published TC1 and TC8; see vectors/README.md.
 */
class ChaChaKeystreamTest {
    private static final VectorFile ORIGINAL =
            VectorFile.load(ChaChaKeystreamTest.class, "/vectors/chacha20-original-keystream.txt");

    static Stream<Vector> originalKeystreams() {
        return ORIGINAL.vectors().stream();
    }

    private static byte[] keystream(byte[] key, long nonce, int counter, int length) throws GeneralSecurityException {
        ChaChaKeystream stream = new ChaChaKeystream(key, 0);
        stream.start(nonce, counter);
        byte[] out = new byte[length];
        stream.apply(new byte[length], 0, length, out, 0);
        return out;
    }

    @ParameterizedTest
    @MethodSource("originalKeystreams")
    void jdkChaCha20GivesTheOriginalKeystream(Vector vector) throws GeneralSecurityException {
        byte[] expected = vector.hex("KEYSTREAM");
        long nonce = ByteBuffer.wrap(vector.hex("NONCE")).getLong(); // the 8 nonce bytes, read big-endian
        int counter = vector.unsigned("COUNTER").intValue();
        assertArrayEquals(expected, keystream(vector.hex("KEY"), nonce, counter, expected.length), vector.text("NAME"));
    }

    @Test
    void keystreamContinuesAcrossCallsAsOneStream() throws GeneralSecurityException {
        // The framing takes the Poly1305 key from block 0 and goes on with block 1 in the same stream.
        Vector tc8 = ORIGINAL.find("NAME", "draft-agl TC8");
        ChaChaKeystream stream = new ChaChaKeystream(tc8.hex("KEY"), 0);
        stream.start(ByteBuffer.wrap(tc8.hex("NONCE")).getLong(), 0);
        byte[] out = new byte[256];
        stream.apply(new byte[64], 0, 64, out, 0);
        stream.apply(new byte[5], 0, 5, out, 64);
        stream.apply(new byte[187], 0, 187, out, 69);
        assertArrayEquals(tc8.hex("KEYSTREAM"), out);
    }

    @Test
    void keyIsTakenFromTheGivenHalf() throws GeneralSecurityException {
        Vector tc8 = ORIGINAL.find("NAME", "draft-agl TC8");
        byte[] twoKeys = new byte[64];
        System.arraycopy(tc8.hex("KEY"), 0, twoKeys, 32, 32);
        ChaChaKeystream stream = new ChaChaKeystream(twoKeys, 32);
        stream.start(ByteBuffer.wrap(tc8.hex("NONCE")).getLong(), 0);
        byte[] out = new byte[64];
        stream.apply(new byte[64], 0, 64, out, 0);
        assertArrayEquals(Arrays.copyOf(tc8.hex("KEYSTREAM"), 64), out);
    }

    @Test
    void jdkRefusesToRestartWithTheSameKeyAndNonce() throws GeneralSecurityException {
        // The framing relies on this guard and so starts each key's stream once per packet.
        ChaChaKeystream stream = new ChaChaKeystream(new byte[32], 0);
        stream.start(7, 0);
        assertThrows(InvalidKeyException.class, () -> stream.start(7, 1));
        stream.start(8, 0);
    }

    @Test
    void selfTestPassesOnThisJdk() throws GeneralSecurityException {
        new ChaCha20Poly1305().selfTest();
    }
}
