// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.math.BigInteger;
import java.security.spec.ECPoint;

/**
 * Computes the public point {@code Q = d G} of an ECDSA private scalar (SEC1 section 3.2.1). The
 * JDK has no public API for this, and PKCS#8 and SEC1 files may omit the public key; we also use it
 * to prove that a file's public and private halves belong together.
 *
 * <p>Jacobian coordinates with a Montgomery ladder over a fixed number of bits. {@link BigInteger}
 * is not constant-time, so this is for loading key files, never for signing.
 */
final class EcPointMultiplier {
    /** A point in Jacobian coordinates; {@code z == 0} is the point at infinity. */
    private record Jacobian(BigInteger x, BigInteger y, BigInteger z) {
        boolean isInfinity() {
            return z.signum() == 0;
        }
    }

    private static final BigInteger TWO = BigInteger.valueOf(2);
    private static final BigInteger THREE = BigInteger.valueOf(3);
    private static final BigInteger EIGHT = BigInteger.valueOf(8);
    private static final Jacobian INFINITY = new Jacobian(BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO);

    private final BigInteger p;
    private final BigInteger a;

    private EcPointMultiplier(NistCurve curve) {
        this.p = curve.fieldPrime();
        this.a = curve.params().getCurve().getA();
    }

    /** {@code d G} for {@code 0 < d < n}, as an affine point. */
    static ECPoint publicPoint(NistCurve curve, BigInteger d) {
        return new EcPointMultiplier(curve).multiply(curve.params().getGenerator(), d, curve.order().bitLength());
    }

    private ECPoint multiply(ECPoint base, BigInteger k, int bits) {
        Jacobian r0 = INFINITY;
        Jacobian r1 = new Jacobian(base.getAffineX(), base.getAffineY(), BigInteger.ONE);
        for (int i = bits - 1; i >= 0; i--) {
            if (k.testBit(i)) {
                r0 = add(r0, r1);
                r1 = twice(r1);
            } else {
                r1 = add(r0, r1);
                r0 = twice(r0);
            }
        }
        return toAffine(r0);
    }

    private ECPoint toAffine(Jacobian point) {
        if (point.isInfinity()) {
            return ECPoint.POINT_INFINITY;
        }
        BigInteger zInverse = point.z.modInverse(p);
        BigInteger zInverse2 = zInverse.multiply(zInverse).mod(p);
        BigInteger x = point.x.multiply(zInverse2).mod(p);
        BigInteger y = point.y.multiply(zInverse2).multiply(zInverse).mod(p);
        return new ECPoint(x, y);
    }

    private Jacobian twice(Jacobian q) {
        if (q.isInfinity() || q.y.signum() == 0) {
            return INFINITY;
        }
        BigInteger y2 = q.y.multiply(q.y).mod(p);
        BigInteger s = q.x.multiply(y2).shiftLeft(2).mod(p);
        BigInteger z2 = q.z.multiply(q.z).mod(p);
        BigInteger m = q.x.multiply(q.x).multiply(THREE).add(a.multiply(z2).multiply(z2)).mod(p);
        BigInteger x3 = m.multiply(m).subtract(s.multiply(TWO)).mod(p);
        BigInteger y3 = m.multiply(s.subtract(x3)).subtract(y2.multiply(y2).multiply(EIGHT)).mod(p);
        BigInteger z3 = q.y.multiply(q.z).shiftLeft(1).mod(p);
        return new Jacobian(x3, y3, z3);
    }

    private Jacobian add(Jacobian q, Jacobian r) {
        if (q.isInfinity()) {
            return r;
        }
        if (r.isInfinity()) {
            return q;
        }
        BigInteger qz2 = q.z.multiply(q.z).mod(p);
        BigInteger rz2 = r.z.multiply(r.z).mod(p);
        BigInteger u1 = q.x.multiply(rz2).mod(p);
        BigInteger u2 = r.x.multiply(qz2).mod(p);
        BigInteger s1 = q.y.multiply(rz2).multiply(r.z).mod(p);
        BigInteger s2 = r.y.multiply(qz2).multiply(q.z).mod(p);
        if (u1.equals(u2)) {
            return s1.equals(s2) ? twice(q) : INFINITY;
        }
        BigInteger h = u2.subtract(u1).mod(p);
        BigInteger rr = s2.subtract(s1).mod(p);
        BigInteger h2 = h.multiply(h).mod(p);
        BigInteger h3 = h2.multiply(h).mod(p);
        BigInteger u1h2 = u1.multiply(h2).mod(p);
        BigInteger x3 = rr.multiply(rr).subtract(h3).subtract(u1h2.shiftLeft(1)).mod(p);
        BigInteger y3 = rr.multiply(u1h2.subtract(x3)).subtract(s1.multiply(h3)).mod(p);
        BigInteger z3 = h.multiply(q.z).multiply(r.z).mod(p);
        return new Jacobian(x3, y3, z3);
    }
}
