// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.mac;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * UMAC-64 or UMAC-128 (RFC 4418 section 4) for one direction, as OpenSSH's mac.c applies it to
 * packets: the 8-byte nonce is the packet sequence number as a big-endian uint64, and the MAC covers
 * the data alone. Unlike HMAC (RFC 4253 section 6.4) the sequence number is not hashed; as the nonce
 * it picks the pad, which is what makes each packet's tag unpredictable.
 *
 * <p>The tag is {@code UHASH(K, data) xor PDF(K, nonce)}. The pad (section 3.3) is AES under a key
 * derived from K, applied to the nonce padded to a block: UMAC-128 uses the whole block, UMAC-64 the
 * half that the nonce's low bit selects, the block itself being computed with that bit cleared. So
 * consecutive sequence numbers 2n and 2n + 1 share one AES block, which is kept for the second.
 *
 * <p>Nothing is allocated per packet. Not thread-safe, as the SPI says.
 */
final class UmacPacketMac extends ConstantTimePacketMac {
    private static final String AES = "AES/ECB/NoPadding";

    private final Uhash uhash;
    private final Cipher pad;
    private final byte[] nonceBlock = new byte[16];
    private final byte[] padBlock = new byte[16];
    /** The nonce, low bit cleared for UMAC-64, whose AES block is in {@link #padBlock}. */
    private long padNonce;
    private boolean padValid;

    /**
     * @param key the 16-byte UMAC key (an AES-128 key); not kept
     * @param length 8 for UMAC-64, 16 for UMAC-128
     */
    UmacPacketMac(byte[] key, int length, boolean encryptThenMac) throws GeneralSecurityException {
        super(length, encryptThenMac);
        if (length != 8 && length != 16) {
            throw new IllegalArgumentException("UMAC tags here are 8 or 16 bytes, not " + length);
        }
        Cipher kdf = Cipher.getInstance(AES);
        kdf.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        this.uhash = new Uhash(kdf, length / 4);
        byte[] padKey = Uhash.kdf(kdf, 0, 16);
        this.pad = Cipher.getInstance(AES);
        this.pad.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(padKey, "AES"));
        Arrays.fill(padKey, (byte) 0);
    }

    @Override
    public void compute(int sequence, byte[] data, int offset, int length, byte[] out, int outOffset) {
        tag(Integer.toUnsignedLong(sequence), data, offset, length, out, outOffset);
    }

    /**
     * UMAC(K, data, nonce) with the 8-byte nonce given as a number; package-private so the RFC 4418
     * vectors, whose nonce is not a sequence number, can be checked.
     */
    void tag(long nonce, byte[] data, int offset, int length, byte[] out, int outOffset) {
        uhash.hash(data, offset, length, out, outOffset);
        int tagLength = length();
        // UMAC-64 takes the half of the pad block that the nonce's low bit selects (PDF, section 3.3).
        long blockNonce = tagLength == 8 ? nonce & ~1L : nonce;
        int from = tagLength == 8 ? 8 * (int) (nonce & 1) : 0;
        if (!padValid || blockNonce != padNonce) {
            for (int i = 0; i < 8; i++) {
                nonceBlock[i] = (byte) (blockNonce >>> (56 - 8 * i)); // bytes 8..15 stay zero
            }
            encryptPad();
            padNonce = blockNonce;
            padValid = true;
        }
        for (int i = 0; i < tagLength; i++) {
            out[outOffset + i] ^= padBlock[from + i];
        }
    }

    private void encryptPad() {
        try {
            pad.doFinal(nonceBlock, 0, 16, padBlock, 0);
        } catch (GeneralSecurityException e) {
            // one whole block into a block-sized array: the JDK has no reason to refuse it
            padValid = false;
            throw new IllegalStateException("AES refused a single block", e);
        }
    }
}
