// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.cipher;

import java.security.GeneralSecurityException;
import org.amiko.spi.cipher.PacketOpener;
import org.amiko.spi.cipher.PacketSealer;
import org.amiko.spi.mac.PacketMac;

/**
 * The original SSH framing (RFC 4253 section 6.4): {@code mac = MAC(key, sequence || plaintext
 * packet)}, and the whole packet, length included, is encrypted. The receiver must decrypt the first
 * block to learn the length and the rest before it can check the MAC; that ordering is inherent to
 * this framing and the reason the etm MACs are preferred.
 */
final class EncryptAndMac {
    private EncryptAndMac() {}

    /** Encrypting half: MAC over the plaintext, then encrypt the packet in place. */
    static final class Sealer extends MacFraming implements PacketSealer {
        Sealer(CounterKeystream keystream, PacketMac mac) {
            super(keystream, mac);
        }

        @Override
        public boolean isLengthOutsidePadding() {
            return false;
        }

        @Override
        public void seal(int sequence, byte[] packet, int offset, int length) throws GeneralSecurityException {
            AesCtr.checkAligned(length);
            appendMac(sequence, packet, offset, length);
            keystream.apply(packet, offset, length);
        }
    }

    /** Decrypting half: first block for the length, the rest on open, then the MAC check. */
    static final class Opener extends MacFraming implements PacketOpener {
        /** Whether {@link #packetLength} already decrypted the first block of the current packet. */
        private boolean firstBlockDecrypted;

        Opener(CounterKeystream keystream, PacketMac mac) {
            super(keystream, mac);
        }

        @Override
        public int lengthBlockSize() {
            return AesCtr.BLOCK;
        }

        @Override
        public boolean isLengthOutsidePadding() {
            return false;
        }

        @Override
        public int packetLength(int sequence, byte[] buffer, int offset) throws GeneralSecurityException {
            if (!firstBlockDecrypted) {
                keystream.apply(buffer, offset, AesCtr.BLOCK);
                firstBlockDecrypted = true;
            }
            return AesCtr.readLength(buffer, offset);
        }

        @Override
        public void open(int sequence, byte[] buffer, int offset, int length) throws GeneralSecurityException {
            AesCtr.checkAligned(length);
            if (!firstBlockDecrypted) {
                keystream.apply(buffer, offset, AesCtr.BLOCK);
            }
            firstBlockDecrypted = false;
            keystream.apply(buffer, offset + AesCtr.BLOCK, length - AesCtr.BLOCK);
            // The MAC covers the plaintext, so this framing can check it only now.
            verifyMac(sequence, buffer, offset, length);
        }
    }
}
