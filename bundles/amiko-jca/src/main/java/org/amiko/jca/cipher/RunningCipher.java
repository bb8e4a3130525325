// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.cipher;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;

/**
 * The AES-CTR keystream of one direction (RFC 4344 section 4), applied to packet bytes in place.
 *
 * <p>The JDK copies the whole input whenever input and output of {@link Cipher#update} overlap, which
 * for an in-place 32 KiB packet is a 32 KiB allocation per packet and a third of the speed. So the
 * keystream is applied in chunks through a small scratch array that is reused for every packet: one
 * extra copy of warm bytes, no allocation, and a fixed 4 KiB per direction.
 */
final class CounterKeystream {
    /** A multiple of the AES block, so the counter never stops mid-block between chunks. */
    private static final int CHUNK = 4096;

    private final Cipher cipher;
    private final byte[] scratch = new byte[CHUNK];

    CounterKeystream(Cipher cipher) {
        this.cipher = cipher;
    }

    /** XORs the next {@code length} keystream bytes into {@code buffer[offset..offset+length)}. */
    void apply(byte[] buffer, int offset, int length) throws GeneralSecurityException {
        for (int done = 0; done < length; done += CHUNK) {
            int chunk = Math.min(CHUNK, length - done);
            int produced = cipher.update(buffer, offset + done, chunk, scratch, 0);
            if (produced != chunk) {
                // Counter mode is a stream mode; a short result would put us out of step with the peer.
                throw new GeneralSecurityException("AES-CTR returned " + produced + " of " + chunk + " bytes");
            }
            System.arraycopy(scratch, 0, buffer, offset + done, chunk);
        }
    }
}
