// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Arrays;

/**
 * PKCS#8 private key files as OpenSSL writes them: {@code BEGIN PRIVATE KEY} (PrivateKeyInfo,
 * RFC 5208 section 5) or {@code BEGIN ENCRYPTED PRIVATE KEY} (RFC 5208 section 6 with PBES2,
 * RFC 8018: PBKDF2-HMAC-SHA256 and AES-256-CBC). The inner key is a PKCS#1 RSAPrivateKey
 * (RFC 8017 appendix A.1.2), a SEC1 ECPrivateKey with its public key (RFC 5915) or an RFC 8410
 * Ed25519 seed, byte for byte as {@code ssh-keygen -m PKCS8} and {@code openssl genpkey} write them.
 * Reading these files is {@link KeyFiles#parse}'s job.
 */
public final class Pkcs8PrivateKey {
    private static final String RSA_OID = "1.2.840.113549.1.1.1";
    private static final String EC_OID = "1.2.840.10045.2.1";
    private static final String ED25519_OID = "1.3.101.112";
    /** OpenSSL wraps PEM base64 at 64 columns. */
    private static final int LINE_WIDTH = 64;

    private Pkcs8PrivateKey() {
    }

    /**
     * Armors a key pair as PKCS#8, encrypted when {@code passphrase} is neither null nor empty.
     *
     * @param passphrase used as UTF-8; null or empty for an unencrypted file
     * @throws InvalidKeyException if the key type is unsupported or the halves do not belong together
     */
    public static String write(KeyPair pair, char[] passphrase) throws InvalidKeyException {
        return write(pair, passphrase, Pkcs8Encryption.WRITE_ITERATIONS);
    }

    /** Writes with a chosen PBKDF2 iteration count, as {@code openssl pkcs8 -iter}. */
    static String write(KeyPair pair, char[] passphrase, int iterations) throws InvalidKeyException {
        KeyPairConsistency.check(pair);
        byte[] info = encode(pair);
        byte[] body = info;
        try {
            if (passphrase == null || passphrase.length == 0) {
                return PemBlock.format("PRIVATE KEY", info, LINE_WIDTH);
            }
            body = Pkcs8Encryption.encrypt(info, passphrase, iterations);
            return PemBlock.format(Pkcs8Encryption.LABEL, body, LINE_WIDTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2-HMAC-SHA256 and AES-256-CBC are required of every Java SE runtime", e);
        } finally {
            Arrays.fill(info, (byte) 0);
            Arrays.fill(body, (byte) 0);
        }
    }

    /** The DER PrivateKeyInfo of a pair already checked to belong together. */
    static byte[] encode(KeyPair pair) throws InvalidKeyException {
        KeyType type = JdkKeys.typeOf(pair.getPrivate());
        byte[] inner;
        byte[] algorithm;
        switch (type) {
            case ED25519: {
                byte[] seed = ((EdECPrivateKey) pair.getPrivate()).getBytes()
                        .orElseThrow(() -> new InvalidKeyException("Ed25519 private key does not reveal its seed"));
                inner = DerWriter.octetString(seed);
                Arrays.fill(seed, (byte) 0);
                algorithm = DerWriter.sequence(DerWriter.oid(ED25519_OID));
                break;
            }
            case RSA: {
                RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) pair.getPrivate();
                byte[][] fields = {DerWriter.integer(0), DerWriter.integer(rsa.getModulus()),
                    DerWriter.integer(rsa.getPublicExponent()), DerWriter.integer(rsa.getPrivateExponent()),
                    DerWriter.integer(rsa.getPrimeP()), DerWriter.integer(rsa.getPrimeQ()),
                    DerWriter.integer(rsa.getPrimeExponentP()), DerWriter.integer(rsa.getPrimeExponentQ()),
                    DerWriter.integer(rsa.getCrtCoefficient())};
                try {
                    inner = DerWriter.sequence(fields);
                } finally {
                    // the sequence copied d, p, q, dP, dQ and qInv; these elements are the spare copies
                    for (byte[] field : fields) {
                        Arrays.fill(field, (byte) 0);
                    }
                }
                algorithm = DerWriter.sequence(DerWriter.oid(RSA_OID), DerWriter.nul());
                break;
            }
            default: {
                NistCurve curve = type.curve();
                BigInteger s = ((ECPrivateKey) pair.getPrivate()).getS();
                // SEC1 section C.4: the private key is an octet string as long as the group order.
                byte[] scalar = fixedLength(s, (curve.order().bitLength() + 7) / 8);
                byte[] scalarElement = DerWriter.octetString(scalar);
                Arrays.fill(scalar, (byte) 0);
                try {
                    inner = DerWriter.sequence(DerWriter.integer(1), scalarElement,
                            DerWriter.explicit(1, DerWriter.bitString(curve.encodePoint(((ECPublicKey) pair.getPublic()).getW()))));
                } finally {
                    Arrays.fill(scalarElement, (byte) 0);
                }
                algorithm = DerWriter.sequence(DerWriter.oid(EC_OID), DerWriter.oid(curve.oid()));
                break;
            }
        }
        byte[] wrapped = null;
        try {
            // the OCTET STRING is a second whole copy of the key, besides inner and the result
            wrapped = DerWriter.octetString(inner);
            return DerWriter.sequence(DerWriter.integer(0), algorithm, wrapped);
        } finally {
            Arrays.fill(inner, (byte) 0);
            if (wrapped != null) {
                Arrays.fill(wrapped, (byte) 0);
            }
        }
    }

    private static byte[] fixedLength(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(bytes.length, length);
        System.arraycopy(bytes, bytes.length - copy, out, length - copy, copy);
        Arrays.fill(bytes, (byte) 0);
        return out;
    }
}
