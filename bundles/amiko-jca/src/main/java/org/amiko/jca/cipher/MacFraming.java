// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.cipher;

import javax.crypto.AEADBadTagException;
import org.amiko.spi.mac.PacketMac;

/**
 * What the sealers and openers of {@code aes*-ctr} with a negotiated MAC share, in both framings: the
 * direction's keystream, the AES block as the padding block, and a MAC of {@code mac.length()} bytes
 * right after each packet (RFC 4253 section 6.4). Which bytes the MAC covers, and whether encryption
 * comes before or after it, is the whole difference between the framings; it stays in
 * {@link EncryptAndMac} and {@link EncryptThenMac}, where each {@code seal} and {@code open} spells
 * out its order with {@link #appendMac} or {@link #verifyMac} and {@link #keystream}.
 *
 * <p>Nothing here allocates per packet; only a MAC mismatch builds an exception.
 */
abstract class MacFraming {
    /** The direction's AES-CTR keystream, running on across packets. */
    final CounterKeystream keystream;
    private final PacketMac mac;

    MacFraming(CounterKeystream keystream, PacketMac mac) {
        this.keystream = keystream;
        this.mac = mac;
    }

    /** The padding block: the AES block, in both framings. */
    public final int blockSize() {
        return AesCtr.BLOCK;
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
}
