// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECPoint;
import java.security.spec.EdECPoint;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.Map;

/**
 * Unencrypted private keys in the DER structures OpenSSL and {@code ssh-keygen -m PEM|PKCS8}
 * write: PKCS#8 PrivateKeyInfo (RFC 5208, RFC 5958; RSA, EC and Ed25519 per RFC 8410),
 * PKCS#1 RSAPrivateKey (RFC 8017 appendix A.1.2) and SEC1 ECPrivateKey (RFC 5915). The public
 * key is derived where the structure leaves it out, and checked against the private key where the
 * structure includes it.
 */
final class PemPrivateKeys {
    private static final String RSA_OID = "1.2.840.113549.1.1.1";
    private static final String EC_OID = "1.2.840.10045.2.1";
    private static final String ED25519_OID = "1.3.101.112";
    private static final Map<String, String> OTHER_OIDS = Map.of("1.2.840.10040.4.1", "DSA",
            "1.2.840.113549.1.1.10", "RSASSA-PSS", "1.3.101.113", "Ed448", "1.3.101.110", "X25519",
            "1.3.101.111", "X448");

    private PemPrivateKeys() {
    }

    /** PKCS#8 PrivateKeyInfo / OneAsymmetricKey. */
    static KeyPair pkcs8(byte[] der) throws GeneralSecurityException {
        DerReader info = new DerReader(der, "PKCS#8 private key").sequence();
        BigInteger version = info.integer();
        if (!version.equals(BigInteger.ZERO) && !version.equals(BigInteger.ONE)) {
            throw new InvalidKeySpecException("PKCS#8 private key has unknown version " + version);
        }
        DerReader algorithm = info.sequence();
        String oid = algorithm.oid();
        byte[] privateKey = info.octetString();
        try {
            if (info.peekTag() == 0xa0) {
                info.skip(); // attributes: nothing in them matters to SSH
            }
            byte[] publicKey = null;
            if (info.peekTag() == 0x81) {
                // RFC 5958 publicKey is [1] IMPLICIT BIT STRING: primitive, context tag 1.
                publicKey = bitStringBody(info.element(0x81).rest());
            }
            info.expectEnd();
            switch (oid) {
                case RSA_OID:
                    return pkcs1(privateKey);
                case EC_OID:
                    NistCurve curve = curveFor(algorithm.oid());
                    return sec1(privateKey, curve);
                case ED25519_OID:
                    return ed25519(privateKey, publicKey);
                default:
                    String name = OTHER_OIDS.get(oid);
                    throw new NoSuchAlgorithmException("unsupported PKCS#8 key algorithm "
                            + (name != null ? name : "with OID " + oid));
            }
        } finally {
            Arrays.fill(privateKey, (byte) 0);
        }
    }

    /** PKCS#1 RSAPrivateKey, two-prime (version 0) only, as OpenSSL writes it. */
    static KeyPair pkcs1(byte[] der) throws GeneralSecurityException {
        DerReader key = new DerReader(der, "PKCS#1 RSA private key").sequence();
        if (!key.integer().equals(BigInteger.ZERO)) {
            throw new NoSuchAlgorithmException("multi-prime RSA private keys are not supported");
        }
        BigInteger n = key.positiveInteger();
        BigInteger e = key.positiveInteger();
        BigInteger d = key.positiveInteger();
        BigInteger p = key.positiveInteger();
        BigInteger q = key.positiveInteger();
        BigInteger dP = key.positiveInteger();
        BigInteger dQ = key.positiveInteger();
        BigInteger qInv = key.positiveInteger();
        key.expectEnd();
        if (!dP.equals(d.mod(p.subtract(BigInteger.ONE))) || !dQ.equals(d.mod(q.subtract(BigInteger.ONE)))) {
            throw new InvalidKeySpecException("PKCS#1 RSA private key CRT exponents are inconsistent");
        }
        PrivateKey privateKey = KeyPairConsistency.rsaPrivate(n, e, d, p, q, qInv);
        return new KeyPair(JdkKeys.rsaPublic(n, e), privateKey);
    }

    /**
     * SEC1 ECPrivateKey. {@code outerCurve} is the curve named by an enclosing PKCS#8 structure, or
     * null for a bare {@code EC PRIVATE KEY}, which must then name its curve itself.
     */
    static KeyPair sec1(byte[] der, NistCurve outerCurve) throws GeneralSecurityException {
        DerReader key = new DerReader(der, "SEC1 EC private key").sequence();
        if (!key.integer().equals(BigInteger.ONE)) {
            throw new InvalidKeySpecException("SEC1 EC private key has an unknown version");
        }
        byte[] scalar = key.octetString();
        BigInteger s = new BigInteger(1, scalar);
        Arrays.fill(scalar, (byte) 0);
        NistCurve curve = outerCurve;
        if (key.peekTag() == 0xa0) {
            NistCurve inner = curveFor(key.explicit(0).oid());
            if (curve != null && curve != inner) {
                throw new InvalidKeySpecException("EC private key names two different curves");
            }
            curve = inner;
        }
        if (curve == null) {
            throw new InvalidKeySpecException("EC private key does not name its curve");
        }
        byte[] publicPoint = key.peekTag() == 0xa1 ? key.explicit(1).bitString() : null;
        key.expectEnd();
        curve.checkPrivateScalar(s);
        ECPoint derived = EcPointMultiplier.publicPoint(curve, s);
        if (publicPoint != null && !curve.decodePoint(publicPoint).equals(derived)) {
            throw new InvalidKeySpecException("EC private key does not match the public key stored with it");
        }
        return new KeyPair(JdkKeys.ecPublic(curve, derived), JdkKeys.ecPrivate(curve, s));
    }

    /** RFC 8410 section 7: the private key is an OCTET STRING of the 32-byte seed. */
    private static KeyPair ed25519(byte[] privateKey, byte[] publicKey) throws GeneralSecurityException {
        byte[] seed = new DerReader(privateKey, "Ed25519 private key").octetString();
        try {
            if (seed.length != Ed25519Encoding.KEY_BYTES) {
                throw new InvalidKeySpecException("Ed25519 private key must be 32 bytes");
            }
            EdECPoint derived = Ed25519Encoding.publicPoint(seed);
            if (publicKey != null && !Arrays.equals(publicKey, Ed25519Encoding.encode(derived))) {
                throw new InvalidKeySpecException("Ed25519 private key does not match the public key stored with it");
            }
            PublicKey publicHalf = JdkKeys.ed25519Public(derived);
            return new KeyPair(publicHalf, JdkKeys.ed25519Private(seed));
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    private static NistCurve curveFor(String oid) throws NoSuchAlgorithmException {
        for (NistCurve curve : NistCurve.values()) {
            if (curve.oid().equals(oid)) {
                return curve;
            }
        }
        throw new NoSuchAlgorithmException("unsupported elliptic curve with OID " + oid
                + "; SSH uses nistp256, nistp384 and nistp521");
    }

    private static byte[] bitStringBody(byte[] contents) throws InvalidKeySpecException {
        if (contents.length == 0 || contents[0] != 0) {
            throw new InvalidKeySpecException("damaged PKCS#8 public key BIT STRING");
        }
        return Arrays.copyOfRange(contents, 1, contents.length);
    }
}
