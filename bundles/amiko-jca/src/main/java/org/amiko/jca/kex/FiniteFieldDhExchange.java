// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.kex;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import org.amiko.spi.kex.KexAlgorithm;

/**
 * Finite-field Diffie-Hellman in one group: a fixed RFC 3526 group (RFC 4253 section 8, RFC 8268)
 * or the one a group exchange settled on (RFC 4419). The client sends {@code e = g^x mod p}, the
 * server {@code f}; each travels as the body of its mpint, as OpenSSH sends it. A peer value
 * outside {@code 1 < y < p-1} is refused (RFC 4253 section 8), and {@code K} is the shared secret
 * as an mpint.
 *
 * <p>The arithmetic is {@link BigInteger#modPow}, which is also all the JDK's "DH" provider does;
 * that provider refuses primes whose size is not a multiple of 64 bits, and a group exchange must
 * take the prime the server sends.
 */
class FiniteFieldDhExchange implements KexAlgorithm {
    /**
     * Bits of private exponent: twice the 256-bit strength of the strongest derived key, and above
     * twice the strength of even the 8192-bit group (about 200 bits). OpenSSH's {@code dh_gen_key}
     * takes twice the longest derived key, so up to 1024 bits; past 2 x 256 that buys nothing.
     */
    static final int EXPONENT_BITS = 512;

    private final String wireName;
    private final BigInteger prime;
    private final BigInteger generator;
    private final String digest;

    FiniteFieldDhExchange(String wireName, ModpGroup group, String digest) {
        this(wireName, group.prime(), ModpGroup.GENERATOR, digest);
    }

    /** In any group: the caller has checked that {@code prime} is odd and {@code 1 < generator < prime-1}. */
    FiniteFieldDhExchange(String wireName, BigInteger prime, BigInteger generator, String digest) {
        this.wireName = wireName;
        this.prime = prime;
        this.generator = generator;
        this.digest = digest;
    }

    @Override
    public final String digestAlgorithm() {
        return digest;
    }

    /** Bits of the prime. */
    final int bits() {
        return prime.bitLength();
    }

    @Override
    public final ClientKex newClient(SecureRandom random) throws GeneralSecurityException {
        BigInteger x = privateExponent(random);
        byte[] publicValue = generator.modPow(x, prime).toByteArray();
        return new ClientKex() {
            @Override
            public byte[] publicValue() {
                return publicValue.clone();
            }

            @Override
            public byte[] decapsulate(byte[] serverPublic) throws GeneralSecurityException {
                return agree(x, decode(serverPublic));
            }
        };
    }

    @Override
    public final Encapsulation encapsulate(byte[] clientPublic, SecureRandom random) throws GeneralSecurityException {
        BigInteger e = decode(clientPublic);
        BigInteger y = privateExponent(random);
        return new Encapsulation(generator.modPow(y, prime).toByteArray(), agree(y, e));
    }

    /** A random exponent of {@link #EXPONENT_BITS} bits, its top bit set, as the JDK's generator makes one. */
    private static BigInteger privateExponent(SecureRandom random) {
        return new BigInteger(EXPONENT_BITS - 1, random).setBit(EXPONENT_BITS - 1);
    }

    private BigInteger decode(byte[] value) throws GeneralSecurityException {
        // One sign byte more than the modulus is the longest honest encoding; longer is refused
        // before any arithmetic on it.
        if (value.length == 0 || value.length > (prime.bitLength() + 7) / 8 + 1) {
            throw new InvalidKeyException(wireName + " public value of " + value.length + " bytes");
        }
        BigInteger y = new BigInteger(value);
        if (y.compareTo(BigInteger.ONE) <= 0 || y.compareTo(prime.subtract(BigInteger.ONE)) >= 0) {
            throw new InvalidKeyException(wireName + " public value out of range 1 < y < p-1");
        }
        return y;
    }

    private byte[] agree(BigInteger exponent, BigInteger peer) throws InvalidKeyException {
        // toByteArray's sign byte is a leading zero, which the unsigned mpint encoding drops
        return SharedSecret.mpint(peer.modPow(exponent, prime).toByteArray(), wireName);
    }
}
