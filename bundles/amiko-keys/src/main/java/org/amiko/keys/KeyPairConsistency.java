// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Arrays;

/**
 * Proves that a private key and a public key belong together, and derives the public half where a
 * file format leaves it out (PKCS#8 and SEC1 may). A key file whose halves disagree is damaged or
 * forged; loading it anyway would give a client a key that signs for a different identity than the
 * one it advertises.
 */
final class KeyPairConsistency {
    private KeyPairConsistency() {
    }

    /** The public key that belongs to a private key. */
    static PublicKey publicOf(PrivateKey key) throws InvalidKeyException {
        KeyType type = JdkKeys.typeOf(key);
        try {
            switch (type) {
                case ED25519: {
                    byte[] seed = ((EdECPrivateKey) key).getBytes()
                            .orElseThrow(() -> new InvalidKeyException("Ed25519 private key does not reveal its seed"));
                    try {
                        return ed25519PublicOf(seed);
                    } finally {
                        Arrays.fill(seed, (byte) 0);
                    }
                }
                case RSA: {
                    RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) key;
                    return JdkKeys.rsaPublic(rsa.getModulus(), rsa.getPublicExponent());
                }
                default: {
                    NistCurve curve = type.curve();
                    BigInteger s = ((ECPrivateKey) key).getS();
                    curve.checkPrivateScalar(s);
                    return JdkKeys.ecPublic(curve, EcPointMultiplier.publicPoint(curve, s));
                }
            }
        } catch (InvalidKeySpecException e) {
            throw new InvalidKeyException("cannot derive the public key: " + e.getMessage(), e);
        }
    }

    /** Fails unless the pair's public key is the one its private key derives. */
    static void check(KeyPair pair) throws InvalidKeyException {
        if (pair.getPublic() == null || pair.getPrivate() == null) {
            throw new InvalidKeyException("key pair lacks its public or private half");
        }
        KeyType publicType = JdkKeys.typeOf(pair.getPublic());
        KeyType privateType = JdkKeys.typeOf(pair.getPrivate());
        if (publicType != privateType) {
            throw new InvalidKeyException("public key is " + publicType.sshName() + " but private key is "
                    + privateType.sshName());
        }
        if (privateType == KeyType.RSA) {
            RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) pair.getPrivate();
            try {
                rsaPrivate(rsa.getModulus(), rsa.getPublicExponent(), rsa.getPrivateExponent(), rsa.getPrimeP(),
                        rsa.getPrimeQ(), rsa.getCrtCoefficient());
            } catch (InvalidKeySpecException e) {
                throw new InvalidKeyException(e.getMessage(), e);
            }
        }
        boolean together;
        if (privateType == KeyType.RSA || privateType == KeyType.ED25519) {
            together = Arrays.equals(PublicKeyBlob.encode(publicOf(pair.getPrivate())),
                    PublicKeyBlob.encode(pair.getPublic()));
        } else {
            // a signature that verifies proves the halves belong together, at the JDK's speed; deriving
            // the point by hand costs a scalar multiplication in BigInteger arithmetic at every load
            together = ecdsaHalvesMatch(pair);
        }
        if (!together) {
            throw new InvalidKeyException("the " + publicType.sshName() + " private and public keys do not belong together");
        }
    }

    /** The RFC 8032 encoding of the Ed25519 public key of a seed. */
    static byte[] ed25519PublicBytes(byte[] seed) throws InvalidKeySpecException {
        try {
            return Ed25519Encoding.encode(((EdECPublicKey) ed25519PublicOf(seed)).getPoint());
        } catch (InvalidKeyException e) {
            throw new InvalidKeySpecException(e.getMessage(), e);
        }
    }

    /**
     * The Ed25519 public key of a seed (RFC 8032 section 5.1.5), computed by the JDK's own key pair
     * generator fed the seed as its randomness: it draws exactly the 32 private bytes.
     */
    private static PublicKey ed25519PublicOf(byte[] seed) throws InvalidKeyException, InvalidKeySpecException {
        byte[] copy = seed.clone();
        SecureRandom fixed = new SecureRandom() {
            private static final long serialVersionUID = 1L;
            private boolean drawn;

            @Override
            public void nextBytes(byte[] bytes) {
                // one draw of exactly the seed, or the result would not be the seed's key
                if (drawn || bytes.length != copy.length) {
                    throw new IllegalStateException("Ed25519 generator asked for " + bytes.length + " bytes");
                }
                drawn = true;
                System.arraycopy(copy, 0, bytes, 0, copy.length);
                Arrays.fill(copy, (byte) 0);
            }
        };
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, fixed);
            return generator.generateKeyPair().getPublic();
        } catch (GeneralSecurityException | IllegalStateException e) {
            // not the JDK's generator, or it drew differently: the arithmetic derivation still works
            return JdkKeys.ed25519Public(Ed25519Encoding.publicPoint(seed));
        } finally {
            Arrays.fill(copy, (byte) 0);
        }
    }

    /**
     * Whether an ECDSA private key signs what its public key verifies: proof that the halves belong
     * together at the JDK's speed, where deriving the point by hand costs a BigInteger scalar
     * multiplication at every load.
     */
    static boolean ecdsaHalvesMatch(KeyPair pair) throws InvalidKeyException {
        String algorithm = "SHA256withECDSA";
        try {
            byte[] probe = "amiko key pair check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(pair.getPrivate());
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(pair.getPublic());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            throw new InvalidKeyException("cannot check the key pair: " + e.getMessage(), e);
        }
    }

    /**
     * Rebuilds an RSA private key with its CRT parameters from the numbers OpenSSH stores
     * (PROTOCOL.key: n, e, d, iqmp, p, q; dP and dQ are recomputed as OpenSSH's
     * {@code ssh_rsa_complete_crt_parameters} does), checking that they fit together.
     */
    static PrivateKey rsaPrivate(BigInteger n, BigInteger e, BigInteger d, BigInteger p, BigInteger q,
            BigInteger iqmp) throws InvalidKeySpecException {
        PublicKeyBlob.checkRsa(n, e);
        BigInteger pMinus1 = p.subtract(BigInteger.ONE);
        BigInteger qMinus1 = q.subtract(BigInteger.ONE);
        if (p.compareTo(BigInteger.ONE) <= 0 || q.compareTo(BigInteger.ONE) <= 0 || !p.multiply(q).equals(n)
                || d.signum() <= 0 || d.compareTo(n) >= 0
                || !e.multiply(d).mod(pMinus1).equals(BigInteger.ONE)
                || !e.multiply(d).mod(qMinus1).equals(BigInteger.ONE)
                || iqmp.signum() <= 0 || iqmp.compareTo(p) >= 0 || !iqmp.multiply(q).mod(p).equals(BigInteger.ONE)) {
            throw new InvalidKeySpecException("ssh-rsa private key numbers are inconsistent");
        }
        return JdkKeys.rsaPrivate(new RSAPrivateCrtKeySpec(n, e, d, p, q, d.mod(pMinus1), d.mod(qMinus1), iqmp));
    }
}
