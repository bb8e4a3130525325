// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.kex;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import javax.crypto.KeyAgreement;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.util.BigIntegers;

/**
 * An ECDH share over NIST P-256 or P-384, as the hybrids of draft-ietf-sshm-mlkem-hybrid-kex
 * section 2.2 and OpenSSH's {@code kexmlkem768ecdh.c} use it: the public value is the uncompressed
 * SEC1 point {@code 0x04 || X || Y} (without a length), the secret the x-coordinate of the shared
 * point as a fixed-length big-endian string (not an mpint, unlike RFC 5656's exchanges). The JDK does
 * the arithmetic; a peer point of the wrong length or form, or off the curve, is refused before it.
 */
final class NistCurveShare implements ClassicalShare {
    /** P-256 ({@code secp256r1}): 65-byte points, 32-byte secrets. */
    static final Curve P256 = new NistCurve("secp256r1", "P-256");
    /** P-384 ({@code secp384r1}): 97-byte points, 48-byte secrets. */
    static final Curve P384 = new NistCurve("secp384r1", "P-384");

    private final NistCurve curve;
    private KeyPair pair;

    private NistCurveShare(NistCurve curve, KeyPair pair) {
        this.curve = curve;
        this.pair = pair;
    }

    /** A share of a given JDK key pair of {@code curve} ({@link #P256} or {@link #P384}); for the known answers. */
    static ClassicalShare of(Curve curve, KeyPair pair) {
        return new NistCurveShare((NistCurve) curve, pair);
    }

    @Override
    public byte[] publicValue() {
        ECPoint w = ((ECPublicKey) pair.getPublic()).getW();
        byte[] out = new byte[1 + 2 * curve.fieldBytes];
        out[0] = 0x04;
        BigIntegers.asUnsignedByteArray(w.getAffineX(), out, 1, curve.fieldBytes);
        BigIntegers.asUnsignedByteArray(w.getAffineY(), out, 1 + curve.fieldBytes, curve.fieldBytes);
        return out;
    }

    @Override
    public byte[] agree(byte[] peerPublic) throws GeneralSecurityException {
        if (pair == null) {
            throw new IllegalStateException("this " + curve + " share was used");
        }
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(pair.getPrivate());
        agreement.doPhase(curve.decode(peerPublic), true);
        return agreement.generateSecret(); // the x-coordinate, field-sized
    }

    @Override
    public void destroy() {
        // the JDK's EC private keys cannot be wiped: dropped, for the collector
        pair = null;
    }

    private static final class NistCurve implements Curve {
        private final String name;
        private final String label;
        private final ECCurve bcCurve;
        private final int fieldBytes;
        private final ECParameterSpec params;

        NistCurve(String name, String label) {
            this.name = name;
            this.label = label;
            this.bcCurve = ECNamedCurveTable.getByName(name).getCurve();
            this.fieldBytes = (bcCurve.getFieldSize() + 7) / 8;
            try {
                AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
                parameters.init(new ECGenParameterSpec(name));
                this.params = parameters.getParameterSpec(ECParameterSpec.class);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK lacks " + name, e);
            }
        }

        @Override
        public int publicLength() {
            return 1 + 2 * fieldBytes;
        }

        @Override
        public ClassicalShare newShare(SecureRandom random) throws GeneralSecurityException {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(params, random);
            return new NistCurveShare(this, generator.generateKeyPair());
        }

        /**
         * SEC1 section 2.3.4 for an uncompressed point, checked against the curve equation (the
         * curves have cofactor 1, so any point on them lies in the prime-order group).
         */
        PublicKey decode(byte[] value) throws GeneralSecurityException {
            if (value.length != publicLength() || value[0] != 0x04) {
                throw new InvalidKeyException(label + " public value must be an uncompressed point of "
                        + publicLength() + " bytes");
            }
            BigInteger x = new BigInteger(1, value, 1, fieldBytes);
            BigInteger y = new BigInteger(1, value, 1 + fieldBytes, fieldBytes);
            try {
                bcCurve.validatePoint(x, y); // coordinates below p, and on the curve
            } catch (IllegalArgumentException e) {
                throw new InvalidKeyException(label + " public value is not a point of the curve");
            }
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), params));
        }

        @Override
        public String toString() {
            return label;
        }
    }
}
