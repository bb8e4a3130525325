// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import org.amiko.spi.wire.WireFormatException;
import org.amiko.spi.wire.WireReader;
import org.amiko.spi.wire.WireWriter;

/**
 * The private blob of a PuTTY key file (PuTTY manual appendix C.3, "Private key encodings"), which
 * holds only what the public blob beside it lacks:
 * <ul>
 * <li>{@code ssh-rsa}: mpint d, mpint p, mpint q, mpint iqmp (q^-1 mod p);</li>
 * <li>{@code ecdsa-sha2-*}: mpint d;</li>
 * <li>{@code ssh-ed25519}: string of the 32-byte private key (the RFC 8032 seed).</li>
 * </ul>
 * As for the other formats, the two halves are proven to belong together before a key is returned.
 */
final class PuttyKeyFields {
    private PuttyKeyFields() {
    }

    /** Builds the pair from the decoded public key and the private fields at the start of {@code in}. */
    static KeyPair read(KeyType type, PublicKey publicKey, WireReader in)
            throws WireFormatException, InvalidKeySpecException {
        switch (type) {
            case ED25519: {
                byte[] seed = in.readString();
                try {
                    if (seed.length != Ed25519Encoding.KEY_BYTES) {
                        throw new InvalidKeySpecException("PuTTY ssh-ed25519 private key must be 32 bytes");
                    }
                    PublicKey derived = JdkKeys.ed25519Public(Ed25519Encoding.publicPoint(seed));
                    if (!derived.equals(publicKey)) {
                        throw new InvalidKeySpecException("PuTTY ssh-ed25519 private key does not match its public key");
                    }
                    return new KeyPair(publicKey, JdkKeys.ed25519Private(seed));
                } finally {
                    Arrays.fill(seed, (byte) 0);
                }
            }
            case RSA: {
                RSAPublicKey rsa = (RSAPublicKey) publicKey;
                BigInteger d = in.readPositiveMpint();
                BigInteger p = in.readPositiveMpint();
                BigInteger q = in.readPositiveMpint();
                BigInteger iqmp = in.readPositiveMpint();
                PrivateKey privateKey = KeyPairConsistency.rsaPrivate(rsa.getModulus(), rsa.getPublicExponent(), d, p, q,
                        iqmp);
                return new KeyPair(publicKey, privateKey);
            }
            default: {
                NistCurve curve = type.curve();
                BigInteger d = in.readPositiveMpint();
                curve.checkPrivateScalar(d);
                ECPoint q = EcPointMultiplier.publicPoint(curve, d);
                if (!JdkKeys.ecPublic(curve, q).equals(publicKey)) {
                    throw new InvalidKeySpecException("PuTTY " + type.sshName() + " private key does not match its public key");
                }
                return new KeyPair(publicKey, JdkKeys.ecPrivate(curve, d));
            }
        }
    }

    /** Writes the private fields of a pair already checked to belong together. */
    static void write(KeyPair pair, WireWriter out) throws InvalidKeyException {
        KeyType type = JdkKeys.typeOf(pair.getPrivate());
        switch (type) {
            case ED25519: {
                byte[] seed = ((EdECPrivateKey) pair.getPrivate()).getBytes()
                        .orElseThrow(() -> new InvalidKeyException("Ed25519 private key does not reveal its seed"));
                out.writeString(seed);
                Arrays.fill(seed, (byte) 0);
                break;
            }
            case RSA: {
                RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) pair.getPrivate();
                out.writeMpint(rsa.getPrivateExponent());
                out.writeMpint(rsa.getPrimeP());
                out.writeMpint(rsa.getPrimeQ());
                out.writeMpint(rsa.getCrtCoefficient());
                break;
            }
            default:
                out.writeMpint(((ECPrivateKey) pair.getPrivate()).getS());
                break;
        }
    }
}
