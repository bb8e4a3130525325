// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;

/**
 * Builds JDK key objects from their numbers and tells which SSH key type a JDK key is. Keys are made
 * by the platform's {@link KeyFactory}s (Ed25519 needs JDK 15+), so they work with the platform's
 * {@code Signature} implementations.
 */
final class JdkKeys {
    private JdkKeys() {
    }

    /** The SSH key type of a public key, or an {@link InvalidKeyException} naming what it is. */
    static KeyType typeOf(PublicKey key) throws InvalidKeyException {
        if (key instanceof EdECPublicKey edKey && isEd25519(edKey.getParams())) {
            return KeyType.ED25519;
        }
        if (key instanceof ECPublicKey ecKey) {
            NistCurve curve = NistCurve.of(ecKey.getParams());
            if (curve != null) {
                return KeyType.ecdsa(curve);
            }
            throw new InvalidKeyException("unsupported elliptic curve: only nistp256, nistp384 and nistp521 have SSH key types");
        }
        if (key instanceof RSAPublicKey) {
            return KeyType.RSA;
        }
        throw new InvalidKeyException("unsupported public key algorithm " + (key == null ? "null" : key.getAlgorithm()));
    }

    /** The SSH key type of a private key (used to match it with its public half). */
    static KeyType typeOf(PrivateKey key) throws InvalidKeyException {
        if (key instanceof EdECPrivateKey edKey && isEd25519(edKey.getParams())) {
            return KeyType.ED25519;
        }
        if (key instanceof ECPrivateKey ecKey) {
            NistCurve curve = NistCurve.of(ecKey.getParams());
            if (curve != null) {
                return KeyType.ecdsa(curve);
            }
            throw new InvalidKeyException("unsupported elliptic curve: only nistp256, nistp384 and nistp521 have SSH key types");
        }
        if (key instanceof RSAPrivateCrtKey) {
            return KeyType.RSA;
        }
        throw new InvalidKeyException("unsupported private key algorithm " + (key == null ? "null" : key.getAlgorithm())
                + (key != null && "RSA".equals(key.getAlgorithm()) ? " (RSA keys need their CRT parameters)" : ""));
    }

    private static boolean isEd25519(NamedParameterSpec params) {
        return params != null && "Ed25519".equalsIgnoreCase(params.getName());
    }

    static PublicKey ed25519Public(EdECPoint point) throws InvalidKeySpecException {
        return generatePublic("Ed25519", new EdECPublicKeySpec(NamedParameterSpec.ED25519, point));
    }

    static PrivateKey ed25519Private(byte[] seed) throws InvalidKeySpecException {
        return generatePrivate("Ed25519", new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
    }

    static PublicKey ecPublic(NistCurve curve, ECPoint point) throws InvalidKeySpecException {
        return generatePublic("EC", new ECPublicKeySpec(point, curve.params()));
    }

    static PrivateKey ecPrivate(NistCurve curve, BigInteger s) throws InvalidKeySpecException {
        return generatePrivate("EC", new ECPrivateKeySpec(s, curve.params()));
    }

    static PublicKey rsaPublic(BigInteger n, BigInteger e) throws InvalidKeySpecException {
        return generatePublic("RSA", new RSAPublicKeySpec(n, e));
    }

    static PrivateKey rsaPrivate(RSAPrivateCrtKeySpec spec) throws InvalidKeySpecException {
        return generatePrivate("RSA", spec);
    }

    private static PublicKey generatePublic(String algorithm, KeySpec spec)
            throws InvalidKeySpecException {
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(spec);
        } catch (InvalidKeySpecException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new InvalidKeySpecException("the JDK cannot build " + algorithm + " public keys", e);
        }
    }

    private static PrivateKey generatePrivate(String algorithm, KeySpec spec)
            throws InvalidKeySpecException {
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(spec);
        } catch (InvalidKeySpecException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new InvalidKeySpecException("the JDK cannot build " + algorithm + " private keys", e);
        }
    }
}
