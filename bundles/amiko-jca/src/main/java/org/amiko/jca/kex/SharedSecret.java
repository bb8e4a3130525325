// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.kex;

import java.security.InvalidKeyException;
import java.util.Arrays;
import org.amiko.spi.wire.WireWriter;

/** The shared secret {@code K} as the exchange hash and RFC 4253 section 7.2 key derivation take it. */
final class SharedSecret {
    private SharedSecret() {}

    /**
     * Encodes an unsigned big-endian secret as an mpint with its length prefix (RFC 4251 section 5)
     * and wipes the raw bytes.
     *
     * @throws InvalidKeyException if the secret is zero, which only a hostile or broken peer produces
     */
    static byte[] mpint(byte[] magnitude, String algorithm) throws InvalidKeyException {
        int bits = 0;
        for (byte b : magnitude) {
            bits |= b; // no early exit: the secret's value must not show in the timing
        }
        if (bits == 0) {
            Arrays.fill(magnitude, (byte) 0);
            throw new InvalidKeyException(algorithm + " shared secret is zero; the peer's value is unsafe");
        }
        WireWriter out = new WireWriter(magnitude.length + 5);
        out.writeUnsignedMpint(magnitude);
        byte[] encoded = out.toByteArray();
        out.wipe();
        Arrays.fill(magnitude, (byte) 0);
        return encoded;
    }
}
