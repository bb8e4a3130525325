// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.spec.InvalidKeySpecException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** RFC 4716 public key files against ssh-keygen -e and -i, and the ssh-keygen -l line. */
class Ssh2PublicKeyFileTest {
    static final List<String> PUBLIC_KEYS = Fixtures.PUBLIC_KEYS;

    @TempDir
    Path directory;

    @ParameterizedTest
    @FieldSource("PUBLIC_KEYS")
    void summaryIsTheLineSshKeygenPrints(String fixture) throws GeneralSecurityException {
        PublicKeyLine line = PublicKeyLine.parse(Fixtures.publicLine(fixture));
        assertEquals(Fixtures.text(fixture + ".sha256.txt").strip(), Fingerprint.summary(line.publicKey(), line.comment()));
    }

    @Test
    void summaryWithoutCommentSaysSo() throws GeneralSecurityException {
        PublicKeyLine line = PublicKeyLine.parse(Fixtures.publicLine("ecdsa521"));
        assertTrue(Fingerprint.summary(line.publicKey(), "").endsWith(" no comment (ECDSA)"));
        assertTrue(Fingerprint.summary(line.publicKey(), null).startsWith("521 SHA256:"));
    }

    @ParameterizedTest
    @FieldSource("PUBLIC_KEYS")
    void readsWhatSshKeygenExportsAndItImportsWhatWeWrite(String fixture) throws Exception {
        SshKeygen.assumeInstalled();
        PublicKeyLine line = PublicKeyLine.parse(Fixtures.publicLine(fixture));
        Path pub = Files.writeString(directory.resolve("key.pub"), line.format() + "\n");
        String exported = SshKeygen.run("-e", "-f", pub.toString());
        PublicKeyLine read = Ssh2PublicKeyFile.read(exported);
        assertEquals(line.publicKey(), read.publicKey());
        assertTrue(read.comment().contains("converted by"), read.comment());

        Path ours = Files.writeString(directory.resolve("key.rfc4716"), Ssh2PublicKeyFile.write(line));
        String imported = SshKeygen.run("-i", "-f", ours.toString()).strip();
        assertEquals(line.publicKey(), PublicKeyLine.parse(imported).publicKey());
        assertEquals(line, Ssh2PublicKeyFile.read(Files.readString(ours)));
    }

    @Test
    void longCommentsAreContinuedWithinSeventyTwoBytes() throws Exception {
        PublicKeyLine line = PublicKeyLine.parse(Fixtures.publicLine("rsa3072"));
        String comment = "ünïcödé " + "x".repeat(150) + " end";
        String text = Ssh2PublicKeyFile.write(new PublicKeyLine(line.keyType(), line.blob(), comment));
        for (String row : text.split("\n")) {
            assertTrue(row.getBytes(StandardCharsets.UTF_8).length <= 72, row);
        }
        assertTrue(text.contains("\\\n"), text);
        assertEquals(comment, Ssh2PublicKeyFile.read(text).comment());
        assertEquals("\"" + comment + "\"", Ssh2PublicKeyFile.readHeaders(text).get("Comment"));
        SshKeygen.assumeInstalled();
        Path file = Files.writeString(directory.resolve("long.rfc4716"), text);
        assertEquals(line.publicKey(), PublicKeyLine.parse(SshKeygen.run("-i", "-f", file.toString()).strip()).publicKey());
    }

    @Test
    void headersAreCaseInsensitiveAndOthersAreKept() throws GeneralSecurityException {
        String base64 = Fixtures.publicLine("ed25519").split(" ")[1];
        String text = "---- BEGIN SSH2 PUBLIC KEY ----\r\nSubject: me\r\nx-Private: a\\\r\n b\r\ncomment: plain\r\n"
                + base64.substring(0, 20) + "\r\n" + base64.substring(20) + "\r\n---- END SSH2 PUBLIC KEY ----\r\n";
        PublicKeyLine line = Ssh2PublicKeyFile.read(text);
        assertEquals("plain", line.comment());
        assertEquals(PublicKeyLine.parse(Fixtures.publicLine("ed25519")).publicKey(), line.publicKey());
        assertEquals(List.of("Subject", "x-Private", "comment"), List.copyOf(Ssh2PublicKeyFile.readHeaders(text).keySet()));
        assertEquals("a b", Ssh2PublicKeyFile.readHeaders(text).get("x-Private"));
    }

    @Test
    void damagedFilesAreRefused() {
        String good = Ssh2PublicKeyFile.write(PublicKeyLineTestKeys.ed25519());
        assertThrows(InvalidKeySpecException.class, () -> Ssh2PublicKeyFile.read(good.replace("---- END SSH2 PUBLIC KEY ----", "")));
        assertThrows(InvalidKeySpecException.class, () -> Ssh2PublicKeyFile.read(good.replace("---- BEGIN", "--- BEGIN")));
        assertThrows(InvalidKeySpecException.class, () -> Ssh2PublicKeyFile.read(good.replace("AAAA", "AA!A")));
        assertThrows(InvalidKeySpecException.class,
                () -> Ssh2PublicKeyFile.read("---- BEGIN SSH2 PUBLIC KEY ----\n---- END SSH2 PUBLIC KEY ----\n"));
    }

    /** The ed25519 fixture as a line, for tests that need any key. */
    private static final class PublicKeyLineTestKeys {
        static PublicKeyLine ed25519() {
            try {
                return PublicKeyLine.parse(Fixtures.publicLine("ed25519"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
