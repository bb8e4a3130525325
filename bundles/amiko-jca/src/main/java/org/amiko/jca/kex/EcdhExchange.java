// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.kex;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import javax.crypto.KeyAgreement;
import org.amiko.spi.kex.KexAlgorithm;

/**
 * Elliptic-curve Diffie-Hellman over a NIST prime curve (RFC 5656 section 4). Public values are
 * uncompressed SEC1 points {@code 0x04 || X || Y} (RFC 5656 section 3.1, SEC1 section 2.3.3); a peer
 * point of the wrong length, with coordinates out of range or off the curve is refused (RFC 5656
 * section 4 requires the check); {@code K} is the x-coordinate of the shared point as an mpint.
 */
abstract class EcdhExchange implements KexAlgorithm {
    private final String wireName;
    private final String curveName;
    private final String digest;
    /** Looked up on first use, so that a JDK without this curve still loads the class. */
    private volatile ECParameterSpec params;

    EcdhExchange(String wireName, String curveName, String digest) {
        this.wireName = wireName;
        this.curveName = curveName;
        this.digest = digest;
    }

    @Override
    public final String digestAlgorithm() {
        return digest;
    }

    @Override
    public final ClientKex newClient(SecureRandom random) throws GeneralSecurityException {
        return client(generate(random));
    }

    @Override
    public final Encapsulation encapsulate(byte[] clientPublic, SecureRandom random) throws GeneralSecurityException {
        return encapsulate(decode(clientPublic), generate(random));
    }

    /** The client half with a given key pair; package-private for the RFC 5903 known answers. */
    final ClientKex client(KeyPair pair) throws GeneralSecurityException {
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

    /** The server half with a given key pair; package-private for the RFC 5903 known answers. */
    final Encapsulation encapsulate(PublicKey clientKey, KeyPair server) throws GeneralSecurityException {
        return new Encapsulation(encode(server.getPublic()), agree(server.getPrivate(), clientKey));
    }

    /** The curve's domain parameters from the JDK. */
    final ECParameterSpec params() throws GeneralSecurityException {
        ECParameterSpec spec = params;
        if (spec == null) {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(curveName));
            spec = parameters.getParameterSpec(ECParameterSpec.class);
            params = spec;
        }
        return spec;
    }

    private KeyPair generate(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(params(), random);
        return generator.generateKeyPair();
    }

    private int fieldBytes() throws GeneralSecurityException {
        return (params().getCurve().getField().getFieldSize() + 7) / 8;
    }

    /** SEC1 section 2.3.4 for uncompressed points, with the curve equation checked. */
    final PublicKey decode(byte[] value) throws GeneralSecurityException {
        int n = fieldBytes();
        if (value.length != 1 + 2 * n || value[0] != 0x04) {
            throw new InvalidKeyException(wireName + " public value must be an uncompressed point of " + (1 + 2 * n)
                    + " bytes");
        }
        BigInteger x = new BigInteger(1, value, 1, n);
        BigInteger y = new BigInteger(1, value, 1 + n, n);
        EllipticCurve curve = params().getCurve();
        BigInteger p = ((ECFieldFp) curve.getField()).getP();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            throw new InvalidKeyException(wireName + " point coordinate out of range");
        }
        // The NIST curves have cofactor 1, so a point on the curve (never infinity, which has no
        // uncompressed encoding) lies in the prime-order group: no small-subgroup attack is left.
        BigInteger left = y.multiply(y).mod(p);
        BigInteger right = x.multiply(x).add(curve.getA()).multiply(x).add(curve.getB()).mod(p);
        if (!left.equals(right)) {
            throw new InvalidKeyException(wireName + " point is not on the curve");
        }
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), params()));
    }

    final byte[] encode(PublicKey key) throws GeneralSecurityException {
        if (!(key instanceof ECPublicKey)) {
            throw new InvalidKeyException("not an EC key: " + key.getAlgorithm());
        }
        int n = fieldBytes();
        ECPoint w = ((ECPublicKey) key).getW();
        byte[] out = new byte[1 + 2 * n];
        out[0] = 0x04;
        copyFixed(w.getAffineX(), out, 1, n);
        copyFixed(w.getAffineY(), out, 1 + n, n);
        return out;
    }

    private static void copyFixed(BigInteger value, byte[] out, int offset, int length) {
        byte[] bytes = value.toByteArray();
        int skip = Math.max(0, bytes.length - length); // drop a sign byte
        int copy = bytes.length - skip;
        System.arraycopy(bytes, skip, out, offset + length - copy, copy);
    }

    private byte[] agree(PrivateKey ours, PublicKey theirs) throws GeneralSecurityException {
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(ours);
        agreement.doPhase(theirs, true);
        return SharedSecret.mpint(agreement.generateSecret(), wireName); // the JDK returns x, field-sized
    }
}
