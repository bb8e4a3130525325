// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.signature;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 keys between the JDK's objects, which the rest of Amiko (key files, authorized_keys,
 * known_hosts) uses, and the byte strings of RFC 8032 that Bouncy Castle computes with: the 32-byte
 * private seed (RFC 8032 section 5.1.5) and the 32-byte public encoding, y little-endian with the
 * parity of x in the top bit (section 5.1.2), which is also what SSH carries (RFC 8709 section 4).
 */
final class Ed25519Keys {
    static final int KEY_BYTES = Ed25519.PUBLIC_KEY_SIZE;
    static final String NAME = "Ed25519";

    /** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410 section 4); the key follows. */
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private Ed25519Keys() {}

    /** Whether the key, public or private, is an Ed25519 one (not Ed448, not another type). */
    static boolean isEd25519(Key key) {
        if (key instanceof EdECKey edec) {
            return edec.getParams() != null && NAME.equalsIgnoreCase(edec.getParams().getName());
        }
        return key != null && NAME.equalsIgnoreCase(key.getAlgorithm());
    }

    /**
     * A copy of the 32-byte seed, which the caller must wipe; null for a key that does not reveal it
     * (a token's key, another provider's), which only the JCA can then use.
     */
    static byte[] seed(PrivateKey key) {
        if (key instanceof EdECPrivateKey edec) {
            byte[] seed = edec.getBytes().orElse(null);
            if (seed != null && seed.length != Ed25519.SECRET_KEY_SIZE) {
                Arrays.fill(seed, (byte) 0);
                return null;
            }
            return seed;
        }
        return null;
    }

    /** The RFC 8032 encoding of a public key: from the JDK's point, or the tail of its X.509 form. */
    static byte[] encode(PublicKey key) throws InvalidKeyException {
        if (key instanceof EdECPublicKey edec) {
            EdECPoint point = edec.getPoint();
            byte[] bigEndian = point.getY().toByteArray();
            byte[] out = new byte[KEY_BYTES];
            // toByteArray is big-endian and may carry a sign byte or drop leading zeros
            for (int i = 0; i < KEY_BYTES && i < bigEndian.length; i++) {
                out[i] = bigEndian[bigEndian.length - 1 - i];
            }
            if (point.isXOdd()) {
                out[KEY_BYTES - 1] |= (byte) 0x80;
            }
            return out;
        }
        byte[] der = "X.509".equals(key.getFormat()) ? key.getEncoded() : null;
        if (der != null && der.length == X509_PREFIX.length + KEY_BYTES
                && Arrays.equals(der, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
            return Arrays.copyOfRange(der, X509_PREFIX.length, der.length);
        }
        throw new InvalidKeyException("cannot read the Ed25519 public key of type " + key.getClass().getName());
    }

    /**
     * A JDK public key for an RFC 8032 encoding, rejecting what section 5.1.3 rejects: a wrong
     * length, y not below p, no x for y (or none of the stated parity). Bouncy Castle's partial
     * validation (without the costly check of the full order) also refuses the eight points of small
     * order, which the JDK and amiko-keys admit: with such a key anyone can forge a signature, and no
     * key generation produces one, so refusing it early loses nothing.
     */
    static PublicKey decode(byte[] encoded) throws InvalidKeySpecException {
        if (encoded.length != KEY_BYTES) {
            throw new InvalidKeySpecException("ssh-ed25519 public key must be 32 bytes, not " + encoded.length);
        }
        if (!Ed25519.validatePublicKeyPartial(encoded, 0)) {
            throw new InvalidKeySpecException("ssh-ed25519 public key is not a point on the curve");
        }
        boolean xOdd = (encoded[KEY_BYTES - 1] & 0x80) != 0;
        byte[] bigEndian = new byte[KEY_BYTES];
        for (int i = 0; i < KEY_BYTES; i++) {
            bigEndian[i] = encoded[KEY_BYTES - 1 - i];
        }
        bigEndian[0] &= 0x7f;
        EdECPoint point = new EdECPoint(xOdd, new BigInteger(1, bigEndian));
        try {
            return KeyFactory.getInstance(NAME).generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, point));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java 15+ runtime has Ed25519", e);
        }
    }
}
