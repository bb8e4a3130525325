// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.signature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.stream.Stream;
import org.amiko.spi.wire.WireWriter;
import org.amiko.testkit.FixedRandom;
import org.amiko.testkit.VectorFile;
import org.amiko.testkit.VectorFile.Vector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 8032 section 7.1 (TEST 1, 2, 3, 1024 and SHA(abc)) through the SPI as {@code ssh-ed25519}
 * blobs (RFC 8709 sections 4 and 6), with keys as the JDK's objects.
 */
class Ed25519KnownAnswerTest {
    private final SshEd25519 algorithm = new SshEd25519();

    static Stream<Vector> vectors() {
        return VectorFile.load(Ed25519KnownAnswerTest.class, "/vectors/rfc8032-ed25519.txt").vectors().stream();
    }

    private static byte[] blob(String name, byte[] contents) {
        return new WireWriter().writeString(name).writeString(contents).toByteArray();
    }

    private PublicKey publicKey(Vector vector) throws GeneralSecurityException {
        return algorithm.decodePublicKey(blob("ssh-ed25519", vector.hex("PUBLIC")));
    }

    private static PrivateKey privateKey(Vector vector) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519")
                .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, vector.hex("SECRET")));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void signsThePublishedSignature(Vector vector) throws GeneralSecurityException {
        byte[] expected = blob("ssh-ed25519", vector.hex("SIGNATURE"));
        assertArrayEquals(expected, algorithm.sign(privateKey(vector), vector.hex("MESSAGE"), new FixedRandom()),
                vector.text("NAME"));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void verifiesThePublishedSignatureAndNothingElse(Vector vector) throws GeneralSecurityException {
        PublicKey key = publicKey(vector);
        byte[] message = vector.hex("MESSAGE");
        byte[] signature = vector.hex("SIGNATURE");
        assertTrue(algorithm.verify(key, message, blob("ssh-ed25519", signature)), vector.text("NAME"));
        assertFalse(algorithm.verify(key, new byte[] {1, 2, 3}, blob("ssh-ed25519", signature)), "other message");
        for (int bit = 0; bit < 512; bit += 37) {
            byte[] flipped = signature.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(algorithm.verify(key, message, blob("ssh-ed25519", flipped)), "flipped bit " + bit);
        }
        if (message.length > 0) {
            byte[] flippedMessage = message.clone();
            flippedMessage[message.length / 2] ^= 0x01;
            assertFalse(algorithm.verify(key, flippedMessage, blob("ssh-ed25519", signature)), "flipped message bit");
        }
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void refusesSignaturesOfTheWrongLength(Vector vector) throws GeneralSecurityException {
        PublicKey key = publicKey(vector);
        byte[] message = vector.hex("MESSAGE");
        byte[] signature = vector.hex("SIGNATURE");
        assertFalse(algorithm.verify(key, message, blob("ssh-ed25519", Arrays.copyOf(signature, 65))), "65 bytes");
        assertFalse(algorithm.verify(key, message, blob("ssh-ed25519", Arrays.copyOf(signature, 63))), "63 bytes");
        assertFalse(algorithm.verify(key, message, blob("ssh-ed25519", new byte[0])), "empty");
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void publicKeyBlobRoundTrips(Vector vector) throws GeneralSecurityException {
        byte[] keyBlob = blob("ssh-ed25519", vector.hex("PUBLIC"));
        assertArrayEquals(keyBlob, algorithm.encodePublicKey(algorithm.decodePublicKey(keyBlob)));
    }
}
