// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.spec.EdECPoint;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;

/**
 * Ed25519 public keys between the 32-byte encoding of RFC 8032 section 5.1.2 (y little-endian, the
 * parity of x in the top bit), which SSH carries (RFC 8709 section 4), and the JDK's
 * {@link EdECPoint} (x parity plus y as a number).
 *
 * <p>Also derives the public key from a 32-byte seed (RFC 8032 section 5.1.5): PKCS#8 files may
 * omit it and the JDK has no API for it. That uses {@link BigInteger}, which is not constant-time;
 * it runs once per key file load, never per signature.
 */
final class Ed25519Encoding {
    static final int KEY_BYTES = 32;

    private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    private static final BigInteger D = BigInteger.valueOf(-121665)
            .multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    private static final BigInteger SQRT_M1 = BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);
    private static final BigInteger[] BASE;

    static {
        BigInteger y = BigInteger.valueOf(4).multiply(BigInteger.valueOf(5).modInverse(P)).mod(P);
        BigInteger x = recoverX(y, false);
        BASE = new BigInteger[] {x, y, BigInteger.ONE, x.multiply(y).mod(P)};
    }

    private Ed25519Encoding() {
    }

    /** The RFC 8032 encoding of a point. */
    static byte[] encode(EdECPoint point) {
        byte[] bigEndian = point.getY().toByteArray();
        byte[] out = new byte[KEY_BYTES];
        // toByteArray is big-endian and may carry a sign byte; copy the low 32 bytes reversed.
        for (int i = 0; i < KEY_BYTES && i < bigEndian.length; i++) {
            out[i] = bigEndian[bigEndian.length - 1 - i];
        }
        if (point.isXOdd()) {
            out[KEY_BYTES - 1] |= (byte) 0x80;
        }
        return out;
    }

    /**
     * Decodes an RFC 8032 encoding, rejecting what section 5.1.3 rejects: a wrong length, y not
     * below p, and a y for which no x (or no x of the stated parity) exists.
     */
    static EdECPoint decode(byte[] encoded) throws InvalidKeySpecException {
        if (encoded.length != KEY_BYTES) {
            throw new InvalidKeySpecException("ssh-ed25519 public key must be 32 bytes, not " + encoded.length);
        }
        boolean xOdd = (encoded[KEY_BYTES - 1] & 0x80) != 0;
        byte[] bigEndian = new byte[KEY_BYTES];
        for (int i = 0; i < KEY_BYTES; i++) {
            bigEndian[i] = encoded[KEY_BYTES - 1 - i];
        }
        bigEndian[0] &= 0x7f;
        BigInteger y = new BigInteger(1, bigEndian);
        if (y.compareTo(P) >= 0 || recoverX(y, xOdd) == null) {
            throw new InvalidKeySpecException("ssh-ed25519 public key is not a point on the curve");
        }
        return new EdECPoint(xOdd, y);
    }

    /** The public point of a 32-byte private seed: the clamped SHA-512 half times the base point. */
    static EdECPoint publicPoint(byte[] seed) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-512").digest(seed);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is required of every Java SE runtime", e);
        }
        hash[0] &= (byte) 0xf8;
        hash[31] &= 0x7f;
        hash[31] |= 0x40;
        byte[] scalarBigEndian = new byte[32];
        for (int i = 0; i < 32; i++) {
            scalarBigEndian[i] = hash[31 - i];
        }
        BigInteger scalar = new BigInteger(1, scalarBigEndian);
        Arrays.fill(hash, (byte) 0);
        Arrays.fill(scalarBigEndian, (byte) 0);

        // Montgomery ladder over all 255 bits with the unified addition of RFC 8032 section 5.1.4.
        BigInteger[] r0 = {BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO};
        BigInteger[] r1 = BASE;
        for (int i = 254; i >= 0; i--) {
            if (scalar.testBit(i)) {
                r0 = add(r0, r1);
                r1 = add(r1, r1);
            } else {
                r1 = add(r0, r1);
                r0 = add(r0, r0);
            }
        }
        BigInteger zInverse = r0[2].modInverse(P);
        BigInteger x = r0[0].multiply(zInverse).mod(P);
        BigInteger y = r0[1].multiply(zInverse).mod(P);
        return new EdECPoint(x.testBit(0), y);
    }

    /** Extended coordinates (X, Y, Z, T) addition, RFC 8032 section 5.1.4. */
    private static BigInteger[] add(BigInteger[] a, BigInteger[] b) {
        BigInteger aa = a[1].subtract(a[0]).multiply(b[1].subtract(b[0])).mod(P);
        BigInteger bb = a[1].add(a[0]).multiply(b[1].add(b[0])).mod(P);
        BigInteger cc = a[3].multiply(b[3]).multiply(D).shiftLeft(1).mod(P);
        BigInteger dd = a[2].multiply(b[2]).shiftLeft(1).mod(P);
        BigInteger e = bb.subtract(aa);
        BigInteger f = dd.subtract(cc);
        BigInteger g = dd.add(cc);
        BigInteger h = bb.add(aa);
        return new BigInteger[] {e.multiply(f).mod(P), g.multiply(h).mod(P), f.multiply(g).mod(P),
            e.multiply(h).mod(P)};
    }

    /** RFC 8032 section 5.1.3 steps 2-4: x from y and its parity, or null when there is none. */
    private static BigInteger recoverX(BigInteger y, boolean xOdd) {
        BigInteger y2 = y.multiply(y).mod(P);
        BigInteger u = y2.subtract(BigInteger.ONE).mod(P);
        BigInteger v = D.multiply(y2).add(BigInteger.ONE).mod(P);
        BigInteger x2 = u.multiply(v.modInverse(P)).mod(P);
        if (x2.signum() == 0) {
            return xOdd ? null : BigInteger.ZERO;
        }
        BigInteger x = x2.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
        if (!x.multiply(x).subtract(x2).mod(P).equals(BigInteger.ZERO)) {
            x = x.multiply(SQRT_M1).mod(P);
        }
        if (!x.multiply(x).subtract(x2).mod(P).equals(BigInteger.ZERO)) {
            return null;
        }
        return x.testBit(0) == xOdd ? x : P.subtract(x);
    }
}
