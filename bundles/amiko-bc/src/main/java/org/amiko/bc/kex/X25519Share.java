// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.kex;

import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * An X25519 share ({@link XdhCurve#X25519}): a 32-byte scalar, wiped once used; the secret is the
 * raw 32-byte u-coordinate, refused when all zero.
 */
final class X25519Share implements ClassicalShare {
    /** The curve, for {@link HybridKemExchange}. */
    static final Curve CURVE = new Curve() {
        @Override
        public int publicLength() {
            return XdhCurve.X25519.length();
        }

        @Override
        public ClassicalShare newShare(SecureRandom random) {
            return new X25519Share(XdhCurve.X25519.newPrivate(random));
        }

        @Override
        public String toString() {
            return "X25519";
        }
    };

    private final byte[] scalar;

    /** A share of a given scalar (kept, and wiped by {@link #destroy}); for the known answers. */
    X25519Share(byte[] scalar) {
        this.scalar = scalar;
    }

    @Override
    public byte[] publicValue() {
        return XdhCurve.X25519.publicValue(scalar);
    }

    @Override
    public byte[] agree(byte[] peerPublic) throws InvalidKeyException {
        return XdhCurve.X25519.agree(scalar, peerPublic);
    }

    @Override
    public void destroy() {
        Arrays.fill(scalar, (byte) 0);
    }
}
