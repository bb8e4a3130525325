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
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.InvalidKeySpecException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** PuTTY key files made by the real puttygen (vectors/putty), and files puttygen reads back. */
class PuttyPrivateKeyTest {
    static final List<String> FIXTURES = List.of("ed25519-v3", "rsa3072-v3", "ecdsa256-v3-argon2id",
            "ecdsa384-v3-argon2i", "ecdsa521-v3-argon2d", "ed25519-v3-lanes", "rsa2048-v3-default", "ed25519-v2",
            "ecdsa256-v2", "rsa2048-v2");
    static final List<String> ENCRYPTED = List.of("ecdsa256-v3-argon2id", "ecdsa384-v3-argon2i",
            "ecdsa521-v3-argon2d", "ed25519-v3-lanes", "rsa2048-v3-default", "ecdsa256-v2", "rsa2048-v2");
    static final List<String> KEY_TYPES = OpenSshPrivateKeyTest.KEY_TYPES;
    private static final char[] PASSPHRASE = "amiko fixture".toCharArray();
    private static final Path PUTTYGEN = Path.of("/usr/bin/puttygen");
    /** Cheap Argon2 for keys written only to be read back in a test. */
    private static final PuttyKeyDerivation QUICK = new PuttyKeyDerivation(Argon2.Variant.ARGON2ID, 64, 1, 1);

    @TempDir
    Path directory;

