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
import javax.crypto.KeyAgreement;
import javax.crypto.interfaces.DHPublicKey;
import javax.crypto.spec.DHParameterSpec;
import javax.crypto.spec.DHPublicKeySpec;
import org.amiko.spi.kex.KexAlgorithm;

/**
 * Finite-field Diffie-Hellman over a fixed RFC 3526 group (RFC 4253 section 8, RFC 8268). The client
 * sends {@code e = g^x mod p}, the server {@code f}; each travels as the body of its mpint, as
 * OpenSSH sends it. A peer value outside {@code 1 < y < p-1} is refused (RFC 4253 section 8), and
 * {@code K} is the shared secret as an mpint.
 */
abstract class FiniteFieldDhExchange implements KexAlgorithm {
    /**
     * Bits of private exponent: twice the 256-bit strength of the strongest derived key, as OpenSSH
     * chooses ({@code dh_gen_key}), and above twice the strength of even the 8192-bit group.
     */
    static final int EXPONENT_BITS = 512;

    private final String wireName;
    private final ModpGroup group;
    private final String digest;

    FiniteFieldDhExchange(String wireName, ModpGroup group, String digest) {
        this.wireName = wireName;
        this.group = group;
        this.digest = digest;
    }

    @Override
    public final String digestAlgorithm() {
        return digest;
    }

    final ModpGroup group() {
        return group;
    }

    @Override
    public final ClientKex newClient(SecureRandom random) throws GeneralSecurityException {
        KeyPair pair = generate(random);
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

    @Override
    public final Encapsulation encapsulate(byte[] clientPublic, SecureRandom random) throws GeneralSecurityException {
        PublicKey client = decode(clientPublic);
        KeyPair server = generate(random);
        return new Encapsulation(encode(server.getPublic()), agree(server.getPrivate(), client));
    }

    private KeyPair generate(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("DH");
        generator.initialize(new DHParameterSpec(group.prime(), ModpGroup.GENERATOR, EXPONENT_BITS), random);
        return generator.generateKeyPair();
    }

    /** The mpint body: minimal two's complement, so a leading zero when the top bit is set. */
    private static byte[] encode(PublicKey key) {
        return ((DHPublicKey) key).getY().toByteArray();
    }

    private PublicKey decode(byte[] value) throws GeneralSecurityException {
        BigInteger p = group.prime();
        // One sign byte more than the modulus is the longest honest encoding; longer is refused
        // before any arithmetic on it.
        if (value.length == 0 || value.length > group.bits() / 8 + 1) {
            throw new InvalidKeyException(wireName + " public value of " + value.length + " bytes");
        }
        BigInteger y = new BigInteger(value);
        if (y.compareTo(BigInteger.ONE) <= 0 || y.compareTo(p.subtract(BigInteger.ONE)) >= 0) {
            throw new InvalidKeyException(wireName + " public value out of range 1 < y < p-1");
        }
        return KeyFactory.getInstance("DH").generatePublic(new DHPublicKeySpec(y, p, ModpGroup.GENERATOR));
    }

    private byte[] agree(PrivateKey ours, PublicKey theirs) throws GeneralSecurityException {
        KeyAgreement agreement = KeyAgreement.getInstance("DH");
        agreement.init(ours);
        agreement.doPhase(theirs, true);
        return SharedSecret.mpint(agreement.generateSecret(), wireName);
    }
}
