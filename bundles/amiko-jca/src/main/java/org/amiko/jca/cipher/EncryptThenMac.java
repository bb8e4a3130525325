// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.cipher;

import java.security.GeneralSecurityException;
import org.amiko.spi.cipher.PacketOpener;
import org.amiko.spi.cipher.PacketSealer;
import org.amiko.spi.mac.PacketMac;

/**
 * The encrypt-then-MAC framing of the {@code *-etm@openssh.com} MACs (OpenSSH PROTOCOL section 1.5):
 * {@code packet_length} travels in the clear, the rest is encrypted, and the MAC covers
 * {@code sequence || packet_length || ciphertext}. The receiver checks the MAC before it decrypts a
 * byte, so a forged packet never reaches the cipher.
 */
final class EncryptThenMac {
    private static final int LENGTH_FIELD = 4;

    private EncryptThenMac() {}

    /** Encrypting half: encrypt after the length field, then MAC the ciphertext. */
    static final class Sealer extends MacFraming implements PacketSealer {
        Sealer(RunningCipher cipher, PacketMac mac) {
            super(cipher, mac);
        }

        @Override
        public boolean isLengthOutsidePadding() {
            return true;
        }

        @Override
        public void seal(int sequence, byte[] packet, int offset, int length) throws GeneralSecurityException {
            checkAligned(length - LENGTH_FIELD);
            cipher.apply(packet, offset + LENGTH_FIELD, length - LENGTH_FIELD);
            appendMac(sequence, packet, offset, length);
        }
    }

    /** Decrypting half: length from the clear, MAC check, then decryption. */
    static final class Opener extends MacFraming implements PacketOpener {
        Opener(RunningCipher cipher, PacketMac mac) {
            super(cipher, mac);
        }

        @Override
        public int lengthBlockSize() {
            return LENGTH_FIELD;
        }

        @Override
        public boolean isLengthOutsidePadding() {
            return true;
        }

        @Override
        public int packetLength(int sequence, byte[] buffer, int offset) {
            return readLength(buffer, offset);
        }

        @Override
        public void open(int sequence, byte[] buffer, int offset, int length) throws GeneralSecurityException {
            checkAligned(length - LENGTH_FIELD);
            // Verify before decrypting: a forged or corrupted packet never reaches the cipher.
            verifyMac(sequence, buffer, offset, length);
            cipher.apply(buffer, offset + LENGTH_FIELD, length - LENGTH_FIELD);
        }
    }
}
