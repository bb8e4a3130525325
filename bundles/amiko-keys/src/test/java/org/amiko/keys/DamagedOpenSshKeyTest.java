// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.UnrecoverableKeyException;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Damaged OpenSSH private keys: each must end in a GeneralSecurityException that names the problem,
 * never an index error, an OutOfMemoryError or a key.
 */
class DamagedOpenSshKeyTest {
    static final List<String> OPENSSH_KEYS = Fixtures.OPENSSH_KEYS;
    private static final String LABEL = "OPENSSH PRIVATE KEY";

    private static byte[] binary(String fixture) throws InvalidKeySpecException {
        return PemBlock.parse(Fixtures.privateKey(fixture), LABEL).data();
    }

    private static String armor(byte[] data) {
        return PemBlock.format(LABEL, data, 70);
    }

    private static <T extends GeneralSecurityException> T assertRefused(Class<T> type, String words, Executable read) {
        T e = assertThrows(type, read);
        assertTrue(e.getMessage().contains(words), () -> "message \"" + e.getMessage() + "\" lacks \"" + words + "\"");
        return e;
    }

    private static void putInt(byte[] data, int offset, int value) {
        data[offset] = (byte) (value >>> 24);
        data[offset + 1] = (byte) (value >>> 16);
        data[offset + 2] = (byte) (value >>> 8);
        data[offset + 3] = (byte) value;
    }

