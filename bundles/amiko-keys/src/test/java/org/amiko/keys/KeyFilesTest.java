// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.UnrecoverableKeyException;
import java.security.spec.InvalidKeySpecException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Every fixture format through {@link KeyFiles}, and files written for ssh-keygen. */
class KeyFilesTest {
    static final List<String> PRIVATE_KEYS = Fixtures.PRIVATE_KEYS;
    static final List<String> KEY_TYPES = OpenSshPrivateKeyTest.KEY_TYPES;

    @TempDir
    Path directory;

    private Path copyOfFixture(String fixture) throws IOException {
        Path file = directory.resolve(fixture + ".key");
        Files.writeString(file, Fixtures.privateKey(fixture), StandardCharsets.US_ASCII);
        return file;
    }

    @ParameterizedTest
    @FieldSource("PRIVATE_KEYS")
    void everyFixtureLoadsAndItsPublicHalfIsThePubFile(String fixture) throws IOException, GeneralSecurityException {
        KeyPair pair = KeyFiles.load(copyOfFixture(fixture), null);
        PublicKey expected = PublicKeyLine.parse(Fixtures.publicLine(fixture)).publicKey();
        assertEquals(expected, pair.getPublic());
        assertEquals(Fixtures.printedFingerprint(fixture, "sha256"), Fingerprint.sha256(pair.getPublic()));
        OpenSshPrivateKeyTest.assertSignsFor(pair.getPrivate(), expected);
    }

    /**
     * An identity file's public key without its passphrase, as ssh's sshkey_load_public finds it:
     * the file itself when it is a public key line or an OpenSSH-format key (which keeps it in
     * clear), else the {@code .pub} beside it; a PEM file without a {@code .pub} has none to give.
     */
    @Test
    void anIdentityFilesPublicKeyIsReadWithoutItsPassphrase() throws Exception {
        KeyPair key = KeyPairs.generate("ssh-ed25519");
        Path encrypted = directory.resolve("id_encrypted");
        KeyFiles.writeOpenSsh(encrypted, key, "c", "secret".toCharArray());
        assertEquals(key.getPublic(), KeyFiles.publicKey(encrypted), "from the OpenSSH file itself");
        KeyPair other = KeyPairs.generate("ssh-ed25519");
        Files.writeString(directory.resolve("id_encrypted.pub"), PublicKeyLine.of(other.getPublic(), "c").format());
        assertEquals(key.getPublic(), KeyFiles.publicKey(encrypted), "the file itself comes first, as in ssh");

        Path pem = directory.resolve("id_pem");
        KeyFiles.writePkcs8(pem, key, "secret".toCharArray());
        assertThrows(InvalidKeySpecException.class, () -> KeyFiles.publicKey(pem), "no .pub");
        Path pub = Files.writeString(directory.resolve("id_pem.pub"), "# a comment\n"
                + PublicKeyLine.of(key.getPublic(), "c").format() + "\n");
        assertEquals(key.getPublic(), KeyFiles.publicKey(pem), "from the .pub beside it");
        assertEquals(key.getPublic(), KeyFiles.publicKey(pub), "an IdentityFile that names the .pub itself");
        assertTrue(KeyFiles.isPublicKeyFile(pub), "a comment, then a public key line");
        assertFalse(KeyFiles.isPublicKeyFile(encrypted), "an OpenSSH private key");
        assertFalse(KeyFiles.isPublicKeyFile(pem), "a PKCS#8 private key");
        assertThrows(NoSuchFileException.class, () -> KeyFiles.publicKey(directory.resolve("id_missing")));
        Files.writeString(directory.resolve("id_token.pub"), PublicKeyLine.of(other.getPublic(), "t").format());
        assertEquals(other.getPublic(), KeyFiles.publicKey(directory.resolve("id_token")),
                "no private file (the key is in an agent or a token), a .pub beside where it would be");
        Path damaged = Files.writeString(directory.resolve("id_damaged"), "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n"
                + "-----END OPENSSH PRIVATE KEY-----\n");
        assertThrows(GeneralSecurityException.class, () -> KeyFiles.publicKey(damaged));
        Files.writeString(directory.resolve("id_damaged.pub"), PublicKeyLine.of(other.getPublic(), "t").format());
        assertEquals(other.getPublic(), KeyFiles.publicKey(damaged), "a damaged key file, its .pub");
    }

