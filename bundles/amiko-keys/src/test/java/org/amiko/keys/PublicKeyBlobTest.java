// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.amiko.spi.wire.WireWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class PublicKeyBlobTest {
    static final List<String> PUBLIC_KEYS = Fixtures.PUBLIC_KEYS;

    private static byte[] blobOf(String fixture) {
        return Base64.getDecoder().decode(Fixtures.publicLine(fixture).split(" ")[1]);
    }

    @ParameterizedTest
    @FieldSource("PUBLIC_KEYS")
    void encodeOfDecodeGivesTheSameBytes(String fixture) throws GeneralSecurityException {
        byte[] blob = blobOf(fixture);
        PublicKey key = PublicKeyBlob.decode(blob);
        assertArrayEquals(blob, PublicKeyBlob.encode(key));
        assertEquals(Fixtures.publicLine(fixture).split(" ")[0], PublicKeyBlob.keyType(key));
    }

    @Test
    void keyTypesOfJdkKeys() throws GeneralSecurityException {
        assertEquals("ssh-ed25519", PublicKeyBlob.keyType(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic()));
        for (String curve : new String[] {"256", "384", "521"}) {
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(new ECGenParameterSpec("secp" + curve + "r1"));
            assertEquals("ecdsa-sha2-nistp" + curve, PublicKeyBlob.keyType(ec.generateKeyPair().getPublic()));
        }
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        assertEquals("ssh-rsa", PublicKeyBlob.keyType(rsa.generateKeyPair().getPublic()));
    }

    @Test
    void keysWithoutAnSshTypeAreRefused() throws GeneralSecurityException {
        PublicKey x25519 = KeyPairGenerator.getInstance("X25519").generateKeyPair().getPublic();
        assertThrows(InvalidKeyException.class, () -> PublicKeyBlob.keyType(x25519));
        assertThrows(InvalidKeyException.class, () -> PublicKeyBlob.encode(x25519));
        PublicKey ed448 = KeyPairGenerator.getInstance("Ed448").generateKeyPair().getPublic();
        assertThrows(InvalidKeyException.class, () -> PublicKeyBlob.encode(ed448));
    }

    @ParameterizedTest
    @FieldSource("PUBLIC_KEYS")
    void trailingBytesAreRejected(String fixture) {
        byte[] blob = blobOf(fixture);
        byte[] longer = Arrays.copyOf(blob, blob.length + 1);
        InvalidKeySpecException e = assertThrows(InvalidKeySpecException.class, () -> PublicKeyBlob.decode(longer));
        assertTrue(e.getMessage().contains("trailing"), e.getMessage());
    }

    @ParameterizedTest
    @FieldSource("PUBLIC_KEYS")
    void everyTruncationIsRejected(String fixture) {
        byte[] blob = blobOf(fixture);
        for (int length = 0; length < blob.length; length++) {
            byte[] shorter = Arrays.copyOf(blob, length);
            assertThrows(GeneralSecurityException.class, () -> PublicKeyBlob.decode(shorter), "length " + length);
        }
    }

    @Test
    void unknownTypeIsNoSuchAlgorithm() {
        byte[] blob = new WireWriter().writeString("ssh-dss").writeUint32(0).toByteArray();
        NoSuchAlgorithmException e = assertThrows(NoSuchAlgorithmException.class, () -> PublicKeyBlob.decode(blob));
        assertTrue(e.getMessage().contains("ssh-dss"));
    }

    @Test
    void hugeLengthFieldsAreRejectedWithoutAllocating() {
        byte[] hugeType = new WireWriter().writeUint32(Integer.MAX_VALUE).writeBytes(new byte[8]).toByteArray();
        assertThrows(InvalidKeySpecException.class, () -> PublicKeyBlob.decode(hugeType));
        byte[] hugeKey = new WireWriter().writeString("ssh-ed25519").writeUint32(Integer.MAX_VALUE)
                .writeBytes(new byte[32]).toByteArray();
        assertThrows(InvalidKeySpecException.class, () -> PublicKeyBlob.decode(hugeKey));
        byte[] negative = new WireWriter().writeString("ecdsa-sha2-nistp256").writeUint32(0xffffffff).toByteArray();
        assertThrows(InvalidKeySpecException.class, () -> PublicKeyBlob.decode(negative));
    }

    @Test
    void ed25519KeyMustBe32Bytes() {
        for (int length : new int[] {0, 31, 33, 64}) {
            byte[] blob = new WireWriter().writeString("ssh-ed25519").writeString(new byte[length]).toByteArray();
            InvalidKeySpecException e = assertThrows(InvalidKeySpecException.class, () -> PublicKeyBlob.decode(blob));
            assertTrue(e.getMessage().contains("32 bytes"), e.getMessage());
        }
    }

    private static byte[] ecdsaBlob(String type, String curve, byte[] point) {
        return new WireWriter().writeString(type).writeString(curve).writeString(point).toByteArray();
    }

    private static byte[] pointOf(String fixture) throws GeneralSecurityException {
        ECPublicKey key = (ECPublicKey) PublicKeyBlob.decode(blobOf(fixture));
        NistCurve curve = NistCurve.of(key.getParams());
        return curve.encodePoint(key.getW());
    }

    @Test
    void ecdsaCurveNameMustMatchTheType() throws GeneralSecurityException {
        byte[] blob = ecdsaBlob("ecdsa-sha2-nistp256", "nistp384", pointOf("ecdsa256"));
        InvalidKeySpecException e = assertThrows(InvalidKeySpecException.class, () -> PublicKeyBlob.decode(blob));
        assertTrue(e.getMessage().contains("nistp384"), e.getMessage());
        // A nistp384 point under a nistp256 name fails too, on its length.
        byte[] mixed = ecdsaBlob("ecdsa-sha2-nistp256", "nistp256", pointOf("ecdsa384"));
        assertThrows(InvalidKeySpecException.class, () -> PublicKeyBlob.decode(mixed));
    }

    @Test
    void ecdsaPointOffTheCurveIsRejected() throws GeneralSecurityException {
        for (String fixture : new String[] {"ecdsa256", "ecdsa384", "ecdsa521"}) {
            byte[] point = pointOf(fixture);
            point[point.length - 1] ^= 1;
            String type = Fixtures.publicLine(fixture).split(" ")[0];
            byte[] blob = ecdsaBlob(type, type.substring("ecdsa-sha2-".length()), point);
            InvalidKeySpecException e = assertThrows(InvalidKeySpecException.class, () -> PublicKeyBlob.decode(blob));
            assertTrue(e.getMessage().contains("not on the curve"), e.getMessage());
        }
    }

    @Test
    void ecdsaPointAtInfinityAndOutOfRangeCoordinatesAreRejected() throws GeneralSecurityException {
        byte[] infinity = ecdsaBlob("ecdsa-sha2-nistp256", "nistp256", new byte[] {0});
        assertThrows(InvalidKeySpecException.class, () -> PublicKeyBlob.decode(infinity));
        byte[] allOnes = new byte[65];
        Arrays.fill(allOnes, (byte) 0xff);
        allOnes[0] = 4;
        assertThrows(InvalidKeySpecException.class,
                () -> PublicKeyBlob.decode(ecdsaBlob("ecdsa-sha2-nistp256", "nistp256", allOnes)));
        // (x, y) + p is the same point modulo p but not a canonical encoding.
        ECPublicKey key = (ECPublicKey) PublicKeyBlob.decode(blobOf("ecdsa256"));
        BigInteger p = NistCurve.P256.fieldPrime();
        BigInteger bigX = key.getW().getAffineX().add(p);
        if (bigX.bitLength() <= 256) {
            byte[] point = pointOf("ecdsa256");
            byte[] x = bigX.toByteArray();
            System.arraycopy(x, x.length - 32, point, 1, 32);
            assertThrows(InvalidKeySpecException.class,
                    () -> PublicKeyBlob.decode(ecdsaBlob("ecdsa-sha2-nistp256", "nistp256", point)));
        }
    }

    @Test
    void compressedPointsDecodeToTheSameKey() throws GeneralSecurityException {
        for (String fixture : new String[] {"ecdsa256", "ecdsa384", "ecdsa521", "ecdsa256-pem", "ecdsa521-pem"}) {
            byte[] blob = blobOf(fixture);
            ECPublicKey key = (ECPublicKey) PublicKeyBlob.decode(blob);
            byte[] point = pointOf(fixture);
            int size = (point.length - 1) / 2;
            byte[] compressed = Arrays.copyOf(point, 1 + size);
            compressed[0] = (byte) (key.getW().getAffineY().testBit(0) ? 3 : 2);
            String type = PublicKeyBlob.keyType(key);
            PublicKey decoded = PublicKeyBlob.decode(ecdsaBlob(type, type.substring("ecdsa-sha2-".length()), compressed));
            assertEquals(key, decoded);
            assertArrayEquals(blob, PublicKeyBlob.encode(decoded));
        }
    }

    @Test
    void rsaModulusBelow1024BitsIsRejected() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(768);
        byte[] blob = PublicKeyBlob.encode(generator.generateKeyPair().getPublic());
        InvalidKeySpecException e = assertThrows(InvalidKeySpecException.class, () -> PublicKeyBlob.decode(blob));
        assertTrue(e.getMessage().contains("768 bits"), e.getMessage());
        generator.initialize(1024);
        byte[] minimum = PublicKeyBlob.encode(generator.generateKeyPair().getPublic());
        assertArrayEquals(minimum, PublicKeyBlob.encode(PublicKeyBlob.decode(minimum)));
    }

    @Test
    void rsaNegativeOrEvenNumbersAreRejected() throws GeneralSecurityException {
        RSAPublicKey key =
                (RSAPublicKey) PublicKeyBlob.decode(blobOf("rsa3072"));
        byte[] negativeN = new WireWriter().writeString("ssh-rsa").writeMpint(key.getPublicExponent())
                .writeMpint(key.getModulus().negate()).toByteArray();
        assertThrows(InvalidKeySpecException.class, () -> PublicKeyBlob.decode(negativeN));
        byte[] evenE = new WireWriter().writeString("ssh-rsa").writeMpint(BigInteger.valueOf(65536))
                .writeMpint(key.getModulus()).toByteArray();
        assertThrows(InvalidKeySpecException.class, () -> PublicKeyBlob.decode(evenE));
    }
}
