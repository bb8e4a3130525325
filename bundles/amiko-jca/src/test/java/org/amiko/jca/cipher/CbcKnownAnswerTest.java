// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.cipher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.stream.Stream;
import org.amiko.jca.mac.HmacSha2256;
import org.amiko.jca.mac.HmacSha2256Etm;
import org.amiko.spi.cipher.CipherAlgorithm;
import org.amiko.spi.cipher.PacketOpener;
import org.amiko.spi.cipher.PacketSealer;
import org.amiko.testkit.VectorFile;
import org.amiko.testkit.VectorFile.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NIST SP 800-38A F.2 (AES) and an OpenSSL-made triple-DES vector through the encrypt-and-MAC
 * framing, split into two "packets" of half the plaintext each: since each packet's first block is
 * chained to the last ciphertext block of the one before (RFC 4253 section 6.3), the two together
 * must give the published ciphertext of the whole.
 */
class CbcKnownAnswerTest {
    static Stream<Vector> vectors() {
        return Stream.concat(VectorFile.load(CbcKnownAnswerTest.class, "/vectors/sp800-38a-cbc.txt").vectors().stream(),
                VectorFile.load(CbcKnownAnswerTest.class, "/vectors/openssl-3des-cbc.txt").vectors().stream());
    }

    private static CipherAlgorithm cipherFor(byte[] key, byte[] iv) {
        if (iv.length == 8) {
            return new TripleDesCbc();
        }
        switch (key.length) {
            case 16:
                return new Aes128Cbc();
            case 24:
                return new Aes192Cbc();
            default:
                return new Aes256Cbc();
        }
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void packetsChainIntoThePublishedCiphertext(Vector vector) throws GeneralSecurityException {
        byte[] key = vector.hex("KEY");
        byte[] iv = vector.hex("IV");
        byte[] plaintext = vector.hex("PLAINTEXT");
        byte[] ciphertext = vector.hex("CIPHERTEXT");
        CipherAlgorithm cipher = cipherFor(key, iv);
        byte[] macKey = new byte[32];
        PacketSealer sealer = cipher.sealer(key.clone(), iv.clone(), new HmacSha2256().newMac(macKey));
        PacketOpener opener = cipher.opener(key.clone(), iv.clone(), new HmacSha2256().newMac(macKey));
        int half = plaintext.length / 2;
        for (int packet = 0; packet < 2; packet++) {
            byte[] part = Arrays.copyOfRange(plaintext, packet * half, packet * half + half);
            byte[] buffer = Arrays.copyOf(part, half + 32);
            sealer.seal(packet, buffer, 0, half);
            assertArrayEquals(Arrays.copyOfRange(ciphertext, packet * half, packet * half + half),
                    Arrays.copyOf(buffer, half), vector.text("NAME") + " packet " + packet);
            // What the opener reads as the length is the plaintext's first four bytes, decrypted alone.
            assertEquals(MacFraming.readLength(plaintext, packet * half), opener.packetLength(packet, buffer, 0));
            opener.open(packet, buffer, 0, half);
            assertArrayEquals(part, Arrays.copyOf(buffer, half), "decrypted " + packet);
        }
    }

    /**
     * Only CBC with a MAC over the plaintext makes the core take 256 KiB after a failure
     * (OpenSSH's {@code ssh_packet_start_discard}); with etm the length is not encrypted, and counter
     * mode gives an injected block no meaning.
     */
    @Test
    void onlyCbcWithEncryptAndMacHidesWhereAPacketFails() throws GeneralSecurityException {
        byte[] macKey = new byte[32];
        assertEquals(256 * 1024, new Aes128Cbc().opener(new byte[16], new byte[16], new HmacSha2256().newMac(macKey))
                .discardOnError());
        assertEquals(256 * 1024, new TripleDesCbc().opener(new byte[24], new byte[8], new HmacSha2256().newMac(macKey))
                .discardOnError());
        assertEquals(0, new Aes128Cbc().opener(new byte[16], new byte[16], new HmacSha2256Etm().newMac(macKey))
                .discardOnError());
        assertEquals(0, new Aes128Ctr().opener(new byte[16], new byte[16], new HmacSha2256().newMac(macKey))
                .discardOnError());
    }

    @Test
    void tripleDesPadsToItsEightByteBlock() throws GeneralSecurityException {
        PacketSealer sealer = new TripleDesCbc().sealer(new byte[24], new byte[8], new HmacSha2256().newMac(new byte[32]));
        PacketOpener opener = new TripleDesCbc().opener(new byte[24], new byte[8], new HmacSha2256().newMac(new byte[32]));
        assertEquals(8, sealer.blockSize());
        assertEquals(8, opener.lengthBlockSize());
        byte[] buffer = new byte[64];
        assertThrows(GeneralSecurityException.class, () -> sealer.seal(0, buffer, 0, 20), "20 is not a multiple of 8");
        sealer.seal(0, buffer, 0, 24);
    }

    @Test
    void refusesAnIvOfAnotherLength() {
        assertThrows(GeneralSecurityException.class,
                () -> new Aes256Cbc().sealer(new byte[32], new byte[8], new HmacSha2256().newMac(new byte[32])));
        assertThrows(GeneralSecurityException.class,
                () -> new TripleDesCbc().opener(new byte[24], new byte[16], new HmacSha2256().newMac(new byte[32])));
    }
}