    static String text(String file) {
        try (InputStream in = PuttyPrivateKeyTest.class.getResourceAsStream("/vectors/putty/" + file)) {
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
    void eachFixtureIsTheKeyPuttygenExportsAsOpenSsh(String fixture) throws GeneralSecurityException {
        KeyFile read = PuttyPrivateKey.read(text(fixture + ".ppk"), PASSPHRASE);
        KeyFile exported = OpenSshPrivateKey.readWithComment(text(fixture + ".openssh"), null);
        assertEquals(exported.pair().getPublic(), read.pair().getPublic());
        assertArrayEquals(exported.pair().getPrivate().getEncoded(), read.pair().getPrivate().getEncoded());
        assertEquals("amiko fixture " + fixture, read.comment());
        assertEquals(exported.comment(), read.comment());
        OpenSshPrivateKeyTest.assertSignsFor(read.pair().getPrivate(), read.pair().getPublic());
        // KeyFiles tells the format by its first line.
        assertEquals(read.pair().getPublic(), KeyFiles.parseWithComment(text(fixture + ".ppk"), PASSPHRASE).pair().getPublic());
    }

    @ParameterizedTest
    @FieldSource("ENCRYPTED")
    void encryptedFixturesNeedTheirPassphrase(String fixture) {
        String ppk = text(fixture + ".ppk");
        UnrecoverableKeyException none = assertThrows(UnrecoverableKeyException.class, () -> PuttyPrivateKey.read(ppk, null));
        assertTrue(none.getMessage().contains("passphrase is needed"), none.getMessage());
        UnrecoverableKeyException wrong = assertThrows(UnrecoverableKeyException.class,
                () -> PuttyPrivateKey.read(ppk, "amiko fixturE".toCharArray()));
        assertTrue(wrong.getMessage().contains("wrong passphrase"), wrong.getMessage());
    }

    @Test
    void theMacCoversTheCleartextParts() {
        String ppk = text("ed25519-v3.ppk");
        String otherComment = ppk.replace("Comment: amiko fixture ed25519-v3", "Comment: amiko fixture ed25519-v4");
        InvalidKeySpecException comment = assertThrows(InvalidKeySpecException.class,
                () -> PuttyPrivateKey.read(otherComment, null));
        assertTrue(comment.getMessage().contains("MAC does not verify"), comment.getMessage());
        String v2 = text("ecdsa256-v2.ppk");
        String[] lines = v2.split("\n");
        String publicLine = lines[4];
        char flipped = publicLine.charAt(30) == 'A' ? 'B' : 'A';
        String otherPublic = v2.replace(publicLine, publicLine.substring(0, 30) + flipped + publicLine.substring(31));
        assertThrows(GeneralSecurityException.class, () -> PuttyPrivateKey.read(otherPublic, PASSPHRASE));
    }

    @Test
    void damagedAndUnsupportedFilesAreRefusedByName() {
        String ppk = text("ed25519-v3.ppk");
        assertRefused(NoSuchAlgorithmException.class, "version \"1\"", ppk.replace("File-3:", "File-1:"));
        assertRefused(NoSuchAlgorithmException.class, "aes128-cbc", ppk.replace("Encryption: none", "Encryption: aes128-cbc"));
        assertRefused(InvalidKeySpecException.class, "Comment", ppk.replace("Comment:", "Komment:"));
        assertRefused(InvalidKeySpecException.class, "Private-MAC", ppk.substring(0, ppk.indexOf("Private-MAC")));
        assertRefused(InvalidKeySpecException.class, "ends early", ppk.substring(0, ppk.indexOf("Private-MAC") - 1));
        assertRefused(InvalidKeySpecException.class, "larger than", ppk.replace("Private-Lines: 1", "Private-Lines: 99999"));
        assertRefused(InvalidKeySpecException.class, "hexadecimal", ppk.replace("Private-MAC: ", "Private-MAC: zz"));
        String encrypted = text("ecdsa256-v3-argon2id.ppk");
        assertRefused(InvalidKeySpecException.class, "out of range",
                encrypted.replace("Argon2-Passes: 2", "Argon2-Passes: 999999999"));
        assertRefused(InvalidKeySpecException.class, "out of range",
                encrypted.replace("Argon2-Memory: 8192", "Argon2-Memory: 4"));
        assertRefused(NoSuchAlgorithmException.class, "Argon2x",
                encrypted.replace("Key-Derivation: Argon2id", "Key-Derivation: Argon2x"));
        assertRefused(InvalidKeySpecException.class, "ssh-rsa",
                ppk.replace("PuTTY-User-Key-File-3: ssh-ed25519", "PuTTY-User-Key-File-3: ssh-rsa"));
    }

    /** Random damage to the text of a file: each one reads the same key or fails cleanly. */
    @Test
    void randomDamageNeverEscapesAsAnythingButGeneralSecurityException() throws GeneralSecurityException {
        String original = text("ed25519-v2.ppk");
        KeyPair expected = PuttyPrivateKey.read(original, null).pair();
        Random random = new Random(42);
        String alphabet = "AZaz09+/=: -\n|Lines";
        for (int round = 0; round < 150; round++) {
            StringBuilder damaged = new StringBuilder(original);
            int position = random.nextInt(damaged.length());
            if (round % 3 == 0) {
                damaged.setLength(position);
            } else {
                damaged.setCharAt(position, alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                KeyPair pair = PuttyPrivateKey.read(damaged.toString(), PASSPHRASE).pair();
                assertEquals(expected.getPublic(), pair.getPublic(), "round " + round);
            } catch (GeneralSecurityException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
            } catch (RuntimeException e) {
                throw new AssertionError("round " + round + " escaped with " + e, e);
            }
        }
    }

    private static void assertRefused(Class<? extends GeneralSecurityException> type, String words, String text) {
        GeneralSecurityException e = assertThrows(type, () -> PuttyPrivateKey.read(text, PASSPHRASE));
        assertTrue(e.getMessage().contains(words), () -> "\"" + e.getMessage() + "\" lacks \"" + words + "\"");
    }

    @ParameterizedTest
    @FieldSource("KEY_TYPES")
    void writtenKeysReadBackPlainAndEncrypted(String type) throws GeneralSecurityException {
        KeyPair pair = Fixtures.generated(type);
        for (char[] passphrase : new char[][] {null, "pässphrase".toCharArray()}) {
            String text = PuttyPrivateKey.write(pair, "me@example", passphrase, QUICK);
            KeyFile read = PuttyPrivateKey.read(text, passphrase);
            assertEquals(pair.getPublic(), read.pair().getPublic());
            assertArrayEquals(pair.getPrivate().getEncoded(), read.pair().getPrivate().getEncoded());
            assertEquals("me@example", read.comment());
            assertTrue(text.startsWith("PuTTY-User-Key-File-3: " + type + "\nEncryption: "
                    + (passphrase == null ? "none" : "aes256-cbc") + "\nComment: me@example\nPublic-Lines: "), text);
        }
    }

    /** Runs puttygen, expects exit status 0 and returns its output. */
    private static String puttygen(String... arguments) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(PUTTYGEN), "puttygen is not installed (apt-get install putty-tools)");
        List<String> command = new ArrayList<>();
        command.add(PUTTYGEN.toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "puttygen did not finish");
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), () -> "puttygen failed: " + text);
        return text;
    }

    @ParameterizedTest
    @FieldSource("KEY_TYPES")
    void puttygenReadsWhatWeWrite(String type) throws Exception {
        KeyPair pair = Fixtures.generated(type);
        Path passphrase = Files.writeString(directory.resolve("passphrase"), "pässphrase");
        Path empty = Files.writeString(directory.resolve("empty"), "");
        Path ppk = directory.resolve("key.ppk");
        // One key through the public API with the default Argon2 parameters, the others cheap.
        if (type.equals("ssh-ed25519")) {
            KeyFiles.writePutty(ppk, pair, "written by amiko", "pässphrase".toCharArray());
        } else {
            Files.writeString(ppk, PuttyPrivateKey.write(pair, "written by amiko", "pässphrase".toCharArray(), QUICK));
        }
        Path exported = directory.resolve("exported");
        puttygen(ppk.toString(), "--old-passphrase", passphrase.toString(), "--new-passphrase", empty.toString(),
                "-O", "private-openssh-new", "-o", exported.toString());
        KeyFile back = OpenSshPrivateKey.readWithComment(Files.readString(exported), null);
        assertEquals(pair.getPublic(), back.pair().getPublic());
        assertSamePrivateKey(pair.getPrivate(), back.pair().getPrivate());
        assertEquals("written by amiko", back.comment());

        // The wrong passphrase makes puttygen fail too.
        Path wrong = Files.writeString(directory.resolve("wrong"), "passphrase");
        Process process = new ProcessBuilder(PUTTYGEN.toString(), ppk.toString(), "--old-passphrase", wrong.toString(),
                "--new-passphrase", empty.toString(), "-O", "private-openssh-new", "-o", directory.resolve("no").toString())
                .redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertTrue(process.exitValue() != 0, "puttygen accepted a wrong passphrase");
    }

    /**
     * The same private key. puttygen may store an RSA key's primes the other way round (and its CRT
     * coefficient with them), so RSA keys are compared by their numbers, not their encoding.
     */
    static void assertSamePrivateKey(PrivateKey expected, PrivateKey actual) {
        if (expected instanceof RSAPrivateCrtKey one && actual instanceof RSAPrivateCrtKey other) {
            assertEquals(one.getModulus(), other.getModulus());
            assertEquals(Set.of(one.getPrimeP(), one.getPrimeQ()), Set.of(other.getPrimeP(), other.getPrimeQ()));
            assertEquals(one.getPrivateExponent(), other.getPrivateExponent());
            return;
        }
        assertArrayEquals(expected.getEncoded(), actual.getEncoded());
    }

    @Test
    void puttygenReadsAnUnencryptedKeyWeWrite() throws Exception {
        KeyPair pair = KeyPairs.generate("ecdsa-sha2-nistp384");
        Path ppk = directory.resolve("plain.ppk");
        KeyFiles.writePutty(ppk, pair, "plain", null);
        String printed = puttygen(ppk.toString(), "-O", "public-openssh").strip();
        assertEquals(PublicKeyLine.of(pair.getPublic(), "plain"), PublicKeyLine.parse(printed));
        String fingerprint = puttygen(ppk.toString(), "-O", "fingerprint").strip();
        assertTrue(fingerprint.contains(Fingerprint.sha256(pair.getPublic())), fingerprint);
    }
}
