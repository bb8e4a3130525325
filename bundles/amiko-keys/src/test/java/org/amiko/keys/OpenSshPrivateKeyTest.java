// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.List;
import org.amiko.spi.wire.WireReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** OpenSSH v1 private keys: ssh-keygen's files in, files ssh-keygen reads out. */
class OpenSshPrivateKeyTest {
    static final List<String> OPENSSH_KEYS = Fixtures.OPENSSH_KEYS;
    static final List<String> KEY_TYPES = List.of("ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
            "ecdsa-sha2-nistp521", "ssh-rsa");

    @TempDir
    Path directory;

    @ParameterizedTest
    @FieldSource("OPENSSH_KEYS")
    void readsSshKeygenKeysWhosePublicHalfIsThePubFile(String fixture) throws GeneralSecurityException {
        KeyPair pair = OpenSshPrivateKey.read(Fixtures.privateKey(fixture), null);
        PublicKey expected = PublicKeyLine.parse(Fixtures.publicLine(fixture)).publicKey();
        assertEquals(expected, pair.getPublic());
        assertSignsFor(pair.getPrivate(), expected);
    }

    /** Proves a private key is usable and belongs to {@code publicKey} by a JDK signature. */
    static void assertSignsFor(PrivateKey privateKey, PublicKey publicKey) throws GeneralSecurityException {
        String algorithm;
        switch (PublicKeyBlob.keyType(publicKey)) {
            case "ssh-ed25519":
                algorithm = "Ed25519";
                break;
            case "ssh-rsa":
                algorithm = "SHA256withRSA";
                break;
            default:
                algorithm = "SHA256withECDSA";
        }
        byte[] data = "amiko".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(privateKey);
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(publicKey);
        verifier.update(data);
        assertTrue(verifier.verify(signature), algorithm + " signature did not verify");
    }

    @ParameterizedTest
    @FieldSource("OPENSSH_KEYS")
    void writesTheSameBytesAsSshKeygenApartFromTheCheckInts(String fixture) throws IOException, GeneralSecurityException {
        String original = Fixtures.privateKey(fixture);
        KeyPair pair = OpenSshPrivateKey.read(original, null);
        String written = OpenSshPrivateKey.write(pair, "amiko fixture " + fixture);
        byte[] theirs = PemBlock.parse(original, "OPENSSH PRIVATE KEY").data();
        byte[] ours = PemBlock.parse(written, "OPENSSH PRIVATE KEY").data();
        assertEquals(theirs.length, ours.length);
        int checkInts = checkIntOffset(theirs);
        System.arraycopy(theirs, checkInts, ours, checkInts, 8);
        assertArrayEquals(theirs, ours);
        assertEquals(original.replace("\r\n", "\n").length(), written.length());
    }

    /** Offset of the first check int: after the magic, three strings, N, the public key and a length. */
    static int checkIntOffset(byte[] file) throws IOException {
        WireReader in = new WireReader(file);
        in.skip(15);
        in.readString();
        in.readString();
        in.readString();
        in.readUint32();
        in.readString();
        in.readUint32();
        return in.position();
    }

    @ParameterizedTest
    @FieldSource("KEY_TYPES")
    void writtenKeysReadBackAndHaveSshKeygensLayout(String type) throws IOException, GeneralSecurityException {
        KeyPair pair = KeyPairs.generate(type);
        String text = OpenSshPrivateKey.write(pair, "me@example");
        KeyPair read = OpenSshPrivateKey.read(text, null);
        assertEquals(pair.getPublic(), read.getPublic());
        assertArrayEquals(pair.getPrivate().getEncoded(), read.getPrivate().getEncoded());

        String[] lines = text.split("\n");
        assertEquals("-----BEGIN OPENSSH PRIVATE KEY-----", lines[0]);
        assertEquals("-----END OPENSSH PRIVATE KEY-----", lines[lines.length - 1]);
        assertTrue(text.endsWith("-----\n"));
        for (int i = 1; i < lines.length - 2; i++) {
            assertEquals(70, lines[i].length(), "line " + i);
        }
        assertTrue(lines[lines.length - 2].length() <= 70);

        byte[] data = PemBlock.parse(text, "OPENSSH PRIVATE KEY").data();
        WireReader in = new WireReader(data);
        assertArrayEquals("openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII), in.readBytes(15));
        assertEquals("none", in.readUtf8());
        assertEquals("none", in.readUtf8());
        assertEquals(0, in.readString().length);
        assertEquals(1, in.readUint32());
        assertArrayEquals(PublicKeyBlob.encode(pair.getPublic()), in.readString());
        byte[] section = in.readString();
        assertTrue(in.isEmpty());
        assertEquals(0, section.length % 8);
        WireReader inner = new WireReader(section);
        assertEquals(inner.readUint32(), inner.readUint32());
        assertEquals(type, inner.readUtf8());
    }

    @Test
    void checkIntsDifferBetweenWrites() throws GeneralSecurityException, IOException {
        KeyPair pair = KeyPairs.generate("ssh-ed25519");
        byte[] first = PemBlock.parse(OpenSshPrivateKey.write(pair, ""), "OPENSSH PRIVATE KEY").data();
        byte[] second = PemBlock.parse(OpenSshPrivateKey.write(pair, ""), "OPENSSH PRIVATE KEY").data();
        int offset = checkIntOffset(first);
        // Two random 32-bit values collide once in four billion runs.
        assertTrue(!Arrays.equals(first, offset, offset + 4, second, offset, offset + 4));
    }

    @ParameterizedTest
    @FieldSource("KEY_TYPES")
    void sshKeygenReadsWhatWeWrite(String type) throws Exception {
        SshKeygen.assumeInstalled();
        KeyPair pair = KeyPairs.generate(type);
        Path file = directory.resolve("id_test");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, OpenSshPrivateKey.write(pair, "written by amiko"), StandardCharsets.US_ASCII);
        String printed = SshKeygen.run("-y", "-f", file.toString()).strip();
        PublicKeyLine line = PublicKeyLine.parse(printed);
        assertEquals(pair.getPublic(), line.publicKey());
        assertEquals(PublicKeyLine.of(pair.getPublic(), "written by amiko"), line);
    }

    @Test
    void commentSurvivesAndAnyTextIsAllowed() throws Exception {
        SshKeygen.assumeInstalled();
        KeyPair pair = KeyPairs.generate("ssh-ed25519");
        Path file = directory.resolve("id_comment");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, OpenSshPrivateKey.write(pair, "Zoë's key, 2026"), StandardCharsets.US_ASCII);
        // ssh-keygen -l on a private key prints the comment stored inside it.
        String printed = SshKeygen.run("-l", "-f", file.toString());
        assertTrue(printed.contains(Fingerprint.sha256(pair.getPublic())), printed);
        assertTrue(printed.contains("Zo"), printed);
    }
}
