// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.kex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.ECFieldFp;
import java.security.spec.ECPrivateKeySpec;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.amiko.spi.kex.KexAlgorithm.ClientKex;
import org.amiko.spi.kex.KexAlgorithm.Encapsulation;
import org.amiko.spi.wire.WireWriter;
import org.amiko.testkit.VectorFile;
import org.amiko.testkit.VectorFile.Vector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 5903 section 8 through the KEM shape, initiator as client and responder as server, with
 * {@code K} the mpint of the shared x-coordinate (RFC 5656 section 4), and refusal of points that are
 * not on the curve.
 */
class EcdhKnownAnswerTest {

    static Stream<Vector> vectors() {
        return VectorFile.load(EcdhKnownAnswerTest.class, "/vectors/rfc5903-ecdh.txt").vectors().stream();
    }

    private static EcdhExchange kexFor(Vector vector) {
        switch (vector.text("CURVE")) {
            case "P-256":
                return new EcdhSha2Nistp256();
            case "P-384":
                return new EcdhSha2Nistp384();
            default:
                return new EcdhSha2Nistp521();
        }
    }

    private static byte[] point(Vector vector, String field) {
        byte[] xy = vector.hex(field);
        byte[] point = new byte[xy.length + 1];
        point[0] = 0x04;
        System.arraycopy(xy, 0, point, 1, xy.length);
        return point;
    }

    private static KeyPair pair(EcdhExchange kex, Vector vector, String scalar, String publicPoint)
            throws GeneralSecurityException {
        ECPrivateKeySpec spec = new ECPrivateKeySpec(new BigInteger(1, vector.hex(scalar)), kex.params());
        return new KeyPair(kex.decode(point(vector, publicPoint)), KeyFactory.getInstance("EC").generatePrivate(spec));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void initiatorAndResponderAgreeOnGirx(Vector vector) throws GeneralSecurityException {
        EcdhExchange kex = kexFor(vector);
        ClientKex client = kex.client(pair(kex, vector, "I", "GI"));
        assertArrayEquals(point(vector, "GI"), client.publicValue(), "Q_C as SEC1 uncompressed point");

        Encapsulation server = kex.encapsulate(kex.decode(client.publicValue()), pair(kex, vector, "R", "GR"));
        assertArrayEquals(point(vector, "GR"), server.serverPublic(), "Q_S");
        byte[] expected = new WireWriter().writeMpint(new BigInteger(1, vector.hex("GIRX"))).toByteArray();
        assertArrayEquals(expected, server.sharedSecret(), "server K");
        assertArrayEquals(expected, client.decapsulate(server.serverPublic()), "client K");
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void refusesPointsOffTheCurve(Vector vector) throws GeneralSecurityException {
        EcdhExchange kex = kexFor(vector);
        ClientKex client = kex.client(pair(kex, vector, "I", "GI"));
        byte[] good = point(vector, "GR");

        byte[] offCurve = good.clone();
        offCurve[offCurve.length - 1] ^= 1;
        assertThrows(GeneralSecurityException.class, () -> client.decapsulate(offCurve), "y changed");

        byte[] compressed = Arrays.copyOf(good, 1 + (good.length - 1) / 2);
        compressed[0] = (byte) (0x02 | (good[good.length - 1] & 1));
        assertThrows(GeneralSecurityException.class, () -> client.decapsulate(compressed), "compressed form");

        int n = (good.length - 1) / 2;
        byte[] pEncoded = ((ECFieldFp) kex.params().getCurve().getField()).getP().toByteArray();
        byte[] xIsP = good.clone();
        System.arraycopy(pEncoded, pEncoded.length - n, xIsP, 1, n);
        assertThrows(GeneralSecurityException.class, () -> client.decapsulate(xIsP), "x = p");
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void hashFollowsTheCurveSize(Vector vector) {
        String expected = Map.of("P-256", "SHA-256", "P-384", "SHA-384", "P-521", "SHA-512").get(vector.text("CURVE"));
        assertEquals(expected, kexFor(vector).digestAlgorithm(), "RFC 5656 section 6.2.1");
    }
}
