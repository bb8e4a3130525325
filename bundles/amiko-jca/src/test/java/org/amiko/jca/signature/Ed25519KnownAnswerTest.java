// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.stream.Stream;
import org.amiko.spi.wire.WireWriter;
import org.amiko.testkit.FixedRandom;
import org.amiko.testkit.VectorFile;
import org.amiko.testkit.VectorFile.Vector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 8032 section 7.1 TEST 1-3 as {@code ssh-ed25519} blobs (RFC 8709 sections 4 and 6). */
class Ed25519KnownAnswerTest {
    private final SshEd25519 algorithm = new SshEd25519();

    static Stream<Vector> vectors() {
        return VectorFile.load(Ed25519KnownAnswerTest.class, "/vectors/rfc8032-ed25519.txt").vectors().stream();
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void signsAndVerifiesThePublishedSignature(Vector vector) throws GeneralSecurityException {
        PublicKey publicKey = algorithm.decodePublicKey(
                new WireWriter().writeString("ssh-ed25519").writeString(vector.hex("PUBLIC")).toByteArray());
        PrivateKey privateKey = KeyFactory.getInstance("Ed25519")
                .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, vector.hex("SECRET")));
        byte[] expected =
                new WireWriter().writeString("ssh-ed25519").writeString(vector.hex("SIGNATURE")).toByteArray();

        assertArrayEquals(expected, algorithm.sign(privateKey, vector.hex("MESSAGE"), new FixedRandom()),
                vector.text("NAME"));
        assertTrue(algorithm.verify(publicKey, vector.hex("MESSAGE"), expected));
        assertFalse(algorithm.verify(publicKey, new byte[] {1, 2, 3}, expected));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void refusesSignaturesOfTheWrongLength(Vector vector) throws GeneralSecurityException {
        PublicKey publicKey = algorithm.decodePublicKey(
                new WireWriter().writeString("ssh-ed25519").writeString(vector.hex("PUBLIC")).toByteArray());
        byte[] signature = vector.hex("SIGNATURE");
        byte[] longer = new byte[65];
        System.arraycopy(signature, 0, longer, 0, 64);
        byte[] blob = new WireWriter().writeString("ssh-ed25519").writeString(longer).toByteArray();
        assertFalse(algorithm.verify(publicKey, vector.hex("MESSAGE"), blob));
    }
}
