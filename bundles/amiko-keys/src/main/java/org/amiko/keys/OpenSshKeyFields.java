// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECPoint;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import org.amiko.spi.wire.WireFormatException;
import org.amiko.spi.wire.WireReader;
import org.amiko.spi.wire.WireWriter;

/**
 * The per-type key fields inside the private section of an OpenSSH v1 key (PROTOCOL.key section 3,
 * as OpenSSH's {@code sshkey_private_serialize} writes them):
 * <ul>
 * <li>{@code ssh-ed25519}: string public (32 bytes), string seed || public (64 bytes);</li>
 * <li>{@code ecdsa-sha2-*}: string curve, string Q, mpint d;</li>
 * <li>{@code ssh-rsa}: mpint n, e, d, iqmp, p, q.</li>
 * </ul>
 * Every key read is checked against itself (the seed derives the public key, d G = Q, p q = n), so a
 * damaged file never yields a half-right key.
 */
final class OpenSshKeyFields {
    private OpenSshKeyFields() {
    }

    /** Reads the fields that follow the key type name. */
    static KeyPair read(KeyType type, WireReader in) throws WireFormatException, InvalidKeySpecException {
        switch (type) {
            case ED25519:
                return readEd25519(in);
            case RSA:
                return readRsa(in);
            default:
                return readEcdsa(type, in);
        }
    }

    private static KeyPair readEd25519(WireReader in) throws WireFormatException, InvalidKeySpecException {
        byte[] publicBytes = in.readString();
        byte[] secret = in.readString();
        byte[] seed = null;
        try {
            if (publicBytes.length != Ed25519Encoding.KEY_BYTES || secret.length != 2 * Ed25519Encoding.KEY_BYTES) {
                throw new InvalidKeySpecException("ssh-ed25519 private key fields have the wrong length");
            }
            seed = Arrays.copyOf(secret, Ed25519Encoding.KEY_BYTES);
            byte[] derived = KeyPairConsistency.ed25519PublicBytes(seed);
            if (!Arrays.equals(derived, publicBytes)
                    || !Arrays.equals(secret, Ed25519Encoding.KEY_BYTES, secret.length, publicBytes, 0, publicBytes.length)) {
                throw new InvalidKeySpecException("ssh-ed25519 private key does not match its public key");
            }
            PublicKey publicKey = JdkKeys.ed25519Public(Ed25519Encoding.decode(publicBytes));
            return new KeyPair(publicKey, JdkKeys.ed25519Private(seed));
        } finally {
            Arrays.fill(secret, (byte) 0);
            if (seed != null) {
                Arrays.fill(seed, (byte) 0);
            }
        }
    }

    private static KeyPair readEcdsa(KeyType type, WireReader in) throws WireFormatException, InvalidKeySpecException {
        NistCurve curve = type.curve();
        String curveName = in.readUtf8();
        if (!curve.sshName().equals(curveName)) {
            throw new InvalidKeySpecException(type.sshName() + " private key names curve " + KeyType.printable(curveName));
        }
        ECPoint q = curve.decodePoint(in.readString());
        BigInteger d = in.readPositiveMpint();
        curve.checkPrivateScalar(d);
        KeyPair pair = new KeyPair(JdkKeys.ecPublic(curve, q), JdkKeys.ecPrivate(curve, d));
        try {
            if (!KeyPairConsistency.ecdsaHalvesMatch(pair)) {
                throw new InvalidKeySpecException(type.sshName() + " private key does not match its public key");
            }
        } catch (InvalidKeyException e) {
            throw new InvalidKeySpecException(type.sshName() + " private key: " + e.getMessage(), e);
        }
        return pair;
    }

    private static KeyPair readRsa(WireReader in) throws WireFormatException, InvalidKeySpecException {
        BigInteger n = in.readPositiveMpint();
        BigInteger e = in.readPositiveMpint();
        BigInteger d = in.readPositiveMpint();
        BigInteger iqmp = in.readPositiveMpint();
        BigInteger p = in.readPositiveMpint();
        BigInteger q = in.readPositiveMpint();
        PrivateKey privateKey = KeyPairConsistency.rsaPrivate(n, e, d, p, q, iqmp);
        return new KeyPair(JdkKeys.rsaPublic(n, e), privateKey);
    }

    /** Writes the key type name and the fields of a pair already checked to belong together. */
    static void write(KeyPair pair, WireWriter out) throws InvalidKeyException {
        KeyType type = JdkKeys.typeOf(pair.getPrivate());
        out.writeString(type.sshName());
        switch (type) {
            case ED25519: {
                byte[] publicBytes = Ed25519Encoding.encode(((EdECPublicKey) pair.getPublic()).getPoint());
                byte[] seed = ((EdECPrivateKey) pair.getPrivate()).getBytes()
                        .orElseThrow(() -> new InvalidKeyException("Ed25519 private key does not reveal its seed"));
                byte[] secret = new byte[2 * Ed25519Encoding.KEY_BYTES];
                System.arraycopy(seed, 0, secret, 0, seed.length);
                System.arraycopy(publicBytes, 0, secret, Ed25519Encoding.KEY_BYTES, publicBytes.length);
                out.writeString(publicBytes);
                out.writeString(secret);
                Arrays.fill(seed, (byte) 0);
                Arrays.fill(secret, (byte) 0);
                break;
            }
            case RSA: {
                RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) pair.getPrivate();
                out.writeMpint(rsa.getModulus());
                out.writeMpint(rsa.getPublicExponent());
                out.writeMpint(rsa.getPrivateExponent());
                out.writeMpint(rsa.getCrtCoefficient());
                out.writeMpint(rsa.getPrimeP());
                out.writeMpint(rsa.getPrimeQ());
                break;
            }
            default: {
                NistCurve curve = type.curve();
                out.writeString(curve.sshName());
                out.writeString(curve.encodePoint(((ECPublicKey) pair.getPublic()).getW()));
                out.writeMpint(((ECPrivateKey) pair.getPrivate()).getS());
                break;
            }
        }
    }
}
