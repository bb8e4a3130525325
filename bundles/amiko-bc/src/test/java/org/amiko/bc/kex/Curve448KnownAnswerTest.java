// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.kex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import org.amiko.spi.kex.KexAlgorithm.ClientKex;
import org.amiko.spi.kex.KexAlgorithm.Encapsulation;
import org.amiko.testkit.FixedRandom;
import org.amiko.testkit.VectorFile;
import org.amiko.testkit.VectorFile.Vector;
import org.junit.jupiter.api.Test;

/**
 * RFC 7748 section 6.2 through the KEM shape, Alice as client and Bob as server, and the encoding of
 * {@code K} that RFC 8731 section 3.1 prescribes: the X448 output, byte order unchanged, as an mpint.
 */
class Curve448KnownAnswerTest {
    private static final Vector VECTOR = VectorFile.load(Curve448KnownAnswerTest.class, "/vectors/rfc7748-x448.txt")
            .vectors().get(0);

    private static KeyPair pair(String privateField, String publicField) throws GeneralSecurityException {
        PrivateKey privateKey = KeyFactory.getInstance("XDH")
                .generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X448, VECTOR.hex(privateField)));
        return new KeyPair(XdhCurve.X448.decode(VECTOR.hex(publicField)), privateKey);
    }

    /** {@code mpint(K)} written out by hand: 0x07 has its top bit clear, so no zero byte is added. */
    private static byte[] expectedK() {
        byte[] k = VECTOR.hex("SHARED");
        return ByteBuffer.allocate(4 + k.length).putInt(k.length).put(k).array();
    }

    @Test
    void aliceAndBobAgreeOnThePublishedSecret() throws GeneralSecurityException {
        ClientKex client = Curve448Sha512.client(pair("ALICE_PRIVATE", "ALICE_PUBLIC"));
        assertArrayEquals(VECTOR.hex("ALICE_PUBLIC"), client.publicValue());
        Encapsulation server = Curve448Sha512.encapsulate(XdhCurve.X448.decode(client.publicValue()),
                pair("BOB_PRIVATE", "BOB_PUBLIC"));
        assertArrayEquals(VECTOR.hex("BOB_PUBLIC"), server.serverPublic());
        assertArrayEquals(expectedK(), server.sharedSecret(), "server K");
        assertArrayEquals(expectedK(), client.decapsulate(server.serverPublic()), "client K");
    }

    @Test
    void generatedKeyGivesThePublishedPublicValue() throws GeneralSecurityException {
        // The JDK draws the 56-byte private scalar straight from the random source.
        ClientKex client = new Curve448Sha512().newClient(FixedRandom.replaying(VECTOR.hex("ALICE_PRIVATE"), 1));
        assertArrayEquals(VECTOR.hex("ALICE_PUBLIC"), client.publicValue());
        assertArrayEquals(expectedK(), client.decapsulate(VECTOR.hex("BOB_PUBLIC")));
    }

    @Test
    void smallOrderPointsAreRefused() throws GeneralSecurityException {
        ClientKex client = Curve448Sha512.client(pair("ALICE_PRIVATE", "ALICE_PUBLIC"));
        byte[] zero = new byte[56];
        byte[] one = new byte[56];
        one[0] = 1;
        assertThrows(GeneralSecurityException.class, () -> client.decapsulate(zero));
        assertThrows(GeneralSecurityException.class, () -> client.decapsulate(one), "u = 1 has small order");
        assertThrows(GeneralSecurityException.class, () -> new Curve448Sha512().encapsulate(one, new FixedRandom()));
    }

    @Test
    void usesSha512AndFiftySixBytes() throws GeneralSecurityException {
        assertEquals("SHA-512", new Curve448Sha512().digestAlgorithm());
        assertEquals(56, new Curve448Sha512().newClient(new FixedRandom()).publicValue().length);
    }
}