    @ParameterizedTest
    @FieldSource("PRIVATE_KEYS")
    void everyFixtureConvertsToAnOpenSshKeyWithTheSameKeys(String fixture) throws GeneralSecurityException {
        KeyPair pair = KeyFiles.parse(Fixtures.privateKey(fixture), null);
        KeyPair converted = OpenSshPrivateKey.read(OpenSshPrivateKey.write(pair, fixture), null);
        assertEquals(pair.getPublic(), converted.getPublic());
        assertArrayEquals(pair.getPrivate().getEncoded(), converted.getPrivate().getEncoded());
    }

    @Test
    void encryptedOpenSshFixturesLoadWithTheirPassphraseOnly() throws IOException, GeneralSecurityException {
        for (String fixture : Fixtures.ENCRYPTED_KEYS) {
            Path file = copyOfFixture(fixture);
            KeyPair pair = KeyFiles.load(file, Fixtures.PASSPHRASE.toCharArray());
            PublicKey expected = PublicKeyLine.parse(Fixtures.publicLine(fixture)).publicKey();
            assertEquals(expected, pair.getPublic());
            OpenSshPrivateKeyTest.assertSignsFor(pair.getPrivate(), expected);

            UnrecoverableKeyException none = assertThrows(UnrecoverableKeyException.class, () -> KeyFiles.load(file, null));
            assertTrue(none.getMessage().contains("passphrase is needed"), none.getMessage());
            assertThrows(UnrecoverableKeyException.class, () -> KeyFiles.load(file, new char[0]));
            UnrecoverableKeyException wrong = assertThrows(UnrecoverableKeyException.class,
                    () -> KeyFiles.load(file, "amiko fixturE".toCharArray()));
            assertTrue(wrong.getMessage().contains("wrong passphrase"), wrong.getMessage());
        }
    }

    static final List<String> SSH_KEYGEN_CIPHERS = List.of("aes128-ctr", "aes192-ctr", "aes256-ctr", "aes128-cbc",
            "aes256-cbc", "aes128-gcm@openssh.com", "aes256-gcm@openssh.com");

    @ParameterizedTest
    @FieldSource("SSH_KEYGEN_CIPHERS")
    void keysSshKeygenEncryptsWithEachAesCipherDecrypt(String cipher) throws Exception {
        SshKeygen.assumeInstalled();
        Path file = directory.resolve("id_" + cipher.replace('@', '_'));
        SshKeygen.run("-q", "-t", "ecdsa", "-a", "2", "-Z", cipher, "-N", "pässphrase", "-C", cipher, "-f", file.toString());
        assertTrue(Files.readString(file).contains("BEGIN OPENSSH PRIVATE KEY"));
        KeyPair pair = KeyFiles.load(file, "pässphrase".toCharArray());
        PublicKey expected = PublicKeyLine.parse(Files.readString(Path.of(file + ".pub"))).publicKey();
        assertEquals(expected, pair.getPublic());
        assertThrows(UnrecoverableKeyException.class, () -> KeyFiles.load(file, "passphrase".toCharArray()));
    }

    @Test
    void unsupportedCiphersAreNamed() throws Exception {
        SshKeygen.assumeInstalled();
        Path file = directory.resolve("id_chacha");
        SshKeygen.run("-q", "-t", "ed25519", "-a", "1", "-Z", "chacha20-poly1305@openssh.com", "-N", "x", "-f",
                file.toString());
        NoSuchAlgorithmException e = assertThrows(NoSuchAlgorithmException.class,
                () -> KeyFiles.load(file, "x".toCharArray()));
        assertTrue(e.getMessage().contains("chacha20-poly1305@openssh.com"), e.getMessage());
    }

