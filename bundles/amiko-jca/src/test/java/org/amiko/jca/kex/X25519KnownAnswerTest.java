// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.kex;

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
 * RFC 7748 section 6.1 through the KEM shape, Alice as client and Bob as server, and the encoding of
 * {@code K} that RFC 8731 section 3.1 prescribes: the X25519 output, byte order unchanged, as an mpint.
 */
class X25519KnownAnswerTest {
    private static final Vector VECTOR = VectorFile.load(X25519KnownAnswerTest.class, "/vectors/rfc7748-x25519.txt")
            .vectors().get(0);

    private static KeyPair pair(String privateField, String publicField) throws GeneralSecurityException {
        PrivateKey privateKey = KeyFactory.getInstance("XDH")
                .generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, VECTOR.hex(privateField)));
        return new KeyPair(X25519Exchange.decode(VECTOR.hex(publicField)), privateKey);
    }

    /** {@code string(K)} as written out by hand: 0x4a has its top bit clear, so no zero byte is added. */
    private static byte[] expectedK() {
        byte[] k = VECTOR.hex("SHARED");
        return ByteBuffer.allocate(4 + k.length).putInt(k.length).put(k).array();
    }

    @Test
    void aliceAndBobAgreeOnThePublishedSecret() throws GeneralSecurityException {
        KeyPair alice = pair("ALICE_PRIVATE", "ALICE_PUBLIC");
        KeyPair bob = pair("BOB_PRIVATE", "BOB_PUBLIC");
        ClientKex client = X25519Exchange.client(alice);
        assertArrayEquals(VECTOR.hex("ALICE_PUBLIC"), client.publicValue());

        Encapsulation server = X25519Exchange.encapsulate(X25519Exchange.decode(client.publicValue()), bob);
        assertArrayEquals(VECTOR.hex("BOB_PUBLIC"), server.serverPublic());
        assertArrayEquals(expectedK(), server.sharedSecret(), "server K");
        assertArrayEquals(expectedK(), client.decapsulate(server.serverPublic()), "client K");
    }

    @Test
    void generatedKeyGivesThePublishedPublicValue() throws GeneralSecurityException {
        // The JDK draws the 32-byte private scalar straight from the random source.
        ClientKex client = new Curve25519Sha256().newClient(FixedRandom.replaying(VECTOR.hex("ALICE_PRIVATE"), 1));
        assertArrayEquals(VECTOR.hex("ALICE_PUBLIC"), client.publicValue());
        assertArrayEquals(expectedK(), client.decapsulate(VECTOR.hex("BOB_PUBLIC")));
    }

    @Test
    void topBitOfThePeerValueIsIgnored() throws GeneralSecurityException {
        byte[] bob = VECTOR.hex("BOB_PUBLIC");
        bob[31] |= (byte) 0x80; // RFC 7748 section 5: implementations must mask it
        ClientKex client = X25519Exchange.client(pair("ALICE_PRIVATE", "ALICE_PUBLIC"));
        assertArrayEquals(expectedK(), client.decapsulate(bob));
    }

    @Test
    void smallOrderPointsAreRefused() throws GeneralSecurityException {
        ClientKex client = X25519Exchange.client(pair("ALICE_PRIVATE", "ALICE_PUBLIC"));
        byte[] zero = new byte[32];
        byte[] one = new byte[32];
        one[0] = 1;
        assertThrows(GeneralSecurityException.class, () -> client.decapsulate(zero));
        assertThrows(GeneralSecurityException.class, () -> client.decapsulate(one), "u = 1 has order 4");
        assertThrows(GeneralSecurityException.class, () -> new Curve25519Sha256().encapsulate(one, new FixedRandom()));
    }

    @Test
    void usesSha256() {
        assertEquals("SHA-256", new Curve25519Sha256().digestAlgorithm());
    }
}
