// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.cipher;

import java.security.GeneralSecurityException;

/**
 * The ChaCha20 that OpenSSH's {@code chacha20-poly1305} uses: D. J. Bernstein's original, with a
 * 64-bit block counter and a 64-bit nonce (PROTOCOL.chacha20poly1305). RFC 8439's ChaCha20 (32-bit
 * counter, 96-bit nonce) gives the same keystream for the nonce {@code 0x00000000 || nonce64} as
 * long as the block counter stays below 2^32 (RFC 8439 section 2.3); an SSH packet uses a few
 * thousand blocks.
 *
 * <p>Two implementations: the JDK's cipher, which JDK 20 and later compile to vector instructions,
 * and {@link LaneChaChaKeystream}, which is five times as fast as the JDK's on JDK 17 to 19
 * (2.8-2.9 against 0.4-0.6 GB/s on 32 KiB).
 */
abstract class ChaChaKeystream {
    static final int KEY_LENGTH = 32;
    static final int BLOCK = 64;
    /** The first JDK whose ChaCha20 is an intrinsic (JDK-8247645). */
    private static final int INTRINSIC_FEATURE = 20;

    /** The stream of the 32-byte key at {@code key[offset..]}, from the faster implementation on this JDK. */
    static ChaChaKeystream create(byte[] key, int offset) throws GeneralSecurityException {
        return Runtime.version().feature() >= INTRINSIC_FEATURE ? new JdkChaChaKeystream(key, offset)
                : new LaneChaChaKeystream(key, offset);
    }

    /** Positions the keystream at block {@code counter} (unsigned) of the stream for the 64-bit {@code nonce}. */
    abstract void start(long nonce, int counter) throws GeneralSecurityException;

    /** XORs the next {@code length} keystream bytes over {@code in} into {@code out}; the ranges may be the same. */
    abstract void apply(byte[] in, int inOffset, int length, byte[] out, int outOffset) throws GeneralSecurityException;
}
