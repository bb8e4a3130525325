// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.UnrecoverableKeyException;
import java.util.List;
import org.amiko.spi.wire.WireReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Encrypted OpenSSH v1 keys we write, as ssh-keygen -N writes them, and comments kept on reading. */
class EncryptedOpenSshWriteTest {
    static final List<String> KEY_TYPES = OpenSshPrivateKeyTest.KEY_TYPES;

    @TempDir
    Path directory;

    @ParameterizedTest
    @FieldSource("KEY_TYPES")
    void sshKeygenDecryptsWhatWeEncrypt(String type) throws Exception {
        KeyPair pair = Fixtures.generated(type);
        Path file = directory.resolve("id_encrypted");
        // Two bcrypt rounds keep this quick; the layout test below writes with the default sixteen.
        KeyFiles.writeOpenSsh(file, pair, "", null);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Files.writeString(file, OpenSshPrivateKey.write(pair, "encrypted by amiko", "pässphrase".toCharArray(),
                OpenSshKeyEncryption.AES256_CTR, 2));
        KeyFile read = KeyFiles.loadWithComment(file, "pässphrase".toCharArray());
        assertEquals(pair.getPublic(), read.pair().getPublic());
        assertArrayEquals(pair.getPrivate().getEncoded(), read.pair().getPrivate().getEncoded());
        assertEquals("encrypted by amiko", read.comment());
        UnrecoverableKeyException wrong = assertThrows(UnrecoverableKeyException.class,
                () -> KeyFiles.load(file, "passphrase".toCharArray()));
        assertTrue(wrong.getMessage().contains("wrong passphrase"), wrong.getMessage());

        SshKeygen.assumeInstalled();
        String printed = SshKeygen.run("-y", "-P", "pässphrase", "-f", file.toString()).strip();
        assertEquals(PublicKeyLine.of(pair.getPublic(), "encrypted by amiko"), PublicKeyLine.parse(printed));
    }

    @Test
    void layoutIsSshKeygensAes256CtrWithBcryptSixteenRounds() throws Exception {
        KeyPair pair = KeyPairs.generate("ssh-ed25519");
        String text = OpenSshPrivateKey.write(pair, "", "x".toCharArray());
        WireReader in = new WireReader(PemBlock.parse(text, OpenSshPrivateKey.LABEL).data());
        in.skip(15);
        assertEquals("aes256-ctr", in.readUtf8());
        assertEquals("bcrypt", in.readUtf8());
        WireReader options = new WireReader(in.readString());
        assertEquals(16, options.readString().length);
        assertEquals(16, options.readUint32());
        assertEquals(1, in.readUint32());
        assertArrayEquals(PublicKeyBlob.encode(pair.getPublic()), in.readString());
        assertEquals(0, in.readString().length % 16);
        assertTrue(in.isEmpty());

        SshKeygen.assumeInstalled();
        Path file = directory.resolve("id_default");
        KeyFiles.writeOpenSsh(file, pair, "sixteen rounds", "x".toCharArray());
        assertEquals(PublicKeyLine.of(pair.getPublic(), "sixteen rounds"),
                PublicKeyLine.parse(SshKeygen.run("-y", "-P", "x", "-f", file.toString())));
    }

    @Test
    void gcmKeysCarryTheirTagAfterTheSectionAndSshKeygenReadsThem() throws Exception {
        KeyPair pair = KeyPairs.generate("ecdsa-sha2-nistp256");
        String text = OpenSshPrivateKey.write(pair, "gcm", "x".toCharArray(), OpenSshKeyEncryption.AES256_GCM, 2);
        assertEquals("gcm", OpenSshPrivateKey.readWithComment(text, "x".toCharArray()).comment());
        assertThrows(UnrecoverableKeyException.class, () -> OpenSshPrivateKey.read(text, "y".toCharArray()));
        SshKeygen.assumeInstalled();
        Path file = directory.resolve("id_gcm");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        assertEquals(pair.getPublic(), PublicKeyLine.parse(SshKeygen.run("-y", "-P", "x", "-f", file.toString())).publicKey());
    }

    @Test
    void fixtureCommentsAreRead() throws GeneralSecurityException {
        for (String fixture : Fixtures.OPENSSH_KEYS) {
            assertEquals("amiko fixture " + fixture, OpenSshPrivateKey.readWithComment(Fixtures.privateKey(fixture), null).comment());
        }
        KeyFile encrypted = KeyFiles.parseWithComment(Fixtures.privateKey("ed25519-encrypted"), Fixtures.PASSPHRASE.toCharArray());
        assertEquals("amiko fixture ed25519-encrypted", encrypted.comment());
        assertEquals("", KeyFiles.parseWithComment(Fixtures.privateKey("rsa3072-pem"), null).comment());
        assertTrue(encrypted.toString().contains(Fingerprint.sha256(encrypted.pair().getPublic())));
    }
}
