// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.InvalidKeySpecException;
import org.amiko.spi.wire.WireFormatException;
import org.amiko.spi.wire.WireReader;
import org.amiko.spi.wire.WireWriter;

/**
 * SSH public key blobs, the {@code string keytype || ...} form keys take on the wire and in key
 * files:
 * <ul>
 * <li>{@code ssh-rsa}: {@code mpint e, mpint n} (RFC 4253 section 6.6; RFC 8332 signs with the same
 * blob);</li>
 * <li>{@code ecdsa-sha2-nistp256/384/521}: {@code string curve, string Q} (RFC 5656 section 3.1);</li>
 * <li>{@code ssh-ed25519}: {@code string key} of 32 bytes (RFC 8709 section 4).</li>
 * </ul>
 * Decoding is strict: trailing bytes, a curve name that is not the type's, a point off the curve,
 * an RSA modulus under 1024 or over 16384 bits (OpenSSH's limits) and an Ed25519 key that is not
 * 32 bytes are all rejected with an exception that names the problem, never the key.
 */
public final class PublicKeyBlob {
    /** OpenSSH's SSH_RSA_MAXIMUM_MODULUS_SIZE: bounds the work a peer's key can cost us. */
    static final int RSA_MAXIMUM_BITS = 16384;

    private PublicKeyBlob() {
    }

    /**
     * The SSH key type name of a key: {@code ssh-ed25519}, {@code ecdsa-sha2-nistp256},
     * {@code ecdsa-sha2-nistp384}, {@code ecdsa-sha2-nistp521} or {@code ssh-rsa}, or a certificate
     * type ({@link OpenSshCertificate}).
     *
     * @throws InvalidKeyException for any other kind of key (DSA, Ed448, other curves)
     */
    public static String keyType(PublicKey key) throws InvalidKeyException {
        if (key instanceof OpenSshCertificate certificate) {
            return certificate.certificateType();
        }
        if (key instanceof SecurityKeyPublicKey securityKey) {
            return securityKey.keyType();
        }
        return JdkKeys.typeOf(key).sshName();
    }

    /**
     * Encodes a public key as its SSH blob.
     *
     * @throws InvalidKeyException for keys without an SSH key type
     */
    public static byte[] encode(PublicKey key) throws InvalidKeyException {
        if (key instanceof OpenSshCertificate certificate) {
            return certificate.getEncoded();
        }
        if (key instanceof SecurityKeyPublicKey securityKey) {
            return securityKey.getEncoded();
        }
        KeyType type = JdkKeys.typeOf(key);
        WireWriter out = new WireWriter(type == KeyType.RSA ? 600 : 160);
        out.writeString(type.sshName());
        encodeBody(type, key, out);
        return out.toByteArray();
    }

    /** Writes the fields after the type name of a plain key of {@code type}. */
    static void encodeBody(KeyType type, PublicKey key, WireWriter out) {
        switch (type) {
            case ED25519:
                out.writeString(Ed25519Encoding.encode(((EdECPublicKey) key).getPoint()));
                break;
            case RSA:
                RSAPublicKey rsa = (RSAPublicKey) key;
                out.writeMpint(rsa.getPublicExponent());
                out.writeMpint(rsa.getModulus());
                break;
            default:
                ECPublicKey ec = (ECPublicKey) key;
                out.writeString(type.curve().sshName());
                out.writeString(type.curve().encodePoint(ec.getW()));
                break;
        }
    }

    /**
     * Decodes a public key blob; a certificate's is an {@link OpenSshCertificate}.
     *
     * @throws java.security.NoSuchAlgorithmException for a key type this bundle does not handle
     * @throws InvalidKeySpecException for a malformed blob or an invalid key
     */
    public static PublicKey decode(byte[] blob) throws GeneralSecurityException {
        WireReader in = new WireReader(blob);
        String typeName;
        try {
            typeName = in.readUtf8();
        } catch (WireFormatException e) {
            throw new InvalidKeySpecException("malformed public key blob: " + e.getMessage(), e);
        }
        if (OpenSshCertificate.isCertificateType(typeName)) {
            return OpenSshCertificate.decode(blob);
        }
        if (SecurityKeyPublicKey.isSecurityKeyType(typeName)) {
            try {
                return SecurityKeyPublicKey.decode(typeName, in);
            } catch (WireFormatException e) {
                throw new InvalidKeySpecException("malformed " + typeName + " public key blob: " + e.getMessage(), e);
            }
        }
        KeyType type = KeyType.of(typeName);
        try {
            PublicKey key = decodeBody(type, in);
            in.expectEnd(type.sshName() + " public key blob");
            return key;
        } catch (WireFormatException e) {
            throw new InvalidKeySpecException("malformed " + type.sshName() + " public key blob: " + e.getMessage(), e);
        }
    }

    /** Decodes the fields after the type name, for a type already read and checked. */
    static PublicKey decodeBody(KeyType type, WireReader in) throws WireFormatException, InvalidKeySpecException {
        switch (type) {
            case ED25519:
                return JdkKeys.ed25519Public(Ed25519Encoding.decode(in.readString()));
            case RSA:
                BigInteger e = in.readPositiveMpint();
                BigInteger n = in.readPositiveMpint();
                return rsa(n, e);
            default:
                NistCurve curve = type.curve();
                String curveName = in.readUtf8();
                if (!curve.sshName().equals(curveName)) {
                    throw new InvalidKeySpecException(type.sshName() + " key names curve " + KeyType.printable(curveName)
                            + ", not " + curve.sshName());
                }
                ECPoint point = curve.decodePoint(in.readString());
                return JdkKeys.ecPublic(curve, point);
        }
    }

    /** An RSA public key within OpenSSH's size limits. */
    static PublicKey rsa(BigInteger n, BigInteger e) throws InvalidKeySpecException {
        checkRsa(n, e);
        return JdkKeys.rsaPublic(n, e);
    }

    static void checkRsa(BigInteger n, BigInteger e) throws InvalidKeySpecException {
        if (n.bitLength() < KeyType.RSA_MINIMUM_BITS) {
            throw new InvalidKeySpecException("ssh-rsa modulus of " + n.bitLength() + " bits is below the minimum of "
                    + KeyType.RSA_MINIMUM_BITS);
        }
        if (n.bitLength() > RSA_MAXIMUM_BITS) {
            throw new InvalidKeySpecException("ssh-rsa modulus of " + n.bitLength() + " bits is above the maximum of "
                    + RSA_MAXIMUM_BITS);
        }
        if (!n.testBit(0) || !e.testBit(0) || e.equals(BigInteger.ONE) || e.compareTo(n) >= 0) {
            throw new InvalidKeySpecException("ssh-rsa key has an invalid modulus or exponent");
        }
    }
}
