// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.cipher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import org.amiko.spi.cipher.PacketOpener;
import org.amiko.spi.cipher.PacketSealer;
import org.amiko.spi.mac.PacketMac;
import org.amiko.testkit.VectorFile;
import org.amiko.testkit.VectorFile.Vector;
import org.junit.jupiter.api.Test;

/**
 * chacha20-poly1305@openssh.com packets as an independent implementation seals them (AsyncSSH's
 * {@code ChachaCipher}, which interoperates with OpenSSH; no published vectors exist): key halves,
 * nonce from the sequence number, length encryption, Poly1305 key and tag placement.
 */
class ChaCha20Poly1305KnownAnswerTest {
    private static final VectorFile PACKETS =
            VectorFile.load(ChaCha20Poly1305KnownAnswerTest.class, "/vectors/openssh-chacha20-poly1305-packets.txt");

    private static int sequence(Vector vector) {
        return (int) Long.parseLong(vector.text("SEQUENCE")); // up to 0xffffffff, unsigned
    }

    @Test
    void sealsAndOpensPacketsAsAsyncSshDoes() throws GeneralSecurityException {
        byte[] key = PACKETS.vectors().get(0).hex("KEY");
        PacketSealer sealer = new ChaCha20Poly1305().sealer(key, new byte[0], null);
        PacketOpener opener = new ChaCha20Poly1305().opener(key, new byte[0], null);
        for (Vector vector : PACKETS.vectors()) {
            byte[] packet = vector.hex("PACKET");
            byte[] sealed = vector.hex("SEALED");
            int sequence = sequence(vector);
            byte[] buffer = Arrays.copyOf(packet, packet.length + OpenSshChaChaPoly.TAG_LENGTH);
            sealer.seal(sequence, buffer, 0, packet.length);
            assertArrayEquals(sealed, buffer, "sealed packet " + vector.text("SEQUENCE"));

            byte[] received = sealed.clone();
            assertEquals(packet.length - 4, opener.packetLength(sequence, received, 0));
            assertArrayEquals(sealed, received, "reading the length must leave the buffer as it came");
            opener.open(sequence, received, 0, packet.length);
            assertArrayEquals(packet, Arrays.copyOf(received, packet.length), "opened packet " + vector.text("SEQUENCE"));
        }
    }

    @Test
    void tagIsCheckedBeforeAnythingIsDecrypted() throws GeneralSecurityException {
        Vector vector = PACKETS.vectors().get(1);
        byte[] sealed = vector.hex("SEALED");
        sealed[sealed.length - 1] ^= 1;
        byte[] tampered = sealed.clone();
        PacketOpener opener = new ChaCha20Poly1305().opener(vector.hex("KEY"), new byte[0], null);
        int length = vector.hex("PACKET").length;
        assertThrows(AEADBadTagException.class, () -> opener.open(sequence(vector), sealed, 0, length));
        assertArrayEquals(tampered, sealed, "nothing decrypted after a bad tag");
    }

    @Test
    void keyHalvesHaveTheirOwnJobs() throws GeneralSecurityException {
        // K_2 (first half) covers payload and tag, K_1 (second half) the length: swapping them changes both.
        Vector vector = PACKETS.vectors().get(0);
        byte[] key = vector.hex("KEY");
        byte[] swapped = new byte[64];
        System.arraycopy(key, 32, swapped, 0, 32);
        System.arraycopy(key, 0, swapped, 32, 32);
        byte[] packet = vector.hex("PACKET");
        byte[] buffer = Arrays.copyOf(packet, packet.length + OpenSshChaChaPoly.TAG_LENGTH);
        new ChaCha20Poly1305().sealer(swapped, new byte[0], null).seal(0, buffer, 0, packet.length);
        byte[] expected = vector.hex("SEALED");
        assertFalse(Arrays.equals(expected, 0, 4, buffer, 0, 4), "length encrypted with K_2");
        assertFalse(Arrays.equals(expected, 4, expected.length, buffer, 4, buffer.length), "payload with K_1");
    }

    @Test
    void refusesAMacAndMisalignedPackets() throws GeneralSecurityException {
        PacketMac mac = new PacketMac() {
            @Override
            public int length() {
                return 32;
            }

            @Override
            public boolean isEncryptThenMac() {
                return true;
            }

            @Override
            public void compute(int sequence, byte[] data, int offset, int length, byte[] out, int outOffset) {
            }

            @Override
            public boolean verify(int sequence, byte[] data, int offset, int length, byte[] mac, int macOffset) {
                return false;
            }
        };
        assertThrows(GeneralSecurityException.class, () -> new ChaCha20Poly1305().sealer(new byte[64], new byte[0], mac));
        assertThrows(GeneralSecurityException.class, () -> new ChaCha20Poly1305().opener(new byte[64], new byte[0], mac));
        PacketSealer sealer = new ChaCha20Poly1305().sealer(new byte[64], new byte[0], null);
        assertThrows(GeneralSecurityException.class, () -> sealer.seal(0, new byte[64], 0, 4 + 12));
        assertEquals(64, new ChaCha20Poly1305().keyLength());
        assertEquals(0, new ChaCha20Poly1305().ivLength());
        assertEquals(8, new ChaCha20Poly1305().blockSize());
        assertTrue(new ChaCha20Poly1305().isAuthenticated());
    }
}
