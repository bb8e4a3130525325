// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.cipher;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;

/**
 * One direction's JCE cipher, whose state runs on across all packets of that direction, applied to
 * packet bytes in place: the AES-CTR counter (RFC 4344 section 4), or the CBC chaining block, where
 * each packet's first block is chained to the last ciphertext block of the one before
 * (RFC 4253 section 6.3).
 *
 * <p>The JDK copies the whole input whenever input and output of {@link Cipher#update} overlap, which
 * for an in-place 32 KiB packet is a 32 KiB allocation per packet and a third of the speed. So the
 * cipher is applied in chunks through a small scratch array that is reused for every packet: one
 * extra copy of warm bytes, no allocation, and a fixed 4 KiB per direction.
 */
final class RunningCipher {
    /** A multiple of every block size used here (8 and 16), so no chunk ends mid-block. */
    private static final int CHUNK = 4096;

    private final Cipher cipher;
    private final int blockSize;
    private final boolean chained;
    private final String name;
    private final byte[] scratch = new byte[CHUNK];

    /**
     * @param cipher initialised, in a mode that returns every block it is given ({@code NoPadding})
     * @param chained whether this is CBC, whose failures must not be told apart by timing
     *     ({@link org.amiko.spi.cipher.PacketOpener#discardOnError()})
     * @param name the wire name, for error messages
     */
    RunningCipher(Cipher cipher, int blockSize, boolean chained, String name) {
        this.cipher = cipher;
        this.blockSize = blockSize;
        this.chained = chained;
        this.name = name;
    }

    /** The cipher block, which is also the padding block (RFC 4253 section 6). */
    int blockSize() {
        return blockSize;
    }

    /** Whether this is cipher block chaining. */
    boolean isChained() {
        return chained;
    }

    String name() {
        return name;
    }

    /** Encrypts or decrypts (as initialised) the next {@code buffer[offset..offset+length)} in place. */
    void apply(byte[] buffer, int offset, int length) throws GeneralSecurityException {
        for (int done = 0; done < length; done += CHUNK) {
            int chunk = Math.min(CHUNK, length - done);
            int produced = cipher.update(buffer, offset + done, chunk, scratch, 0);
            if (produced != chunk) {
                // Whole blocks in, whole blocks out: a short result would put us out of step with the peer.
                throw new GeneralSecurityException(name + " returned " + produced + " of " + chunk + " bytes");
            }
            System.arraycopy(scratch, 0, buffer, offset + done, chunk);
        }
    }
}
