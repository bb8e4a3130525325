// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.kex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.stream.Stream;
import org.amiko.spi.kex.KexAlgorithm.ClientKex;
import org.amiko.spi.kex.KexAlgorithm.Encapsulation;
import org.amiko.spi.wire.WireWriter;
import org.amiko.testkit.FixedRandom;
import org.amiko.testkit.VectorFile;
import org.amiko.testkit.VectorFile.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 7748 through {@code curve25519-sha256}'s KEM shape: section 6.1's Alice as client and Bob as
 * server, section 5.2's function vectors as a client's scalar and a server's reply, with {@code K}
 * encoded as RFC 8731 section 3.1 prescribes (the X25519 output, byte order unchanged, as an mpint);
 * and section 5.2's iteration on the curve primitive underneath.
 */
class X25519KnownAnswerTest {
    private static final Vector DH = VectorFile.load(X25519KnownAnswerTest.class, "/vectors/rfc7748-x25519.txt")
            .vectors().get(0);
    private static final VectorFile FUNCTION =
            VectorFile.load(X25519KnownAnswerTest.class, "/vectors/rfc7748-x25519-scalar.txt");

    private final Curve25519Sha256 kex = new Curve25519Sha256();

    static Stream<Vector> functionVectors() {
        return FUNCTION.vectors().stream().filter(vector -> vector.has("SCALAR"));
    }

    /** {@code mpint(K)}: a zero byte goes first when the top bit of the first byte is set. */
    private static byte[] mpint(byte[] output) {
        return new WireWriter().writeUnsignedMpint(output).toByteArray();
    }

    @Test
    void aliceAndBobAgreeOnThePublishedSecret() throws GeneralSecurityException {
        // The private scalar is drawn straight from the random source, 32 bytes.
        ClientKex alice = kex.newClient(FixedRandom.replaying(DH.hex("ALICE_PRIVATE"), 1));
        assertArrayEquals(DH.hex("ALICE_PUBLIC"), alice.publicValue());
        Encapsulation bob = kex.encapsulate(alice.publicValue(), FixedRandom.replaying(DH.hex("BOB_PRIVATE"), 2));
        assertArrayEquals(DH.hex("BOB_PUBLIC"), bob.serverPublic());
        byte[] expected = mpint(DH.hex("SHARED"));
        assertEquals(4 + 32, expected.length, "0x4a has its top bit clear: no zero byte");
        assertArrayEquals(expected, bob.sharedSecret(), "server K");
        assertArrayEquals(expected, alice.decapsulate(bob.serverPublic()), "client K");
    }

    @ParameterizedTest
    @MethodSource("functionVectors")
    void functionVectorsThroughTheClient(Vector vector) throws GeneralSecurityException {
        ClientKex client = kex.newClient(FixedRandom.replaying(vector.hex("SCALAR"), 3));
        assertArrayEquals(mpint(vector.hex("OUTPUT")), client.decapsulate(vector.hex("U")), vector.text("NAME"));
    }

    @ParameterizedTest
    @MethodSource("functionVectors")
    void functionVectorsThroughTheServer(Vector vector) throws GeneralSecurityException {
        Encapsulation server = kex.encapsulate(vector.hex("U"), FixedRandom.replaying(vector.hex("SCALAR"), 4));
        assertArrayEquals(mpint(vector.hex("OUTPUT")), server.sharedSecret(), vector.text("NAME"));
    }

    @Test
    void iteratedFunction() throws GeneralSecurityException {
        Vector iterated = FUNCTION.find("NAME", "iterated");
        byte[] k = new byte[32];
        k[0] = 9;
        byte[] u = k.clone();
        for (int round = 1; round <= 1000; round++) {
            byte[] next = XdhCurve.X25519.agree(k, u);
            u = k;
            k = next;
            if (round == 1) {
                assertArrayEquals(iterated.hex("AFTER_1"), k, "after 1");
            }
        }
        assertArrayEquals(iterated.hex("AFTER_1000"), k, "after 1000");
    }

    @Test
    void topBitOfThePeerValueIsIgnored() throws GeneralSecurityException {
        byte[] bob = DH.hex("BOB_PUBLIC");
        bob[31] |= (byte) 0x80; // RFC 7748 section 5: implementations must mask it
        ClientKex alice = kex.newClient(FixedRandom.replaying(DH.hex("ALICE_PRIVATE"), 5));
        assertArrayEquals(mpint(DH.hex("SHARED")), alice.decapsulate(bob));
    }

    /** RFC 7748 section 6.1, RFC 8731 section 3: points of small order give zero, which is refused. */
    @Test
    void smallOrderPointsAreRefused() throws GeneralSecurityException {
        ClientKex alice = kex.newClient(FixedRandom.replaying(DH.hex("ALICE_PRIVATE"), 6));
        byte[] zero = new byte[32];
        byte[] one = new byte[32];
        one[0] = 1;
        byte[] p = new byte[32]; // u = p = 2^255 - 19, which is 0 again
        Arrays.fill(p, (byte) 0xff);
        p[0] = (byte) 0xed;
        p[31] = 0x7f;
        for (byte[] value : new byte[][] {zero, one, p}) {
            assertThrows(GeneralSecurityException.class, () -> alice.decapsulate(value));
            assertThrows(GeneralSecurityException.class, () -> kex.encapsulate(value, new FixedRandom(7)));
        }
    }

    @Test
    void usesSha256AndThirtyTwoBytes() throws GeneralSecurityException {
        assertEquals("SHA-256", kex.digestAlgorithm());
        assertEquals(32, kex.newClient(new FixedRandom(8)).publicValue().length);
    }
}
