// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.UnrecoverableKeyException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Encrypted PEM and PKCS#8 keys from ssh-keygen and openssl (vectors/encrypted-pem), and PKCS#8 we write. */
class EncryptedPemKeyTest {
    static final List<String> FIXTURES = List.of("rsa2048-pem-aes128", "ecdsa256-pem-aes128", "rsa2048-pkcs8",
            "ecdsa384-pkcs8", "ed25519-pkcs8-aes256", "ecdsa521-pkcs8-des3", "rsa2048-pem-aes256", "ecdsa521-pem-des3");
    /** ssh-keygen -m PKCS8 and openssl genpkey fixtures in vectors/openssh, unencrypted. */
    static final List<String> PKCS8_FIXTURES = List.of("rsa3072-pkcs8", "ecdsa384-pkcs8", "ed25519-pkcs8");
    static final List<String> KEY_TYPES = OpenSshPrivateKeyTest.KEY_TYPES;
    private static final char[] PASSPHRASE = "amiko fixture".toCharArray();
    private static final Path OPENSSL = Path.of("/usr/bin/openssl");

    @TempDir
    Path directory;

    static String text(String file) {
        try (InputStream in = EncryptedPemKeyTest.class.getResourceAsStream("/vectors/encrypted-pem/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @FieldSource("FIXTURES")
    void eachFixtureLoadsWithItsPassphraseOnly(String fixture) throws GeneralSecurityException {
        String key = text(fixture + ".key");
        KeyFile read = KeyFiles.parseWithComment(key, PASSPHRASE);
        PublicKey expected = PublicKeyLine.parse(text(fixture + ".pub")).publicKey();
        assertEquals(expected, read.pair().getPublic());
        assertEquals("", read.comment(), "PEM files carry no comment");
        OpenSshPrivateKeyTest.assertSignsFor(read.pair().getPrivate(), expected);

        UnrecoverableKeyException none = assertThrows(UnrecoverableKeyException.class, () -> KeyFiles.parse(key, null));
        assertTrue(none.getMessage().contains("passphrase is needed"), none.getMessage());
        UnrecoverableKeyException wrong = assertThrows(UnrecoverableKeyException.class,
                () -> KeyFiles.parse(key, "amiko fixturE".toCharArray()));
        assertTrue(wrong.getMessage().contains("wrong passphrase"), wrong.getMessage());
    }

    @Test
    void pkcs12PasswordBasedEncryptionIsRefusedByName() {
        NoSuchAlgorithmException e = assertThrows(NoSuchAlgorithmException.class,
                () -> KeyFiles.parse(text("rsa2048-pkcs8-pkcs12pbe.key"), PASSPHRASE));
        assertTrue(e.getMessage().contains("PKCS#12") && e.getMessage().contains("-v2 aes-256-cbc"), e.getMessage());
    }

    /** Damage to the PBES2 framing and parameters ends in a GeneralSecurityException, never anything else. */
    @Test
    void damagedEncryptionParametersNeverEscape() throws GeneralSecurityException {
        PemBlock block = PemBlock.parseAll(text("ecdsa384-pkcs8.key")).get(0);
        Random random = new Random(7);
        for (int round = 0; round < 150; round++) {
            byte[] der = block.data().clone();
            // The first 95 bytes are the AlgorithmIdentifiers: OIDs, salt, iterations, IV.
            int position = random.nextInt(Math.min(95, der.length));
            der[position] = round % 2 == 0 ? (byte) (der[position] ^ (1 << random.nextInt(8))) : (byte) random.nextInt(256);
            String damaged = PemBlock.format(block.label(), der, 64);
            try {
                KeyFiles.parse(damaged, PASSPHRASE);
            } catch (GeneralSecurityException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
            } catch (RuntimeException e) {
                throw new AssertionError("round " + round + " escaped with " + e, e);
            }
        }
    }

    @Test
    void evpBytesToKeyAgreesWithOpenssl() {
        // openssl enc -des-ede3-cbc -md md5 -S 0102030405060708 -pass pass:x -P (two MD5 blocks).
        byte[] salt = {1, 2, 3, 4, 5, 6, 7, 8};
        assertEquals("df39ded3e3f345cebb53bf088aac6d3e3056c591d7268aa6",
                HexFormat.of().formatHex(LegacyPemEncryption.bytesToKey("x".toCharArray(), salt, 24)));
    }

    @ParameterizedTest
    @FieldSource("PKCS8_FIXTURES")
    void unencryptedPkcs8IsWrittenByteForByteAsTheToolsWriteIt(String fixture) throws GeneralSecurityException {
        String original = Fixtures.privateKey(fixture);
        KeyPair pair = KeyFiles.parse(original, null);
        assertEquals(original, Pkcs8PrivateKey.write(pair, null));
        assertEquals(original, Pkcs8PrivateKey.write(pair, new char[0]));
    }

    @ParameterizedTest
    @FieldSource("KEY_TYPES")
    void encryptedPkcs8WeWriteIsReadByUsAndByOpenssl(String type) throws Exception {
        KeyPair pair = Fixtures.generated(type);
        Path file = directory.resolve("key.p8");
        KeyFiles.writePkcs8(file, pair, null);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(Files.readString(file).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        // Few PBKDF2 iterations: sshKeygenReadsTheEncryptedPkcs8WeWrite covers the default count.
        Files.writeString(file, Pkcs8PrivateKey.write(pair, "pässphrase".toCharArray(), 1000));
        String text = Files.readString(file);
        assertTrue(text.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"), text);
        KeyPair read = KeyFiles.load(file, "pässphrase".toCharArray());
        assertEquals(pair.getPublic(), read.getPublic());
        assertArrayEquals(pair.getPrivate().getEncoded(), read.getPrivate().getEncoded());
        assertThrows(UnrecoverableKeyException.class, () -> KeyFiles.load(file, "passphrase".toCharArray()));

        // openssl decrypts it to exactly the PrivateKeyInfo we would write unencrypted.
        assumeTrue(Files.isExecutable(OPENSSL), "openssl is not installed");
        Process process = new ProcessBuilder(OPENSSL.toString(), "pkcs8", "-in", file.toString(), "-passin",
                "pass:pässphrase").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String decrypted = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), "openssl pkcs8 failed");
        assertEquals(Pkcs8PrivateKey.write(pair, null), decrypted);
    }

    @ParameterizedTest
    @FieldSource("KEY_TYPES")
    void sshKeygenReadsTheEncryptedPkcs8WeWrite(String type) throws Exception {
        SshKeygen.assumeInstalled();
        // ssh-keygen 9.2 cannot load Ed25519 keys from PKCS#8 at all, encrypted or not.
        assumeTrue(!type.equals("ssh-ed25519"), "ssh-keygen 9.2 reads no Ed25519 PKCS#8");
        KeyPair pair = Fixtures.generated(type);
        Path file = directory.resolve("id_pkcs8");
        KeyFiles.writePkcs8(file, pair, "amiko".toCharArray());
        String printed = SshKeygen.run("-y", "-P", "amiko", "-f", file.toString()).strip();
        assertEquals(pair.getPublic(), PublicKeyLine.parse(printed).publicKey());
    }

    @Test
    void keysSshKeygenEncryptsAsPemAndPkcs8AreRead() throws Exception {
        SshKeygen.assumeInstalled();
        for (String format : new String[] {"PEM", "PKCS8"}) {
            Path file = directory.resolve("id_" + format);
            SshKeygen.run("-q", "-t", "ecdsa", "-m", format, "-N", "pässphrase", "-f", file.toString());
            KeyPair pair = KeyFiles.load(file, "pässphrase".toCharArray());
            assertEquals(PublicKeyLine.parse(Files.readString(Path.of(file + ".pub"))).publicKey(), pair.getPublic());
        }
    }
}
