// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.kex;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;

/**
 * X25519 and X448 (RFC 7748) on the JDK's XDH, in the byte form SSH sends: public values are the
 * little-endian u-coordinates of RFC 7748 section 5, 32 or 56 bytes; the shared secret is the raw
 * function output, refused when it is all zero (RFC 7748 section 6, RFC 8731 section 3), which
 * only a small-order point, that is a hostile or broken peer, produces.
 */
enum XdhCurve {
    X25519(NamedParameterSpec.X25519, 32),
    X448(NamedParameterSpec.X448, 56);

    private final NamedParameterSpec spec;
    private final int length;

    XdhCurve(NamedParameterSpec spec, int length) {
        this.spec = spec;
        this.length = length;
    }

    /** Bytes of a public value and of a shared secret. */
    int length() {
        return length;
    }

    /** An ephemeral key pair; the JDK draws the private scalar straight from {@code random}. */
    KeyPair generate(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("XDH");
        generator.initialize(spec, random);
        return generator.generateKeyPair();
    }

    /**
     * RFC 7748 section 5: a little-endian u-coordinate of exactly {@link #length()} bytes. For X25519
     * the top bit is masked; non-canonical values (at least p) are accepted, as the RFC requires.
     */
    PublicKey decode(byte[] value) throws GeneralSecurityException {
        if (value.length != length) {
            throw new InvalidKeyException(spec.getName() + " public value must be " + length + " bytes, not "
                    + value.length);
        }
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

    /** The little-endian u-coordinate of one of our keys. */
    byte[] encode(PublicKey key) throws InvalidKeyException {
        if (!(key instanceof XECPublicKey)) {
            throw new InvalidKeyException("not an " + spec.getName() + " key: " + key.getAlgorithm());
        }
        byte[] bigEndian = ((XECPublicKey) key).getU().toByteArray();
        byte[] littleEndian = new byte[length];
        // toByteArray may add a sign byte or drop leading zeros; take the low bytes, reversed.
        for (int i = 0; i < Math.min(length, bigEndian.length); i++) {
            littleEndian[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return littleEndian;
    }

    /**
     * The raw shared secret ({@link #length()} bytes).
     *
     * @throws InvalidKeyException if it is all zero
     */
    byte[] agree(PrivateKey ours, PublicKey theirs) throws GeneralSecurityException {
        KeyAgreement agreement = KeyAgreement.getInstance("XDH");
        agreement.init(ours);
        // The JDK refuses small-order points itself; checked again in case a provider does not.
        agreement.doPhase(theirs, true);
        byte[] secret = agreement.generateSecret();
        int bits = 0;
        for (byte b : secret) {
            bits |= b; // no early exit: the secret's value must not show in the timing
        }
        if (bits == 0) {
            Arrays.fill(secret, (byte) 0);
            throw new InvalidKeyException(spec.getName() + " shared secret is zero; the peer's value is unsafe");
        }
        return secret;
    }
}
