// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPrivateKeySpec;
import java.util.stream.Stream;
import org.amiko.spi.wire.WireReader;
import org.amiko.spi.wire.WireWriter;
import org.amiko.testkit.FixedRandom;
import org.amiko.testkit.VectorFile;
import org.amiko.testkit.VectorFile.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 6979 appendix A.2.5-A.2.7 ("sample" with SHA-256/384/512) as {@code ecdsa-sha2-nistp*} blobs
 * (RFC 5656 section 3.1.2), and the checks that keep a signature to its curve and its range.
 */
class EcdsaKnownAnswerTest {
    private static final byte[] SAMPLE = "sample".getBytes(StandardCharsets.US_ASCII);

    static Stream<Vector> vectors() {
        return VectorFile.load(EcdsaKnownAnswerTest.class, "/vectors/rfc6979-ecdsa.txt").vectors().stream();
    }

    private static Ecdsa algorithmFor(Vector vector) {
        switch (vector.text("CURVE")) {
            case "P-256":
                return new EcdsaSha2Nistp256();
            case "P-384":
                return new EcdsaSha2Nistp384();
            default:
                return new EcdsaSha2Nistp521();
        }
    }

    private static String curveName(Vector vector) {
        return "nistp" + vector.text("CURVE").substring(2);
    }

    private static PublicKey publicKey(Ecdsa algorithm, Vector vector) throws GeneralSecurityException {
        int n = (Integer.parseInt(vector.text("CURVE").substring(2)) + 7) / 8;
        byte[] point = new byte[1 + 2 * n];
        point[0] = 4;
        put(vector.unsigned("UX"), point, 1, n);
        put(vector.unsigned("UY"), point, 1 + n, n);
        return algorithm.decodePublicKey(new WireWriter().writeString(algorithm.name()).writeString(curveName(vector))
                .writeString(point).toByteArray());
    }

    /** Writes {@code value} big-endian into exactly {@code n} bytes. */
    private static void put(BigInteger value, byte[] out, int offset, int n) {
        byte[] bytes = value.toByteArray();
        int copy = Math.min(n, bytes.length);
        System.arraycopy(bytes, bytes.length - copy, out, offset + n - copy, copy);
    }

    private static byte[] blob(String name, BigInteger r, BigInteger s) {
        byte[] inner = new WireWriter().writeMpint(r).writeMpint(s).toByteArray();
        return new WireWriter().writeString(name).writeString(inner).toByteArray();
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void verifiesThePublishedSignature(Vector vector) throws GeneralSecurityException {
        Ecdsa algorithm = algorithmFor(vector);
        PublicKey key = publicKey(algorithm, vector);
        BigInteger r = vector.unsigned("R");
        BigInteger s = vector.unsigned("S");
        assertTrue(algorithm.verify(key, SAMPLE, blob(algorithm.name(), r, s)), vector.text("SECTION"));
        assertFalse(algorithm.verify(key, "test".getBytes(StandardCharsets.US_ASCII), blob(algorithm.name(), r, s)));
        assertFalse(algorithm.verify(key, SAMPLE, blob(algorithm.name(), s, r)), "r and s swapped");
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void refusesOutOfRangeHalves(Vector vector) throws GeneralSecurityException {
        Ecdsa algorithm = algorithmFor(vector);
        PublicKey key = publicKey(algorithm, vector);
        BigInteger order = ((ECPublicKey) key).getParams().getOrder();
        BigInteger r = vector.unsigned("R");
        BigInteger s = vector.unsigned("S");
        assertFalse(algorithm.verify(key, SAMPLE, blob(algorithm.name(), BigInteger.ZERO, s)));
        assertFalse(algorithm.verify(key, SAMPLE, blob(algorithm.name(), r.add(order), s)), "r + n");
        assertFalse(algorithm.verify(key, SAMPLE, blob(algorithm.name(), r, s.negate())), "negative s");
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void signsWithThePublishedKey(Vector vector) throws GeneralSecurityException, IOException {
        Ecdsa algorithm = algorithmFor(vector);
        PublicKey key = publicKey(algorithm, vector);
        PrivateKey privateKey = KeyFactory.getInstance("EC").generatePrivate(
                new ECPrivateKeySpec(vector.unsigned("X"), ((ECPublicKey) key).getParams()));
        byte[] signature = algorithm.sign(privateKey, SAMPLE, new FixedRandom(6979));
        assertTrue(algorithm.verify(key, SAMPLE, signature));
        WireReader reader = new WireReader(signature);
        reader.readUtf8();
        WireReader inner = new WireReader(reader.readString());
        assertTrue(inner.readPositiveMpint().signum() > 0);
        assertTrue(inner.readPositiveMpint().signum() > 0);
        inner.expectEnd("mpint r || mpint s");
    }

    @Test
    void keysOfAnotherCurveAreNotSupported() throws GeneralSecurityException {
        PublicKey p256 = TestKeys.ec("secp256r1").getPublic();
        assertTrue(new EcdsaSha2Nistp256().supports(p256));
        assertFalse(new EcdsaSha2Nistp384().supports(p256));
        assertFalse(new EcdsaSha2Nistp521().supports(p256));
        byte[] blob = new EcdsaSha2Nistp256().encodePublicKey(p256);
        assertThrows(GeneralSecurityException.class, () -> new EcdsaSha2Nistp384().decodePublicKey(blob));
        assertThrows(GeneralSecurityException.class, () -> new EcdsaSha2Nistp384().verify(p256, SAMPLE, new byte[0]));
    }
}
