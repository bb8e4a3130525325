// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.cipher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.amiko.jca.mac.HmacSha2256;
import org.amiko.jca.mac.HmacSha2256Etm;
import org.amiko.spi.cipher.CipherAlgorithm;
import org.amiko.spi.cipher.PacketOpener;
import org.amiko.spi.cipher.PacketSealer;
import org.amiko.testkit.FixedRandom;
import org.amiko.testkit.VectorFile;
import org.amiko.testkit.VectorFile.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NIST SP 800-38A F.5 through the encrypt-and-MAC framing: the four plaintext blocks are sealed as one
 * 64-byte "packet", which that framing encrypts whole, so the output must be the published ciphertext,
 * followed by HMAC-SHA-256 of {@code sequence || plaintext} (RFC 4253 section 6.4).
 */
class AesCtrKnownAnswerTest {
    private static final VectorFile VECTORS =
            VectorFile.load(AesCtrKnownAnswerTest.class, "/vectors/sp800-38a-ctr.txt");

    static Stream<Vector> vectors() {
        return VECTORS.vectors().stream();
    }

    private static CipherAlgorithm cipherFor(byte[] key) {
        switch (key.length) {
            case 16:
                return new Aes128Ctr();
            case 24:
                return new Aes192Ctr();
            default:
                return new Aes256Ctr();
        }
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void encryptAndMacFramingGivesThePublishedCiphertext(Vector vector) throws Exception {
        byte[] key = vector.hex("KEY");
        byte[] plaintext = vector.hex("PLAINTEXT");
        byte[] macKey = new FixedRandom(1).bytes(32);
        PacketSealer sealer = cipherFor(key).sealer(key, vector.hex("COUNTER"), new HmacSha2256().newMac(macKey));
        byte[] buffer = Arrays.copyOf(plaintext, plaintext.length + 32);
        sealer.seal(3, buffer, 0, plaintext.length);

        assertArrayEquals(vector.hex("CIPHERTEXT"), Arrays.copyOf(buffer, plaintext.length), vector.text("NAME"));
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(macKey, "HmacSHA256"));
        hmac.update(new byte[] {0, 0, 0, 3});
        assertArrayEquals(hmac.doFinal(plaintext), Arrays.copyOfRange(buffer, plaintext.length, buffer.length),
                "MAC over sequence || plaintext");

        PacketOpener opener = cipherFor(key).opener(key, vector.hex("COUNTER"), new HmacSha2256().newMac(macKey));
        opener.packetLength(3, buffer, 0);
        opener.open(3, buffer, 0, plaintext.length);
        assertArrayEquals(plaintext, Arrays.copyOf(buffer, plaintext.length));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void encryptThenMacFramingKeepsTheLengthAndContinuesTheKeystream(Vector vector) throws Exception {
        byte[] key = vector.hex("KEY");
        byte[] plaintext = vector.hex("PLAINTEXT");
        byte[] ciphertext = vector.hex("CIPHERTEXT");
        PacketSealer sealer =
                cipherFor(key).sealer(key, vector.hex("COUNTER"), new HmacSha2256Etm().newMac(new byte[32]));
        // Two packets of 4 clear + 32 encrypted bytes: together they use the keystream of the 4 published blocks.
        for (int packet = 0; packet < 2; packet++) {
            byte[] buffer = new byte[4 + 32 + 32];
            System.arraycopy(plaintext, packet * 32, buffer, 4, 32);
            sealer.seal(packet, buffer, 0, 36);
            assertArrayEquals(new byte[4], Arrays.copyOf(buffer, 4), "length field stays in the clear");
            assertArrayEquals(Arrays.copyOfRange(ciphertext, packet * 32, packet * 32 + 32),
                    Arrays.copyOfRange(buffer, 4, 36), vector.text("NAME") + " packet " + packet);
        }
    }

    @Test
    void rejectsUnalignedPackets() throws GeneralSecurityException {
        byte[] key = new byte[16];
        PacketSealer andMac = new Aes128Ctr().sealer(key, new byte[16], new HmacSha2256().newMac(new byte[32]));
        PacketSealer thenMac = new Aes128Ctr().sealer(key, new byte[16], new HmacSha2256Etm().newMac(new byte[32]));
        byte[] buffer = new byte[128];
        assertThrows(GeneralSecurityException.class, () -> andMac.seal(0, buffer, 0, 36), "36 is not a multiple of 16");
        assertThrows(GeneralSecurityException.class, () -> thenMac.seal(0, buffer, 0, 32), "32 - 4 is not either");
        PacketOpener opener = new Aes128Ctr().opener(key, new byte[16], new HmacSha2256Etm().newMac(new byte[32]));
        assertThrows(GeneralSecurityException.class, () -> opener.open(0, buffer, 0, 40));
    }

    @Test
    void refusesToRunWithoutMac() {
        assertThrows(GeneralSecurityException.class, () -> new Aes256Ctr().sealer(new byte[32], new byte[16], null));
        assertThrows(GeneralSecurityException.class, () -> new Aes256Ctr().opener(new byte[32], new byte[16], null));
    }

    @Test
    void declaresRfc4344Sizes() {
        assertEquals(16, new Aes128Ctr().keyLength());
        assertEquals(24, new Aes192Ctr().keyLength());
        assertEquals(32, new Aes256Ctr().keyLength());
        assertEquals(16, new Aes256Ctr().ivLength());
        assertEquals(16, new Aes256Ctr().blockSize());
    }
}