    @Test
    void otherFormatsAreRecognizedAndRefusedByName() {
        assertRefused(InvalidKeySpecException.class, "Comment",
                "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n");
        assertRefused(InvalidKeySpecException.class, "RFC 4716",
                "---- BEGIN SSH2 PUBLIC KEY ----\nAAAA\n---- END SSH2 PUBLIC KEY ----\n");
        assertRefused(InvalidKeySpecException.class, "public key line", Fixtures.text("ed25519.pub"));
        assertRefused(InvalidKeySpecException.class, "damaged encrypted PKCS#8",
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAA=\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertRefused(NoSuchAlgorithmException.class, "DSA",
                "-----BEGIN DSA PRIVATE KEY-----\nMAA=\n-----END DSA PRIVATE KEY-----\n");
        assertRefused(InvalidKeySpecException.class, "CERTIFICATE",
                "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n");
        String legacy = Fixtures.privateKey("rsa3072-pem").replace("-----BEGIN RSA PRIVATE KEY-----\n",
                "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00000000000000000000000000000000\n\n");
        assertRefused(UnrecoverableKeyException.class, "passphrase is needed", legacy);
        assertRefused(NoSuchAlgorithmException.class, "\"DES-CBC\"", legacy.replace("AES-128-CBC", "DES-CBC"));
        assertRefused(InvalidKeySpecException.class, "armor", "just some text");
    }

    private static void assertRefused(Class<? extends GeneralSecurityException> type, String words, String text) {
        GeneralSecurityException e = assertThrows(type, () -> KeyFiles.parse(text, null));
        assertTrue(e.getMessage().contains(words), () -> "\"" + e.getMessage() + "\" lacks \"" + words + "\"");
    }

    @Test
    void ecParametersBlockBeforeTheKeyIsSkipped() throws GeneralSecurityException {
        String text = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
                + Fixtures.privateKey("ecdsa256-pem");
        assertEquals(PublicKeyLine.parse(Fixtures.publicLine("ecdsa256-pem")).publicKey(),
                KeyFiles.parse(text, null).getPublic());
    }

    @Test
    void missingFileIsAnIOException() {
        assertThrows(NoSuchFileException.class, () -> KeyFiles.load(directory.resolve("absent"), null));
    }

    @ParameterizedTest
    @FieldSource("KEY_TYPES")
    void writtenFileIsOwnerOnlyAndReadBySshKeygen(String type) throws Exception {
        KeyPair pair = KeyPairs.generate(type);
        Path file = directory.resolve("id_" + type);
        KeyFiles.writeOpenSsh(file, pair, "amiko test");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        KeyPair read = KeyFiles.load(file, null);
        assertEquals(pair.getPublic(), read.getPublic());
        assertArrayEquals(pair.getPrivate().getEncoded(), read.getPrivate().getEncoded());
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }

        SshKeygen.assumeInstalled();
        String printed = SshKeygen.run("-y", "-f", file.toString()).strip();
        assertEquals(PublicKeyLine.of(pair.getPublic(), "amiko test"), PublicKeyLine.parse(printed));
    }

    @Test
    void writingReplacesAnExistingFileAndTightensItsMode() throws IOException, GeneralSecurityException {
        Path file = directory.resolve("id_replace");
        Files.writeString(file, "old contents");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        KeyPair pair = KeyPairs.generate("ecdsa-sha2-nistp384");
        KeyFiles.writeOpenSsh(file, pair, null);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(pair.getPublic(), KeyFiles.load(file, null).getPublic());
    }

    @Test
    void aPairThatDoesNotBelongTogetherIsNotWritten() throws GeneralSecurityException {
        KeyPair one = KeyPairs.generate("ssh-ed25519");
        KeyPair two = KeyPairs.generate("ssh-ed25519");
        Path file = directory.resolve("id_mixed");
        InvalidKeyException e = assertThrows(InvalidKeyException.class,
                () -> KeyFiles.writeOpenSsh(file, new KeyPair(one.getPublic(), two.getPrivate()), ""));
        assertTrue(e.getMessage().contains("do not belong together"), e.getMessage());
        KeyPair ec = KeyPairs.generate("ecdsa-sha2-nistp256");
        assertThrows(InvalidKeyException.class,
                () -> KeyFiles.writeOpenSsh(file, new KeyPair(ec.getPublic(), one.getPrivate()), ""));
        assertTrue(Files.notExists(file));
    }

    @Test
    void aCertificateBesideAnIdentityIsTriedFirstWhenItCertifiesThatKey() throws Exception {
        TestAuthority ca = new TestAuthority();
        KeyPair key = KeyPairs.generate("ssh-ed25519");
        Path file = directory.resolve("id_ed25519");
        KeyFiles.writeOpenSsh(file, key, "me");
        assertEquals(List.of(key.getPublic()), KeyFiles.loadWithCertificate(file, null).stream().map(KeyPair::getPublic)
                .toList());

        OpenSshCertificate mine = ca.issue(CertificateBuilder.of(OpenSshCertificate.Kind.USER, key.getPublic())
                .principals(List.of("me")));
        Files.writeString(directory.resolve("id_ed25519-cert.pub"), PublicKeyLine.of(mine, "me").format() + "\n");
        assertEquals(List.of(mine, key.getPublic()), KeyFiles.loadWithCertificate(file, null).stream()
                .map(KeyPair::getPublic).toList());

        OpenSshCertificate other = ca.issue(CertificateBuilder.of(OpenSshCertificate.Kind.USER,
                TestAuthority.ed25519().getPublic()).principals(List.of("me")));
        Files.writeString(directory.resolve("id_ed25519-cert.pub"), PublicKeyLine.of(other, "me").format() + "\n");
        assertEquals(1, KeyFiles.loadWithCertificate(file, null).size(), "another key's certificate is ignored");
    }
}
