// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.kex;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;

/**
 * X25519 and X448 (RFC 7748) on Bouncy Castle's lightweight {@code rfc7748} code, in the byte form
 * SSH sends: private scalars, public values and shared secrets are the raw little-endian strings of
 * RFC 7748 section 5, 32 or 56 bytes. The shared secret is refused when it is all zero (RFC 7748
 * section 6, RFC 8731 section 3), which only a small-order point, that is a hostile or broken peer,
 * produces.
 *
 * <p>Bouncy Castle rather than the JDK's XDH because the JDK 17 field arithmetic made X25519 cost
 * about 0.76 ms per key exchange, several times Bouncy Castle's; the results are the same bytes.
 * Bouncy Castle masks the top bit of an X25519 u-coordinate and accepts non-canonical values (at
 * least p), as RFC 7748 section 5 requires and as the JDK does.
 *
 * <p>The JDK key objects are understood too ({@link #privateScalar}, {@link #decode}, {@link
 * #encode}), so that known-answer tests can hand in keys made by the JDK's {@code KeyFactory}.
 */
enum XdhCurve {
    X25519(NamedParameterSpec.X25519, org.bouncycastle.math.ec.rfc7748.X25519.POINT_SIZE) {
        @Override
        void generatePrivate(SecureRandom random, byte[] scalar) {
            org.bouncycastle.math.ec.rfc7748.X25519.generatePrivateKey(random, scalar);
        }

        @Override
        void generatePublic(byte[] scalar, byte[] value) {
            org.bouncycastle.math.ec.rfc7748.X25519.generatePublicKey(scalar, 0, value, 0);
        }

        @Override
        boolean calculate(byte[] scalar, byte[] peer, byte[] secret) {
            return org.bouncycastle.math.ec.rfc7748.X25519.calculateAgreement(scalar, 0, peer, 0, secret, 0);
        }
    },
    X448(NamedParameterSpec.X448, org.bouncycastle.math.ec.rfc7748.X448.POINT_SIZE) {
        @Override
        void generatePrivate(SecureRandom random, byte[] scalar) {
            org.bouncycastle.math.ec.rfc7748.X448.generatePrivateKey(random, scalar);
        }

        @Override
        void generatePublic(byte[] scalar, byte[] value) {
            org.bouncycastle.math.ec.rfc7748.X448.generatePublicKey(scalar, 0, value, 0);
        }

        @Override
        boolean calculate(byte[] scalar, byte[] peer, byte[] secret) {
            return org.bouncycastle.math.ec.rfc7748.X448.calculateAgreement(scalar, 0, peer, 0, secret, 0);
        }
    };

    private final NamedParameterSpec spec;
    private final int length;

    XdhCurve(NamedParameterSpec spec, int length) {
        this.spec = spec;
        this.length = length;
    }

    /** Bytes of a private scalar, a public value and a shared secret. */
    int length() {
        return length;
    }

    /**
     * A fresh private scalar: {@link #length()} bytes drawn straight from {@code random}, as the JDK
     * draws them too, so a test that replays a published private key gets the published public value.
     */
    byte[] newPrivate(SecureRandom random) {
        byte[] scalar = new byte[length];
        generatePrivate(random, scalar);
        return scalar;
    }

    /** The public value (little-endian u-coordinate) of a private scalar. */
    byte[] publicValue(byte[] privateScalar) {
        byte[] value = new byte[length];
        generatePublic(privateScalar, value);
        return value;
    }

    /**
     * The raw shared secret ({@link #length()} bytes) of our scalar and the peer's public value.
     *
     * @throws InvalidKeyException if the peer's value is not {@link #length()} bytes, or the secret
     *     is all zero
     */
    byte[] agree(byte[] privateScalar, byte[] peerPublic) throws InvalidKeyException {
        checkLength(peerPublic, "public value");
        byte[] secret = new byte[length];
        // Bouncy Castle reports an all-zero result (checked without an early exit) as false.
        if (!calculate(privateScalar, peerPublic, secret)) {
            Arrays.fill(secret, (byte) 0);
            throw new InvalidKeyException(spec.getName() + " shared secret is zero; the peer's value is unsafe");
        }
        return secret;
    }

    /** The raw scalar of a JDK XDH private key of this curve. */
    byte[] privateScalar(PrivateKey key) throws InvalidKeyException {
        if (!(key instanceof XECPrivateKey xec) || !spec.getName().equalsIgnoreCase(paramsName(xec.getParams()))) {
            throw new InvalidKeyException("not an " + spec.getName() + " private key: " + key.getAlgorithm());
        }
        byte[] scalar = xec.getScalar().orElseThrow(
                () -> new InvalidKeyException("the " + spec.getName() + " private key does not reveal its scalar"));
        checkLength(scalar, "private key");
        return scalar;
    }

    /**
     * RFC 7748 section 5: a little-endian u-coordinate of exactly {@link #length()} bytes, as a JDK
     * key (for tests that build JDK key pairs). For X25519 the top bit is masked.
     */
    PublicKey decode(byte[] value) throws GeneralSecurityException {
        checkLength(value, "public value");
        byte[] bigEndian = new byte[length];
        for (int i = 0; i < length; i++) {
            bigEndian[i] = value[length - 1 - i];
        }
        if (this == X25519) {
            bigEndian[0] &= 0x7f;
        }
        BigInteger u = new BigInteger(1, bigEndian);
        return KeyFactory.getInstance("XDH").generatePublic(new XECPublicKeySpec(spec, u));
    }

    /** The little-endian u-coordinate of a JDK XDH public key. */
    byte[] encode(PublicKey key) throws InvalidKeyException {
        if (!(key instanceof XECPublicKey xec)) {
            throw new InvalidKeyException("not an " + spec.getName() + " key: " + key.getAlgorithm());
        }
        byte[] bigEndian = xec.getU().toByteArray();
        byte[] littleEndian = new byte[length];
        // toByteArray may add a sign byte or drop leading zeros; take the low bytes, reversed.
        for (int i = 0; i < Math.min(length, bigEndian.length); i++) {
            littleEndian[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return littleEndian;
    }

    /** Bouncy Castle's key generation into {@code scalar}. */
    abstract void generatePrivate(SecureRandom random, byte[] scalar);

    /** Bouncy Castle's public value of {@code scalar} into {@code value}. */
    abstract void generatePublic(byte[] scalar, byte[] value);

    /** Bouncy Castle's agreement into {@code secret}; false when it is all zero. */
    abstract boolean calculate(byte[] scalar, byte[] peer, byte[] secret);

    private void checkLength(byte[] value, String what) throws InvalidKeyException {
        if (value.length != length) {
            throw new InvalidKeyException(spec.getName() + " " + what + " must be " + length + " bytes, not "
                    + value.length);
        }
    }

    private static String paramsName(AlgorithmParameterSpec params) {
        return params instanceof NamedParameterSpec named ? named.getName() : "";
    }
}
