// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.kex;

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
import javax.crypto.KeyAgreement;
import org.amiko.spi.kex.KexAlgorithm;

/**
 * X25519 key agreement for SSH (RFC 8731 section 3): public values are the 32-byte little-endian
 * u-coordinates of RFC 7748 section 5; an all-zero shared secret is refused (RFC 8731 section 3,
 * RFC 7748 section 6.1); {@code K} is the 32-byte X25519 output read as an unsigned big-endian number
 * and encoded as an mpint (RFC 8731 section 3.1), byte order unchanged.
 */
abstract class X25519Exchange implements KexAlgorithm {
    static final int LENGTH = 32;
    private static final String NAME = "curve25519";

    @Override
    public final String digestAlgorithm() {
        return "SHA-256";
    }

    @Override
    public final ClientKex newClient(SecureRandom random) throws GeneralSecurityException {
        return client(generate(random));
    }

    @Override
    public final Encapsulation encapsulate(byte[] clientPublic, SecureRandom random) throws GeneralSecurityException {
        PublicKey peer = decode(clientPublic);
        return encapsulate(peer, generate(random));
    }

    /** The client half with a given key pair; package-private for the RFC 7748 known answers. */
    static ClientKex client(KeyPair pair) throws InvalidKeyException {
        byte[] publicValue = encode(pair.getPublic());
        PrivateKey privateKey = pair.getPrivate();
        return new ClientKex() {
            @Override
            public byte[] publicValue() {
                return publicValue.clone();
            }

            @Override
            public byte[] decapsulate(byte[] serverPublic) throws GeneralSecurityException {
                return agree(privateKey, decode(serverPublic));
            }
        };
    }

    /** The server half with a given key pair; package-private for the RFC 7748 known answers. */
    static Encapsulation encapsulate(PublicKey clientKey, KeyPair server) throws GeneralSecurityException {
        return new Encapsulation(encode(server.getPublic()), agree(server.getPrivate(), clientKey));
    }

    private static KeyPair generate(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("XDH");
        generator.initialize(NamedParameterSpec.X25519, random);
        return generator.generateKeyPair();
    }

    /** RFC 7748 section 5: 32 bytes, little-endian; the top bit is masked, values mod p accepted. */
    static PublicKey decode(byte[] value) throws GeneralSecurityException {
        if (value.length != LENGTH) {
            throw new InvalidKeyException(NAME + " public value must be 32 bytes, not " + value.length);
        }
        byte[] bigEndian = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            bigEndian[i] = value[LENGTH - 1 - i];
        }
        bigEndian[0] &= 0x7f;
        BigInteger u = new BigInteger(1, bigEndian);
        return KeyFactory.getInstance("XDH").generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, u));
    }

    static byte[] encode(PublicKey key) throws InvalidKeyException {
        if (!(key instanceof XECPublicKey)) {
            throw new InvalidKeyException("not an X25519 key: " + key.getAlgorithm());
        }
        byte[] bigEndian = ((XECPublicKey) key).getU().toByteArray();
        byte[] littleEndian = new byte[LENGTH];
        // toByteArray may add a sign byte or drop leading zeros; take the low 32 bytes, reversed.
        for (int i = 0; i < Math.min(LENGTH, bigEndian.length); i++) {
            littleEndian[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return littleEndian;
    }

    private static byte[] agree(PrivateKey ours, PublicKey theirs) throws GeneralSecurityException {
        KeyAgreement agreement = KeyAgreement.getInstance("XDH");
        agreement.init(ours);
        // The JDK refuses small-order points itself; SharedSecret checks for zero again in case a
        // provider does not.
        agreement.doPhase(theirs, true);
        return SharedSecret.mpint(agreement.generateSecret(), NAME);
    }
}
