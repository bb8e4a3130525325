// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.cipher;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.IllegalBlockSizeException;
import org.amiko.spi.mac.PacketMac;

/**
 * What the sealers and openers of the ciphers with a negotiated MAC ({@code aes*-ctr}, the CBC
 * ciphers) share, in both framings: the direction's running cipher, its block as the padding block,
 * and a MAC of {@code mac.length()} bytes right after each packet (RFC 4253 section 6.4). Which bytes
 * the MAC covers, and whether encryption comes before or after it, is the whole difference between
 * the framings; it stays in {@link EncryptAndMac} and {@link EncryptThenMac}, where each {@code seal}
 * and {@code open} spells out its order with {@link #appendMac} or {@link #verifyMac} and
 * {@link #cipher}.
 *
 * <p>Nothing here allocates per packet; only a MAC mismatch builds an exception.
 */
abstract class MacFraming {
    /** The direction's cipher, running on across packets. */
    final RunningCipher cipher;
    private final PacketMac mac;

    MacFraming(RunningCipher cipher, PacketMac mac) {
        this.cipher = cipher;
        this.mac = mac;
    }

    /** The padding block: the cipher's block, in both framings. */
    public final int blockSize() {
        return cipher.blockSize();
    }

    /** The MAC that follows each packet. */
    public final int trailerLength() {
        return mac.length();
    }

    /** Writes the MAC of {@code sequence || packet[offset..offset+length)}, as those bytes are now, after them. */
    final void appendMac(int sequence, byte[] packet, int offset, int length) {
        mac.compute(sequence, packet, offset, length, packet, offset + length);
    }

    /**
     * Checks, in constant time, the MAC that follows {@code buffer[offset..offset+length)} against
     * {@code sequence} and those bytes as they are now (ciphertext or plaintext, as the framing decides).
     *
     * @throws AEADBadTagException if it does not match; the packet must then be dropped unread
     */
    final void verifyMac(int sequence, byte[] buffer, int offset, int length) throws AEADBadTagException {
        if (!mac.verify(sequence, buffer, offset, length, buffer, offset + length)) {
            throw new AEADBadTagException("MAC mismatch on packet " + Integer.toUnsignedString(sequence));
        }
    }

    /** Rejects an encrypted part that would leave the cipher out of step with the peer's. */
    final void checkAligned(int aligned) throws GeneralSecurityException {
        if (aligned <= 0 || aligned % cipher.blockSize() != 0) {
            throw new IllegalBlockSizeException(cipher.name() + " packet part of " + aligned
                    + " bytes is not a multiple of " + cipher.blockSize());
        }
    }

    /** The big-endian uint32 at {@code offset}. */
    static int readLength(byte[] buffer, int offset) {
        return ((buffer[offset] & 0xff) << 24) | ((buffer[offset + 1] & 0xff) << 16)
                | ((buffer[offset + 2] & 0xff) << 8) | (buffer[offset + 3] & 0xff);
    }
}