    @Test
    void truncatedBase64() throws IOException, GeneralSecurityException {
        String text = Fixtures.privateKey("ed25519");
        String[] lines = text.split("\n");
        // Drop the last base64 line: what is left decodes, but the structure ends early.
        StringBuilder shorter = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i != lines.length - 2) {
                shorter.append(lines[i]).append('\n');
            }
        }
        assertRefused(InvalidKeySpecException.class, "damaged OpenSSH private key",
                () -> OpenSshPrivateKey.read(shorter.toString(), null));
        // Cut a line in the middle of a base64 quantum.
        String cut = text.replace(lines[3], lines[3].substring(0, 69));
        assertRefused(InvalidKeySpecException.class, "base64",
                () -> OpenSshPrivateKey.read(cut, null));
        String garbage = text.replace(lines[2], lines[2].substring(0, 10) + "*" + lines[2].substring(11));
        assertRefused(InvalidKeySpecException.class, "base64", () -> OpenSshPrivateKey.read(garbage, null));
    }

    @ParameterizedTest
    @FieldSource("OPENSSH_KEYS")
    void flippedCheckIntMeansWrongPassphraseOrDamage(String fixture) throws IOException, GeneralSecurityException {
        byte[] data = binary(fixture);
        data[OpenSshPrivateKeyTest.checkIntOffset(data) + 5] ^= 0x10;
        assertRefused(UnrecoverableKeyException.class, "check ints differ",
                () -> OpenSshPrivateKey.read(armor(data), null));
    }

    @Test
    void badArmor() throws IOException, GeneralSecurityException {
        String text = Fixtures.privateKey("ed25519");
        String noEnd = text.replace("-----END OPENSSH PRIVATE KEY-----", "");
        assertRefused(InvalidKeySpecException.class, "no END line", () -> OpenSshPrivateKey.read(noEnd, null));
        String wrongEnd = text.replace("-----END OPENSSH", "-----END RSA");
        assertRefused(InvalidKeySpecException.class, "END", () -> OpenSshPrivateKey.read(wrongEnd, null));
        String noBegin = text.replace("-----BEGIN OPENSSH PRIVATE KEY-----", "");
        assertRefused(InvalidKeySpecException.class, "armor", () -> OpenSshPrivateKey.read(noBegin, null));
        String shortDashes = text.replace("-----BEGIN OPENSSH PRIVATE KEY-----", "-----BEGIN OPENSSH PRIVATE KEY---");
        assertRefused(InvalidKeySpecException.class, "dashes", () -> OpenSshPrivateKey.read(shortDashes, null));
        String otherLabel = text.replace("OPENSSH PRIVATE KEY", "PRIVATE KEY");
        assertRefused(InvalidKeySpecException.class, "no OPENSSH PRIVATE KEY block",
                () -> OpenSshPrivateKey.read(otherLabel, null));
        assertRefused(InvalidKeySpecException.class, "armor", () -> OpenSshPrivateKey.read("", null));
    }

    @Test
    void badMagic() throws IOException, GeneralSecurityException {
        byte[] data = binary("ed25519");
        data[3] = 'X';
        assertRefused(InvalidKeySpecException.class, "magic", () -> OpenSshPrivateKey.read(armor(data), null));
        assertRefused(InvalidKeySpecException.class, "magic",
                () -> OpenSshPrivateKey.read(armor(Arrays.copyOf(data, 5)), null));
    }

    @Test
    void wrongTypeStrings() throws IOException, GeneralSecurityException {
        // Unknown type in the private section (same length, so the framing stays intact).
        byte[] data = binary("ed25519");
        int typeOffset = OpenSshPrivateKeyTest.checkIntOffset(data) + 8 + 4;
        assertArrayEquals("ssh-ed25519".getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(data, typeOffset, typeOffset + 11));
        data[typeOffset + 10] = '8';
        assertRefused(NoSuchAlgorithmException.class, "ssh-ed25518", () -> OpenSshPrivateKey.read(armor(data), null));

        // Unknown type in the public blob.
        byte[] publicType = binary("ed25519");
        int publicOffset = 15 + 8 + 8 + 4 + 4 + 4 + 4;
        assertArrayEquals("ssh-ed25519".getBytes(StandardCharsets.US_ASCII),
                Arrays.copyOfRange(publicType, publicOffset, publicOffset + 11));
        publicType[publicOffset] = 'x';
        assertRefused(NoSuchAlgorithmException.class, "xsh-ed25519", () -> OpenSshPrivateKey.read(armor(publicType), null));

        // A curve name that is not the type's, inside the private section.
        byte[] ecdsa = binary("ecdsa256");
        String text = new String(ecdsa, StandardCharsets.ISO_8859_1);
        int last = text.lastIndexOf("nistp256");
        ecdsa[last + 7] = '4';
        ecdsa[last + 6] = '8';
        ecdsa[last + 5] = '3';
        assertRefused(InvalidKeySpecException.class, "nistp384", () -> OpenSshPrivateKey.read(armor(ecdsa), null));
    }

    @Test
    void publicKeyOfAnotherKeyIsRefused() throws IOException, GeneralSecurityException {
        byte[] one = binary("ed25519");
        byte[] other = PemBlock.parse(OpenSshPrivateKey.write(KeyPairs.generate("ssh-ed25519"), ""), LABEL).data();
        // Both Ed25519 public blobs are 51 bytes at the same place; swap them.
        int start = 15 + 8 + 8 + 4 + 4 + 4;
        System.arraycopy(other, start, one, start, 51);
        assertRefused(InvalidKeySpecException.class, "does not match",
                () -> OpenSshPrivateKey.read(armor(one), null));
    }

    @Test
    void hugeLengthFields() throws IOException, GeneralSecurityException {
        byte[] data = binary("rsa3072");
        int sectionLength = OpenSshPrivateKeyTest.checkIntOffset(data) - 4;
        byte[] hugeSection = data.clone();
        putInt(hugeSection, sectionLength, Integer.MAX_VALUE);
        assertRefused(InvalidKeySpecException.class, "damaged", () -> OpenSshPrivateKey.read(armor(hugeSection), null));

        byte[] hugeCipherName = data.clone();
        putInt(hugeCipherName, 15, Integer.MAX_VALUE);
        assertRefused(InvalidKeySpecException.class, "damaged", () -> OpenSshPrivateKey.read(armor(hugeCipherName), null));

        byte[] hugeCount = data.clone();
        putInt(hugeCount, 15 + 8 + 8 + 4, Integer.MAX_VALUE);
        assertRefused(InvalidKeySpecException.class, "2147483647 keys", () -> OpenSshPrivateKey.read(armor(hugeCount), null));

        byte[] hugeMpint = data.clone();
        putInt(hugeMpint, sectionLength + 4 + 8 + 4 + 7, Integer.MAX_VALUE); // n, after "ssh-rsa"
        assertRefused(InvalidKeySpecException.class, "damaged", () -> OpenSshPrivateKey.read(armor(hugeMpint), null));
    }

    @Test
    void twoKeysAreRefused() throws IOException, GeneralSecurityException {
        assertThrows(InvalidKeySpecException.class, () -> {
            byte[] data = binary("ed25519");
            putInt(data, 15 + 8 + 8 + 4, 2);
            OpenSshPrivateKey.read(armor(data), null);
        });
    }

    @Test
    void badPaddingAndBlockLength() throws IOException, GeneralSecurityException {
        // An empty comment leaves 5 bytes of padding after an Ed25519 key (131 bytes of fields).
        byte[] data = PemBlock.parse(OpenSshPrivateKey.write(KeyPairs.generate("ssh-ed25519"), ""), LABEL).data();
        byte[] padding = data.clone();
        assertTrue(padding[padding.length - 1] == 5);
        padding[padding.length - 1] ^= 0x40;
        assertRefused(InvalidKeySpecException.class, "padding", () -> OpenSshPrivateKey.read(armor(padding), null));

        // One byte less in the section: no longer a whole number of 8-byte blocks.
        byte[] shorter = Arrays.copyOf(data, data.length - 1);
        int lengthOffset = OpenSshPrivateKeyTest.checkIntOffset(data) - 4;
        putInt(shorter, lengthOffset, data.length - lengthOffset - 4 - 1);
        assertRefused(InvalidKeySpecException.class, "cipher blocks", () -> OpenSshPrivateKey.read(armor(shorter), null));
    }

    @Test
    void cipherAndKdfMustBothBeNoneOrNeither() throws IOException, GeneralSecurityException {
        byte[] data = binary("ed25519");
        // "none" cipher with a "none" KDF renamed to a same-length unknown KDF.
        byte[] kdf = data.clone();
        kdf[15 + 8 + 4] = 'n';
        kdf[15 + 8 + 5] = 'o';
        kdf[15 + 8 + 6] = 'p';
        kdf[15 + 8 + 7] = 'e';
        assertArrayEquals(Arrays.copyOf(data, 15 + 8), Arrays.copyOf(kdf, 15 + 8));
        assertRefused(InvalidKeySpecException.class, "nope", () -> OpenSshPrivateKey.read(armor(kdf), null));
    }

    @Test
    void damagedKdfOptionsOfAnEncryptedKey() throws IOException, GeneralSecurityException {
        byte[] data = binary("ed25519-encrypted");
        // magic, "aes256-ctr", "bcrypt", kdfoptions length, salt length and 16 bytes of salt, rounds.
        int rounds = 15 + 4 + 10 + 4 + 6 + 4 + 4 + 16;
        assertArrayEquals(new byte[] {0, 0, 0, 16}, Arrays.copyOfRange(data, rounds, rounds + 4));
        char[] passphrase = Fixtures.PASSPHRASE.toCharArray();
        byte[] zero = data.clone();
        putInt(zero, rounds, 0);
        assertRefused(InvalidKeySpecException.class, "0 rounds", () -> OpenSshPrivateKey.read(armor(zero), passphrase));
        byte[] huge = data.clone();
        putInt(huge, rounds, -1);
        assertRefused(InvalidKeySpecException.class, "4294967295 rounds",
                () -> OpenSshPrivateKey.read(armor(huge), passphrase));
        byte[] noSalt = data.clone();
        putInt(noSalt, rounds - 20, 0);
        assertRefused(InvalidKeySpecException.class, "bcrypt KDF options",
                () -> OpenSshPrivateKey.read(armor(noSalt), passphrase));
        // A flipped ciphertext byte in the key fields decrypts (CTR) to a key that fails its own checks.
        byte[] flipped = data.clone();
        flipped[flipped.length - 80] ^= 1; // inside the 64-byte secret, before the comment
        assertThrows(GeneralSecurityException.class, () -> OpenSshPrivateKey.read(armor(flipped), passphrase));
    }

    /** Thousands of random corruptions: each one reads the same key or fails cleanly. */
    @ParameterizedTest
    @FieldSource("OPENSSH_KEYS")
    void randomDamageNeverEscapesAsAnythingButGeneralSecurityException(String fixture) throws IOException, GeneralSecurityException {
        byte[] original = binary(fixture);
        KeyPair expected = OpenSshPrivateKey.read(Fixtures.privateKey(fixture), null);
        Random random = new Random(fixture.hashCode());
        for (int round = 0; round < 400; round++) {
            byte[] data = original.clone();
            int position = random.nextInt(data.length);
            switch (round % 4) {
                case 0:
                    data[position] ^= (byte) (1 << random.nextInt(8));
                    break;
                case 1:
                    data = Arrays.copyOf(data, position);
                    break;
                case 2:
                    if (position + 4 <= data.length) {
                        putInt(data, position, random.nextBoolean() ? Integer.MAX_VALUE : random.nextInt());
                    }
                    break;
                default:
                    data[position] = (byte) random.nextInt(256);
                    data[random.nextInt(data.length)] = (byte) random.nextInt(256);
            }
            try {
                KeyPair pair = OpenSshPrivateKey.read(armor(data), null);
                // Only the comment and nothing else may change without detection.
                assertArrayEquals(expected.getPublic().getEncoded(), pair.getPublic().getEncoded());
                assertArrayEquals(expected.getPrivate().getEncoded(), pair.getPrivate().getEncoded());
            } catch (GeneralSecurityException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
            } catch (RuntimeException | Error e) {
                fail("round " + round + " escaped with " + e, e);
            }
        }
    }
}
