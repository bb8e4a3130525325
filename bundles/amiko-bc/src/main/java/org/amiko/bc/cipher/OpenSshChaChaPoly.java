// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.cipher;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.IllegalBlockSizeException;
import org.amiko.spi.cipher.PacketOpener;
import org.amiko.spi.cipher.PacketSealer;

/**
 * The packet framing of {@code chacha20-poly1305@openssh.com} (OpenSSH PROTOCOL.chacha20poly1305).
 * The 64-byte key is K_2 (the first 32 bytes) followed by K_1 (the last 32). For the packet with
 * sequence number {@code n}, taken as the 64-bit big-endian nonce of both streams:
 * <ul>
 * <li>the 4-byte {@code packet_length} is encrypted with K_1's stream from block 0;</li>
 * <li>the Poly1305 key is the first 32 bytes of K_2's block 0;</li>
 * <li>{@code padding_length || payload || padding} is encrypted with K_2's stream from block 1;</li>
 * <li>the 16-byte tag is Poly1305 over the encrypted length and the encrypted rest.</li>
 * </ul>
 * The length has its own key so that a receiver can learn it before the whole packet is there; it
 * is decrypted to a scratch array, since the tag covers its ciphertext. The tag is checked in
 * constant time before anything else is decrypted.
 *
 * <p>The JDK refuses to start one cipher twice in a row with the same key and nonce (in either
 * mode), a guard against nonce reuse. Each key's stream is therefore started once per packet: K_2's
 * runs on from the Poly1305 key into the payload, and K_1's four bytes are kept for the packet, so
 * that the opener's {@code packetLength} and {@code open} share them.
 */
final class OpenSshChaChaPoly {
    static final int KEY_LENGTH = 64;
    static final int TAG_LENGTH = 16;
    static final int BLOCK = 8;
    private static final int LENGTH_FIELD = 4;
    /** Input for drawing a raw keystream block; never written. */
    private static final byte[] ZERO_BLOCK = new byte[ChaChaKeystream.BLOCK];

    /** K_2: Poly1305 key and payload. */
    private final ChaChaKeystream main;
    /** K_1: the length field. */
    private final ChaChaKeystream header;
    private final Poly1305 poly = new Poly1305();
    private final byte[] block = new byte[ChaChaKeystream.BLOCK];
    /** K_1's first four keystream bytes for the packet numbered {@link #lengthNonce}. */
    private final byte[] lengthKeystream = new byte[LENGTH_FIELD];
    private long lengthNonce = -1;

    private OpenSshChaChaPoly(byte[] key) throws GeneralSecurityException {
        this.main = ChaChaKeystream.create(key, 0);
        this.header = ChaChaKeystream.create(key, ChaChaKeystream.KEY_LENGTH);
    }

    /** The sequence number as the unsigned 64-bit nonce (OpenSSH's {@code POKE_U64(seqbuf, seqnr)}). */
    private static long nonce(int sequence) {
        return Integer.toUnsignedLong(sequence);
    }

    /** Keys Poly1305 from K_2's block 0, leaving K_2's stream at block 1 for the payload. */
    private void startPacket(int sequence) throws GeneralSecurityException {
        main.start(nonce(sequence), 0);
        main.apply(ZERO_BLOCK, 0, ZERO_BLOCK.length, block, 0);
        poly.init(block, 0);
        Arrays.fill(block, (byte) 0);
    }

    /** En- or decrypts the 4-byte length field with K_1 from {@code in} to {@code out}. */
    private void cryptLength(int sequence, byte[] in, int inOffset, byte[] out, int outOffset)
            throws GeneralSecurityException {
        long nonce = nonce(sequence);
        if (nonce != lengthNonce) {
            header.start(nonce, 0);
            header.apply(ZERO_BLOCK, 0, LENGTH_FIELD, lengthKeystream, 0);
            lengthNonce = nonce;
        }
        for (int i = 0; i < LENGTH_FIELD; i++) {
            out[outOffset + i] = (byte) (in[inOffset + i] ^ lengthKeystream[i]);
        }
    }

    /** OpenSSH pads everything after the length to the 8-byte block; anything else is not ours. */
    private static void checkAligned(int length) throws IllegalBlockSizeException {
        int encrypted = length - LENGTH_FIELD;
        if (encrypted <= 0 || encrypted % BLOCK != 0) {
            throw new IllegalBlockSizeException("chacha20-poly1305 packet of " + encrypted
                    + " bytes after the length is not a multiple of 8");
        }
    }

    /** Encrypting half. */
    static final class Sealer implements PacketSealer {
        private final OpenSshChaChaPoly state;

        Sealer(byte[] key) throws GeneralSecurityException {
            this.state = new OpenSshChaChaPoly(key);
        }

        @Override
        public int blockSize() {
            return BLOCK;
        }

        @Override
        public boolean isLengthOutsidePadding() {
            return true;
        }

        @Override
        public int trailerLength() {
            return TAG_LENGTH;
        }

        @Override
        public void seal(int sequence, byte[] packet, int offset, int length) throws GeneralSecurityException {
            checkAligned(length);
            state.cryptLength(sequence, packet, offset, packet, offset);
            state.startPacket(sequence);
            state.main.apply(packet, offset + LENGTH_FIELD, length - LENGTH_FIELD, packet, offset + LENGTH_FIELD);
            state.poly.update(packet, offset, length);
            state.poly.doFinal(packet, offset + length);
        }
    }

    /** Decrypting half. */
    static final class Opener implements PacketOpener {
        private final OpenSshChaChaPoly state;
        private final byte[] lengthField = new byte[LENGTH_FIELD];
        private final byte[] expected = new byte[TAG_LENGTH];

        Opener(byte[] key) throws GeneralSecurityException {
            this.state = new OpenSshChaChaPoly(key);
        }

        @Override
        public int lengthBlockSize() {
            return LENGTH_FIELD;
        }

        @Override
        public int trailerLength() {
            return TAG_LENGTH;
        }

        @Override
        public int blockSize() {
            return BLOCK;
        }

        @Override
        public boolean isLengthOutsidePadding() {
            return true;
        }

        @Override
        public int packetLength(int sequence, byte[] buffer, int offset) throws GeneralSecurityException {
            state.cryptLength(sequence, buffer, offset, lengthField, 0);
            return ((lengthField[0] & 0xff) << 24) | ((lengthField[1] & 0xff) << 16)
                    | ((lengthField[2] & 0xff) << 8) | (lengthField[3] & 0xff);
        }

        @Override
        public void open(int sequence, byte[] buffer, int offset, int length) throws GeneralSecurityException {
            checkAligned(length);
            state.startPacket(sequence);
            state.poly.update(buffer, offset, length);
            state.poly.doFinal(expected, 0);
            int difference = 0;
            for (int i = 0; i < TAG_LENGTH; i++) {
                difference |= expected[i] ^ buffer[offset + length + i]; // no early exit: timing must not tell where
            }
            if (difference != 0) {
                throw new AEADBadTagException("chacha20-poly1305 tag mismatch");
            }
            state.main.apply(buffer, offset + LENGTH_FIELD, length - LENGTH_FIELD, buffer, offset + LENGTH_FIELD);
            // leave the whole packet in the clear, as the other ciphers do
            state.cryptLength(sequence, buffer, offset, buffer, offset);
        }
    }
}
