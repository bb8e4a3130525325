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
    /** OpenSSH's {@code PACKET_MAX_SIZE}, what its {@code ssh_packet_start_discard} takes after a CBC failure. */
    static final int CBC_DISCARD = 256 * 1024;

    private EncryptAndMac() {}

    /** Encrypting half: MAC over the plaintext, then encrypt the packet in place. */
    static final class Sealer extends MacFraming implements PacketSealer {
        Sealer(RunningCipher cipher, PacketMac mac) {
            super(cipher, mac);
        }

        @Override
        public boolean isLengthOutsidePadding() {
            return false;
        }

        @Override
        public void seal(int sequence, byte[] packet, int offset, int length) throws GeneralSecurityException {
            checkAligned(length);
            appendMac(sequence, packet, offset, length);
            cipher.apply(packet, offset, length);
        }
    }

    /** Decrypting half: first block for the length, the rest on open, then the MAC check. */
    static final class Opener extends MacFraming implements PacketOpener {
        /** Whether {@link #packetLength} already decrypted the first block of the current packet. */
        private boolean firstBlockDecrypted;

        Opener(RunningCipher cipher, PacketMac mac) {
            super(cipher, mac);
        }

        @Override
        public int lengthBlockSize() {
            return cipher.blockSize();
        }

        @Override
        public boolean isLengthOutsidePadding() {
            return false;
        }

        /**
         * 256 KiB for CBC, as OpenSSH: its first block decrypts to the length, so the connection
         * must take as many bytes after a failure whatever that length was.
         */
        @Override
        public int discardOnError() {
            return cipher.isChained() ? CBC_DISCARD : 0;
        }

        @Override
        public int packetLength(int sequence, byte[] buffer, int offset) throws GeneralSecurityException {
            if (!firstBlockDecrypted) {
                cipher.apply(buffer, offset, cipher.blockSize());
                firstBlockDecrypted = true;
            }
            return readLength(buffer, offset);
        }

        @Override
        public void open(int sequence, byte[] buffer, int offset, int length) throws GeneralSecurityException {
            checkAligned(length);
            if (!firstBlockDecrypted) {
                cipher.apply(buffer, offset, cipher.blockSize());
            }
            firstBlockDecrypted = false;
            cipher.apply(buffer, offset + cipher.blockSize(), length - cipher.blockSize());
            // The MAC covers the plaintext, so this framing can check it only now.
            verifyMac(sequence, buffer, offset, length);
        }
    }
}
