// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;

/**
 * The three NIST prime curves of RFC 5656 section 10.1, with the SEC1 section 2.3 point encoding
 * SSH uses (RFC 5656 section 3.1) and the public point checks of OpenSSH's
 * {@code sshkey_ec_validate_public}. The domain parameters come from the JDK so that keys we build
 * compare equal to keys the JDK builds.
 */
enum NistCurve {
    P256("nistp256", "secp256r1", "1.2.840.10045.3.1.7"),
    P384("nistp384", "secp384r1", "1.3.132.0.34"),
    P521("nistp521", "secp521r1", "1.3.132.0.35");

    private final String sshName;
    private final String jdkName;
    private final String oid;
    private final ECParameterSpec params;
    private final BigInteger p;
    private final int fieldBytes;

    NistCurve(String sshName, String jdkName, String oid) {
        this.sshName = sshName;
        this.jdkName = jdkName;
        this.oid = oid;
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(jdkName));
            this.params = parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            // Every Java SE 17 runtime ships these curves; without them nothing here can work.
            throw new IllegalStateException("the JDK lacks curve " + jdkName, e);
        }
        this.p = ((ECFieldFp) params.getCurve().getField()).getP();
        this.fieldBytes = (p.bitLength() + 7) / 8;
    }

    /** The curve identifier inside ECDSA key blobs, e.g. {@code nistp256}. */
    String sshName() {
        return sshName;
    }

    /** The JDK's standard name, for {@link ECGenParameterSpec}. */
    /** The curve's OBJECT IDENTIFIER in PKCS#8 and SEC1 (RFC 5480 section 2.1.1.1). */
    String oid() {
        return oid;
    }

    String jdkName() {
        return jdkName;
    }

    ECParameterSpec params() {
        return params;
    }

    BigInteger fieldPrime() {
        return p;
    }

    BigInteger order() {
        return params.getOrder();
    }

    /** Bit size of the curve, as ssh-keygen prints it (256, 384, 521). */
    int bits() {
        return p.bitLength();
    }

    /** The curve with these domain parameters, or null when it is none of ours. */
    static NistCurve of(ECParameterSpec spec) {
        if (spec == null || !(spec.getCurve().getField() instanceof ECFieldFp)) {
            return null;
        }
        for (NistCurve curve : values()) {
            ECParameterSpec ours = curve.params;
            if (ours.getCurve().equals(spec.getCurve()) && ours.getGenerator().equals(spec.getGenerator())
                    && ours.getOrder().equals(spec.getOrder()) && ours.getCofactor() == spec.getCofactor()) {
                return curve;
            }
        }
        return null;
    }

    /** The uncompressed SEC1 encoding {@code 04 || X || Y}, each coordinate padded to the field size. */
    byte[] encodePoint(ECPoint point) {
        byte[] out = new byte[1 + 2 * fieldBytes];
        out[0] = 4;
        putFixed(point.getAffineX(), out, 1);
        putFixed(point.getAffineY(), out, 1 + fieldBytes);
        return out;
    }

    private void putFixed(BigInteger value, byte[] out, int offset) {
        byte[] raw = value.toByteArray();
        int skip = raw.length > fieldBytes ? raw.length - fieldBytes : 0;
        System.arraycopy(raw, skip, out, offset + fieldBytes - (raw.length - skip), raw.length - skip);
    }

    /**
     * Decodes a SEC1 point, uncompressed or compressed (RFC 5656 section 3.1 allows both), and
     * checks it as a public key.
     */
    ECPoint decodePoint(byte[] encoded) throws InvalidKeySpecException {
        if (encoded.length == 1 + 2 * fieldBytes && encoded[0] == 4) {
            BigInteger x = new BigInteger(1, Arrays.copyOfRange(encoded, 1, 1 + fieldBytes));
            BigInteger y = new BigInteger(1, Arrays.copyOfRange(encoded, 1 + fieldBytes, encoded.length));
            ECPoint point = new ECPoint(x, y);
            checkPublicPoint(point);
            return point;
        }
        if (encoded.length == 1 + fieldBytes && (encoded[0] == 2 || encoded[0] == 3)) {
            BigInteger x = new BigInteger(1, Arrays.copyOfRange(encoded, 1, encoded.length));
            if (x.compareTo(p) >= 0) {
                throw new InvalidKeySpecException(sshName + " point coordinate out of range");
            }
            BigInteger rhs = rightHandSide(x);
            // p = 3 (mod 4) for all three curves, so a square root is one exponentiation.
            BigInteger y = rhs.modPow(p.add(BigInteger.ONE).shiftRight(2), p);
            if (!y.multiply(y).mod(p).equals(rhs)) {
                throw new InvalidKeySpecException(sshName + " point is not on the curve");
            }
            if (y.testBit(0) != (encoded[0] == 3)) {
                y = p.subtract(y);
            }
            ECPoint point = new ECPoint(x, y);
            checkPublicPoint(point);
            return point;
        }
        throw new InvalidKeySpecException(sshName + " point encoding has a bad length or form");
    }

    /**
     * Rejects what OpenSSH's {@code sshkey_ec_validate_public} rejects: the point at infinity,
     * coordinates outside the field, points off the curve, and coordinates of half the order's
     * bit length or less. The curves have cofactor 1, so a point on the curve is in the subgroup.
     */
    void checkPublicPoint(ECPoint point) throws InvalidKeySpecException {
        if (point == null || ECPoint.POINT_INFINITY.equals(point)) {
            throw new InvalidKeySpecException(sshName + " public point is the point at infinity");
        }
        BigInteger x = point.getAffineX();
        BigInteger y = point.getAffineY();
        if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            throw new InvalidKeySpecException(sshName + " point coordinate out of range");
        }
        if (!y.multiply(y).mod(p).equals(rightHandSide(x))) {
            throw new InvalidKeySpecException(sshName + " point is not on the curve");
        }
        int half = order().bitLength() / 2;
        if (x.bitLength() <= half || y.bitLength() <= half) {
            throw new InvalidKeySpecException(sshName + " public point has implausibly small coordinates");
        }
    }

    /** {@code x^3 + a x + b mod p}, the square that y must be. */
    private BigInteger rightHandSide(BigInteger x) {
        BigInteger a = params.getCurve().getA();
        BigInteger b = params.getCurve().getB();
        return x.multiply(x).add(a).multiply(x).add(b).mod(p);
    }

    /**
     * Checks a private scalar as OpenSSH's {@code sshkey_ec_validate_private} does: more than half
     * the order's bits and below {@code order - 1}.
     */
    void checkPrivateScalar(BigInteger s) throws InvalidKeySpecException {
        if (s.signum() <= 0 || s.bitLength() <= order().bitLength() / 2
                || s.compareTo(order().subtract(BigInteger.ONE)) >= 0) {
            throw new InvalidKeySpecException(sshName + " private scalar out of range");
        }
    }
}
