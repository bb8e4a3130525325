// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.signature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.util.Random;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.amiko.spi.wire.WireWriter;
import org.amiko.testkit.FixedRandom;
import org.junit.jupiter.api.Test;

/**
 * Bouncy Castle's {@code ssh-ed25519} against amiko-jca's on the JDK, which it shadows: Ed25519 is
 * deterministic (RFC 8032 section 5.1.6), so for any seed and message both must give the same bytes,
 * and each must accept the other's signatures and keys.
 */
class JdkCompatibilityTest {
    private static final int ROUNDS = 64;

    private final SignatureAlgorithm bc = new SshEd25519();
    private final SignatureAlgorithm jdk = new org.amiko.jca.signature.SshEd25519();

    /** A JDK key pair whose 32-byte seed is drawn from {@code random}, as the JDK's generator does. */
    private static KeyPair jdkPair(Random random) throws GeneralSecurityException {
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(NamedParameterSpec.ED25519, FixedRandom.replaying(seed, 0));
        return generator.generateKeyPair();
    }

    @Test
    void signaturesAreByteIdenticalAndCrossVerify() throws GeneralSecurityException {
        Random random = new Random(8032); // fixed: the same seeds and messages on every run
        for (int round = 0; round < ROUNDS; round++) {
            KeyPair pair = jdkPair(random);
            byte[] message = new byte[random.nextInt(300)];
            random.nextBytes(message);
            byte[] ours = bc.sign(pair.getPrivate(), message, new FixedRandom(round));
            byte[] theirs = jdk.sign(pair.getPrivate(), message, new FixedRandom(round));
            assertArrayEquals(theirs, ours, "round " + round);
            assertTrue(jdk.verify(pair.getPublic(), message, ours), "JDK verifies ours, round " + round);
            assertTrue(bc.verify(pair.getPublic(), message, theirs), "we verify the JDK's, round " + round);
            message = message.length == 0 ? new byte[] {1} : message;
            message[0] ^= 1;
            assertFalse(bc.verify(pair.getPublic(), message, theirs), "other message, round " + round);
        }
    }

    @Test
    void publicKeysInteroperate() throws GeneralSecurityException {
        Random random = new Random(8709);
        for (int round = 0; round < ROUNDS; round++) {
            PublicKey key = jdkPair(random).getPublic();
            byte[] blob = jdk.encodePublicKey(key);
            assertArrayEquals(blob, bc.encodePublicKey(key), "round " + round);
            PublicKey ours = bc.decodePublicKey(blob);
            assertTrue(ours instanceof EdECPublicKey, "a JDK key object");
            assertEquals(jdk.decodePublicKey(blob), ours, "round " + round);
            assertEquals(key, ours, "round " + round);
            assertArrayEquals(key.getEncoded(), ours.getEncoded());
        }
    }

    /**
     * A private key that is no EdECPrivateKey (a token's, another provider's) goes to the JCA, as with
     * amiko-jca: whatever provider the JCA finds for it decides, the same for both. This opaque one no
     * installed provider takes, so both refuse it alike, with a GeneralSecurityException.
     */
    @Test
    void aKeyWithoutReadableSeedIsHandedToTheJcaLikeAmikoJca() throws GeneralSecurityException {
        KeyPair pair = jdkPair(new Random(4));
        PrivateKey opaque = new PrivateKey() {
            private static final long serialVersionUID = 1L;

            @Override
            public String getAlgorithm() {
                return "Ed25519";
            }

            @Override
            public String getFormat() {
                return "PKCS#8";
            }

            @Override
            public byte[] getEncoded() {
                return pair.getPrivate().getEncoded();
            }
        };
        byte[] message = {1, 2, 3};
        assertTrue(bc.supports(opaque));
        assertTrue(jdk.supports(opaque));
        assertThrows(GeneralSecurityException.class, () -> jdk.sign(opaque, message, null));
        assertThrows(GeneralSecurityException.class, () -> bc.sign(opaque, message, null));
    }

    /** Encodings RFC 8032 section 5.1.3 refuses, refused by both. */
    @Test
    void bothRefuseTheSameMalformedKeys() {
        BigInteger p = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
        byte[][] bad = {
            littleEndian(p), // y = p, not below p
            littleEndian(p.add(BigInteger.ONE)), // y = p + 1, non-canonical 1
            littleEndian(BigInteger.TWO), // y = 2: (y^2 - 1) / (d y^2 + 1) is no square
            withTopBit(littleEndian(BigInteger.ONE)), // y = 1 gives x = 0, which cannot be odd
        };
        for (byte[] encoded : bad) {
            byte[] blob = new WireWriter().writeString("ssh-ed25519").writeString(encoded).toByteArray();
            assertThrows(GeneralSecurityException.class, () -> jdk.decodePublicKey(blob), "the JDK's");
            assertThrows(GeneralSecurityException.class, () -> bc.decodePublicKey(blob), "ours");
        }
        byte[] shortKey = new WireWriter().writeString("ssh-ed25519").writeString(new byte[31]).toByteArray();
        assertThrows(GeneralSecurityException.class, () -> bc.decodePublicKey(shortKey));
        byte[] trailing = new WireWriter().writeString("ssh-ed25519").writeString(new byte[32]).writeByte(0)
                .toByteArray();
        assertThrows(GeneralSecurityException.class, () -> bc.decodePublicKey(trailing));
    }

    /**
     * The one deliberate difference: the identity (order 1) is a point on the curve, and the JDK
     * admits it as a key, but with it anyone can forge ([S]B = R); Bouncy Castle's validation, and so
     * ours, refuses it as it refuses every small-order point.
     */
    @Test
    void smallOrderKeysAreRefused() {
        byte[] identity = new WireWriter().writeString("ssh-ed25519").writeString(littleEndian(BigInteger.ONE))
                .toByteArray();
        assertThrows(GeneralSecurityException.class, () -> bc.decodePublicKey(identity));
        BigInteger p = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
        byte[] orderTwo = new WireWriter().writeString("ssh-ed25519")
                .writeString(littleEndian(p.subtract(BigInteger.ONE))).toByteArray(); // (0, -1)
        assertThrows(GeneralSecurityException.class, () -> bc.decodePublicKey(orderTwo));
    }

    private static byte[] littleEndian(BigInteger value) {
        byte[] bigEndian = value.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < 32 && i < bigEndian.length; i++) {
            out[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return out;
    }

    private static byte[] withTopBit(byte[] encoded) {
        encoded[31] |= (byte) 0x80;
        return encoded;
    }
}
