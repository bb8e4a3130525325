// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.cipher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.amiko.jca.mac.HmacSha2256;
import org.amiko.spi.cipher.PacketOpener;
import org.amiko.spi.cipher.PacketSealer;
import org.amiko.testkit.VectorFile;
import org.amiko.testkit.VectorFile.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * AES-GCM known answers. The McGrew-Viega test cases pin the JCE transformation and parameters the
 * framing is built on (their AADs are not 4 bytes, so they cannot pass through an SSH packet); the
 * OpenSSH-framed packets, computed independently, pin the framing itself: nonce, counter increment,
 * AAD and tag placement (OpenSSH PROTOCOL section 1.6).
 */
class AesGcmKnownAnswerTest {
    private static final VectorFile SPEC =
            VectorFile.load(AesGcmKnownAnswerTest.class, "/vectors/gcm-mcgrew-viega.txt");
    private static final VectorFile FRAMED = VectorFile.load(AesGcmKnownAnswerTest.class,
            "/vectors/openssh-gcm-packets.txt");

    static Stream<Vector> specCases() {
        return SPEC.vectors().stream();
    }

    @ParameterizedTest
    @MethodSource("specCases")
    void jceTransformationMatchesTheGcmSpecification(Vector vector) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(vector.hex("KEY"), "AES"),
                new GCMParameterSpec(OpenSshGcm.TAG_LENGTH * 8, vector.hex("IV")));
        cipher.updateAAD(vector.hex("AAD"));
        byte[] out = cipher.doFinal(vector.hex("PLAINTEXT"));
        byte[] ciphertext = vector.hex("CIPHERTEXT");
        assertArrayEquals(ciphertext, Arrays.copyOf(out, ciphertext.length), vector.text("NAME"));
        assertArrayEquals(vector.hex("TAG"), Arrays.copyOfRange(out, ciphertext.length, out.length),
                vector.text("NAME"));
    }

    @Test
    void sealsPacketsAsOpenSshDoes() throws GeneralSecurityException {
        Vector first = FRAMED.vectors().get(0);
        PacketSealer sealer = new Aes128Gcm().sealer(first.hex("KEY"), first.hex("IV"), null);
        PacketOpener opener = new Aes128Gcm().opener(first.hex("KEY"), first.hex("IV"), null);
        for (Vector vector : FRAMED.vectors()) {
            byte[] packet = vector.hex("PACKET");
            byte[] buffer = Arrays.copyOf(packet, packet.length + OpenSshGcm.TAG_LENGTH);
            int sequence = vector.number("SEQUENCE");
            sealer.seal(sequence, buffer, 0, packet.length);
            assertArrayEquals(vector.hex("SEALED"), buffer, "packet " + sequence);

            assertEquals(packet.length - 4, opener.packetLength(sequence, buffer, 0));
            opener.open(sequence, buffer, 0, packet.length);
            assertArrayEquals(packet, Arrays.copyOf(buffer, packet.length), "opened packet " + sequence);
        }
    }

    @Test
    void counterCarriesAcrossAllEightBytes() throws GeneralSecurityException {
        byte[] iv = {1, 2, 3, 4, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        PacketSealer sealer = new Aes128Gcm().sealer(new byte[16], iv, null);
        byte[] buffer = new byte[4 + 16 + 16];
        sealer.seal(0, buffer, 0, 20);
        Arrays.fill(buffer, (byte) 0);
        sealer.seal(1, buffer, 0, 20);
        byte[] next = {1, 2, 3, 4, 0, 0, 0, 1, 0, 0, 0, 0};
        Cipher reference = Cipher.getInstance("AES/GCM/NoPadding");
        reference.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(new byte[16], "AES"), new GCMParameterSpec(128, next));
        reference.updateAAD(new byte[4]);
        assertArrayEquals(reference.doFinal(new byte[16]), Arrays.copyOfRange(buffer, 4, buffer.length));
    }

    @Test
    void refusesAMacAndMisalignedPackets() throws GeneralSecurityException {
        assertThrows(GeneralSecurityException.class,
                () -> new Aes256Gcm().sealer(new byte[32], new byte[12], new HmacSha2256().newMac(new byte[32])));
        PacketSealer sealer = new Aes256Gcm().sealer(new byte[32], new byte[12], null);
        assertThrows(GeneralSecurityException.class, () -> sealer.seal(0, new byte[64], 0, 24));
        assertTrue(new Aes256Gcm().isAuthenticated());
        assertEquals(12, new Aes256Gcm().ivLength());
        assertEquals(32, new Aes256Gcm().keyLength());
        assertEquals(16, new Aes128Gcm().keyLength());
    }
}
