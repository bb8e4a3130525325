// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;

/**
 * New key pairs for the SSH key types, as {@code ssh-keygen -t} makes them: Ed25519 (RFC 8709),
 * ECDSA on nistp256/384/521 (RFC 5656) and RSA (RFC 4253 section 6.6, RFC 8332) with exponent
 * 65537, 3072 bits unless asked otherwise, as ssh-keygen's default.
 */
public final class KeyPairs {
    /** ssh-keygen's default RSA size since OpenSSH 8.1. */
    public static final int DEFAULT_RSA_BITS = 3072;
    /** The largest RSA modulus OpenSSH accepts (SSH_RSA_MAXIMUM_MODULUS_SIZE). */
    private static final int MAX_RSA_BITS = PublicKeyBlob.RSA_MAXIMUM_BITS;

    private KeyPairs() {
    }

    /**
     * A new key pair of the given SSH key type ({@code ssh-ed25519}, {@code ecdsa-sha2-nistp256},
     * {@code ecdsa-sha2-nistp384}, {@code ecdsa-sha2-nistp521}, {@code ssh-rsa}).
     *
     * @throws java.security.NoSuchAlgorithmException for any other type
     */
    public static KeyPair generate(String keyType) throws GeneralSecurityException {
        KeyType type = KeyType.of(keyType);
        return generate(type, type == KeyType.RSA ? DEFAULT_RSA_BITS : sizeOf(type));
    }

    /**
     * A new key pair of the given type and size. For RSA the size is the modulus length, 1024 to
     * 16384 bits (OpenSSH's limits); for the other types it must be the curve's size (256, 384,
     * 521; 256 for Ed25519), as in {@code ssh-keygen -b}.
     *
     * @throws InvalidAlgorithmParameterException for a size the type does not allow
     */
    public static KeyPair generate(String keyType, int bits) throws GeneralSecurityException {
        return generate(KeyType.of(keyType), bits);
    }

    private static KeyPair generate(KeyType type, int bits) throws GeneralSecurityException {
        SecureRandom random = new SecureRandom();
        switch (type) {
            case ED25519: {
                requireSize(type, bits);
                KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
                generator.initialize(NamedParameterSpec.ED25519, random);
                return generator.generateKeyPair();
            }
            case RSA: {
                if (bits < KeyType.RSA_MINIMUM_BITS || bits > MAX_RSA_BITS) {
                    throw new InvalidAlgorithmParameterException("ssh-rsa keys must have " + KeyType.RSA_MINIMUM_BITS
                            + " to " + MAX_RSA_BITS + " bits, not " + bits);
                }
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(new RSAKeyGenParameterSpec(bits, BigInteger.valueOf(65537)), random);
                return generator.generateKeyPair();
            }
            default: {
                requireSize(type, bits);
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec(type.curve().jdkName()), random);
                return generator.generateKeyPair();
            }
        }
    }

    private static int sizeOf(KeyType type) {
        return type == KeyType.ED25519 ? 256 : type.curve().bits();
    }

    private static void requireSize(KeyType type, int bits) throws InvalidAlgorithmParameterException {
        if (bits != sizeOf(type)) {
            throw new InvalidAlgorithmParameterException(type.sshName() + " keys have " + sizeOf(type)
                    + " bits; " + bits + " was asked for");
        }
    }
}
