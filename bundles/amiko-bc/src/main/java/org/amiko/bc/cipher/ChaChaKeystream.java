// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.cipher;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ChaCha20 that OpenSSH's {@code chacha20-poly1305} uses, D. J. Bernstein's original with a
 * 64-bit block counter and a 64-bit nonce, drawn from the JDK's RFC 8439 ChaCha20 (32-bit counter,
 * 96-bit nonce). Both fill the last four words of the state with counter and nonce, little-endian:
 * the original as {@code counter_lo, counter_hi, nonce[0..3], nonce[4..7]}, RFC 8439 as
 * {@code counter, nonce[0..3], nonce[4..7], nonce[8..11]}. An RFC 8439 nonce of four zero bytes followed
 * by the original 8-byte nonce therefore gives the same state, and the same keystream, as long as the
 * block counter stays below 2^32 (RFC 8439 section 2.3). An SSH packet uses a few thousand blocks.
 *
 * <p>The JDK's cipher rather than Bouncy Castle's {@code ChaChaEngine}: on JDK 17 it is about twice
 * as fast (measured with 32 KiB packets), and later JDKs add intrinsics for it. The JDK's own
 * ChaCha20-Poly1305 AEAD is a different construction (RFC 8439) and cannot be used.
 */
final class ChaChaKeystream {
    static final int KEY_LENGTH = 32;
    static final int BLOCK = 64;
    private static final int NONCE_LENGTH = 12;

    private final Cipher cipher;
    private final SecretKeySpec key;
    private final byte[] nonce = new byte[NONCE_LENGTH];

    /** The stream of the 32-byte key at {@code key[offset..]}. */
    ChaChaKeystream(byte[] key, int offset) throws GeneralSecurityException {
        this.cipher = Cipher.getInstance("ChaCha20");
        this.key = new SecretKeySpec(key, offset, KEY_LENGTH, "ChaCha20");
    }

    /**
     * Positions the keystream at block {@code counter} (unsigned) of the stream for the 64-bit
     * {@code nonce}. The JDK refuses the key and nonce of the previous call (InvalidKeyException).
     */
    void start(long nonce, int counter) throws GeneralSecurityException {
        // nonce[0..3] stay zero: they are the high word of the original's block counter.
        for (int i = 0; i < 8; i++) {
            this.nonce[4 + i] = (byte) (nonce >>> (56 - 8 * i));
        }
        // The JDK copies the nonce out of the spec, so one array serves for every packet.
        cipher.init(Cipher.ENCRYPT_MODE, key, new ChaCha20ParameterSpec(this.nonce, counter));
    }

    /** XORs the next {@code length} keystream bytes over {@code in} into {@code out}; the ranges may be the same. */
    void apply(byte[] in, int inOffset, int length, byte[] out, int outOffset) throws GeneralSecurityException {
        int written = cipher.update(in, inOffset, length, out, outOffset);
        if (written != length) {
            throw new ShortBufferException("ChaCha20 returned " + written + " of " + length + " bytes");
        }
    }
}
