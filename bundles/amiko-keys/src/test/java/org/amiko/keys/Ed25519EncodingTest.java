// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.HexFormat;
import org.amiko.spi.wire.WireWriter;
import org.junit.jupiter.api.Test;

/** The RFC 8032 point encoding against the RFC's own vectors and the JDK's X.509 encoding. */
class Ed25519EncodingTest {
    private static final HexFormat HEX = HexFormat.of();
    // RFC 8032 section 7.1, TEST 1 (empty message).
    private static final byte[] SECRET_1 = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static final byte[] PUBLIC_1 = HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    private static final byte[] SIGNATURE_1 = HEX.parseHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    // TEST 2 (one byte, 0x72).
    private static final byte[] PUBLIC_2 = HEX.parseHex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
    private static final byte[] SIGNATURE_2 = HEX.parseHex("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
            + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");

    private static PublicKey keyOf(byte[] encoded) throws GeneralSecurityException {
        return PublicKeyBlob.decode(new WireWriter().writeString("ssh-ed25519").writeString(encoded).toByteArray());
    }

    @Test
    void rfc8032Test1PublicKeyVerifiesItsSignatureInTheJdk() throws GeneralSecurityException {
        PublicKey key = keyOf(PUBLIC_1);
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        // JDK 17's Ed25519 verify returns false unless update() was called, even for an empty message.
        verifier.update(new byte[0]);
        assertTrue(verifier.verify(SIGNATURE_1));
        byte[] wrong = SIGNATURE_1.clone();
        wrong[5] ^= 1;
        assertTrue(!verifies(key, new byte[0], wrong));
        assertArrayEquals(PUBLIC_1, Ed25519Encoding.encode(((EdECPublicKey) key).getPoint()));
    }

    /** A JDK verification; a signature the JDK cannot even parse counts as not verifying. */
    private static boolean verifies(PublicKey key, byte[] data, byte[] signature) throws GeneralSecurityException {
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update(data);
        try {
            return verifier.verify(signature);
        } catch (SignatureException e) {
            return false;
        }
    }

    @Test
    void rfc8032Test2PublicKeyVerifiesItsSignature() throws GeneralSecurityException {
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(keyOf(PUBLIC_2));
        verifier.update(new byte[] {0x72});
        assertTrue(verifier.verify(SIGNATURE_2));
    }

    @Test
    void rfc8032Test1SecretDerivesItsPublicKeyAndSignsAsTheRfcSays() throws GeneralSecurityException {
        assertArrayEquals(PUBLIC_1, Ed25519Encoding.encode(Ed25519Encoding.publicPoint(SECRET_1)));
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(JdkKeys.ed25519Private(SECRET_1));
        assertArrayEquals(SIGNATURE_1, signer.sign());
    }

    @Test
    void agreesWithTheJdkX509EncodingForBothParitiesOfX() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        boolean sawOdd = false;
        boolean sawEven = false;
        for (int i = 0; i < 64 || !(sawOdd && sawEven); i++) {
            KeyPair pair = generator.generateKeyPair();
            EdECPublicKey key = (EdECPublicKey) pair.getPublic();
            byte[] x509 = key.getEncoded();
            byte[] raw = Arrays.copyOfRange(x509, x509.length - 32, x509.length); // RFC 8410: BIT STRING body
            assertArrayEquals(raw, Ed25519Encoding.encode(key.getPoint()));
            EdECPoint decoded = Ed25519Encoding.decode(raw);
            assertEquals(key.getPoint().isXOdd(), decoded.isXOdd());
            assertEquals(key.getPoint().getY(), decoded.getY());
            byte[] seed = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
            assertArrayEquals(raw, Ed25519Encoding.encode(Ed25519Encoding.publicPoint(seed)));
            sawOdd |= key.getPoint().isXOdd();
            sawEven |= !key.getPoint().isXOdd();
        }
    }

    @Test
    void aDecodedKeyWithOddXVerifiesJdkSignatures() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        KeyPair pair;
        do {
            pair = generator.generateKeyPair();
        } while (!((EdECPublicKey) pair.getPublic()).getPoint().isXOdd());
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(pair.getPrivate());
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        PublicKey roundTripped = PublicKeyBlob.decode(PublicKeyBlob.encode(pair.getPublic()));
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(roundTripped);
        verifier.update(new byte[] {1, 2, 3});
        assertTrue(verifier.verify(signature));
    }

    @Test
    void nonCanonicalAndImpossibleEncodingsAreRejected() {
        // y = p: not reduced (RFC 8032 section 5.1.3 step 1).
        BigInteger p = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
        assertThrows(InvalidKeySpecException.class, () -> Ed25519Encoding.decode(littleEndian(p)));
        // y = 1 has x = 0, so the "x is odd" bit cannot be set (step 4).
        byte[] identityOdd = littleEndian(BigInteger.ONE);
        identityOdd[31] |= (byte) 0x80;
        assertThrows(InvalidKeySpecException.class, () -> Ed25519Encoding.decode(identityOdd));
        // About half of all y have no x; y = 2 is one of them.
        assertThrows(InvalidKeySpecException.class, () -> Ed25519Encoding.decode(littleEndian(BigInteger.TWO)));
    }

    private static byte[] littleEndian(BigInteger value) {
        byte[] out = new byte[32];
        byte[] big = value.toByteArray();
        for (int i = 0; i < big.length && i < 32; i++) {
            out[i] = big[big.length - 1 - i];
        }
        return out;
    }
}
