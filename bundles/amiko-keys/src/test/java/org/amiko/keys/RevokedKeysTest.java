// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.amiko.spi.wire.WireWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sshd's RevokedKeys file in both its forms: key revocation lists as OpenSSH's own ssh-keygen -k
 * writes them (each section type it emits: explicit keys, SHA-1 and SHA-256 hashes, certificate
 * serial bitmaps and key IDs), hand-built ones for what ssh-keygen does not write, and text lists.
 */
class RevokedKeysTest {
    @TempDir
    Path directory;

    private final TestAuthority authority = new TestAuthority();

    private Path publicKeyFile(String name, PublicKey key) throws IOException, GeneralSecurityException {
        Path file = directory.resolve(name + ".pub");
        Files.writeString(file, PublicKeyLine.of(key, name).format() + "\n", StandardCharsets.US_ASCII);
        return file;
    }

    /** ssh-keygen -k over a specification file (ssh-keygen(1) KEY REVOCATION LISTS). */
    private RevokedKeys sshKeygenKrl(String specification, String... options) throws Exception {
        SshKeygen.assumeInstalled();
        Path spec = directory.resolve("spec");
        Files.writeString(spec, specification, StandardCharsets.US_ASCII);
        Path krl = directory.resolve("krl");
        Files.deleteIfExists(krl);
        List<String> arguments = new ArrayList<>(List.of("-k", "-f", krl.toString()));
        arguments.addAll(List.of(options));
        arguments.add(spec.toString());
        SshKeygen.run(arguments.toArray(String[]::new));
        return RevokedKeys.load(krl);
    }

    private OpenSshCertificate certificate(TestAuthority by, PublicKey key, long serial, String keyId)
            throws GeneralSecurityException {
        return by.issue(CertificateBuilder.of(OpenSshCertificate.Kind.USER, key).serial(serial).keyId(keyId)
                .principals(List.of("alice")));
    }

    private static String line(PublicKey key) throws GeneralSecurityException {
        return PublicKeyLine.of(key, "k").format();
    }

    @Test
    void plainKeysByBlobAndByEitherHash() throws Exception {
        KeyPair byHash = KeyPairs.generate("ssh-ed25519");
        KeyPair bySha1 = KeyPairs.generate("ecdsa-sha2-nistp256");
        KeyPair byBlob = KeyPairs.generate("ssh-rsa");
        KeyPair kept = KeyPairs.generate("ssh-ed25519");
        RevokedKeys revoked = sshKeygenKrl("hash: " + Fingerprint.sha256(byHash.getPublic()) + "\nsha1: "
                + line(bySha1.getPublic()) + "\nkey: " + line(byBlob.getPublic()) + "\n");
        assertTrue(revoked.isRevoked(byHash.getPublic()));
        assertTrue(revoked.isRevoked(bySha1.getPublic()));
        assertTrue(revoked.isRevoked(byBlob.getPublic()));
        assertFalse(revoked.isRevoked(kept.getPublic()));
        // a certificate is judged by its key too, whoever signed it
        assertTrue(revoked.isRevoked(certificate(authority, byHash.getPublic(), 9, "a")));
        assertFalse(revoked.isRevoked(certificate(authority, kept.getPublic(), 9, "a")));
    }

    @Test
    void certificatesBySerialAndKeyIdOfTheirAuthority() throws Exception {
        Path ca = publicKeyFile("ca", authority.keys.getPublic());
        // ssh-keygen packs these serials into bitmaps, the section it prefers for them
        RevokedKeys revoked = sshKeygenKrl("serial: 5\nserial: 10-20\nserial: 100\nserial: 102\nserial: 130\nid: bob\n",
                "-s", ca.toString());
        PublicKey user = KeyPairs.generate("ssh-ed25519").getPublic();
        for (long serial : new long[] {5, 10, 15, 20, 100, 102, 130}) {
            assertTrue(revoked.isRevoked(certificate(authority, user, serial, "alice")), "serial " + serial);
        }
        for (long serial : new long[] {4, 6, 9, 21, 99, 101, 129, 131, -1L}) {
            assertFalse(revoked.isRevoked(certificate(authority, user, serial, "alice")), "serial " + serial);
        }
        assertTrue(revoked.isRevoked(certificate(authority, user, 0, "bob")));
        assertFalse(revoked.isRevoked(certificate(authority, user, 0, "alice")), "serial 0 is never revoked by serial");
        TestAuthority other = new TestAuthority();
        assertFalse(revoked.isRevoked(certificate(other, user, 5, "bob")), "another authority's serial 5 and bob");
        assertFalse(revoked.isRevoked(user), "the plain key is not listed");
    }

    @Test
    void aRevokedAuthorityRevokesEveryCertificateItSigned() throws Exception {
        RevokedKeys revoked = sshKeygenKrl("key: " + line(authority.keys.getPublic()) + "\n");
        PublicKey user = KeyPairs.generate("ssh-ed25519").getPublic();
        assertTrue(revoked.isRevoked(certificate(authority, user, 1, "any")));
        assertFalse(revoked.isRevoked(certificate(new TestAuthority(), user, 1, "any")));
    }

    /**
     * Lists joined revoke what either does, every kind of entry: keys by blob, by SHA-256 and by
     * SHA-1, and certificates by their authority's serials and key ids; and either side may hold
     * each kind.
     */
    @Test
    void joinedListsRevokeWhatEitherDoes() throws Exception {
        KeyPair byBlob = KeyPairs.generate("ssh-ed25519");
        KeyPair byHash = KeyPairs.generate("ssh-ed25519");
        KeyPair bySha1 = KeyPairs.generate("ecdsa-sha2-nistp256");
        PublicKey neither = KeyPairs.generate("ssh-ed25519").getPublic();
        Path ca = publicKeyFile("ca", authority.keys.getPublic());
        RevokedKeys keys = RevokedKeys.parse((line(byBlob.getPublic()) + "\n").getBytes(StandardCharsets.US_ASCII));
        RevokedKeys hashes = sshKeygenKrl("hash: " + Fingerprint.sha256(byHash.getPublic()) + "\nsha1: "
                + line(bySha1.getPublic()) + "\n");
        RevokedKeys certificates = sshKeygenKrl("serial: 7\nid: mallory\n", "-s", ca.toString());
        for (RevokedKeys joined : List.of(keys.and(hashes).and(certificates), certificates.and(hashes.and(keys)))) {
            assertTrue(joined.isRevoked(byBlob.getPublic()));
            assertTrue(joined.isRevoked(byHash.getPublic()));
            assertTrue(joined.isRevoked(bySha1.getPublic()));
            assertTrue(joined.isRevoked(certificate(authority, neither, 7, "alice")), "by serial");
            assertTrue(joined.isRevoked(certificate(authority, neither, 8, "mallory")), "by key id");
            assertFalse(joined.isRevoked(certificate(authority, neither, 8, "alice")));
            assertFalse(joined.isRevoked(neither));
        }
        assertTrue(RevokedKeys.none().and(RevokedKeys.none()).isEmpty());
    }

    @Test
    void textListsRevokeKeysAndTheKeysOfListedCertificates() throws Exception {
        PublicKey listed = KeyPairs.generate("ssh-ed25519").getPublic();
        PublicKey certified = KeyPairs.generate("ecdsa-sha2-nistp384").getPublic();
        OpenSshCertificate listedCertificate = certificate(authority, certified, 3, "c");
        RevokedKeys revoked = RevokedKeys.parse(("# revoked\n\n" + line(listed) + "\r\n"
                + PublicKeyLine.of(listedCertificate, "cert").format() + "\n").getBytes(StandardCharsets.US_ASCII));
        assertTrue(revoked.isRevoked(listed));
        assertTrue(revoked.isRevoked(certified));
        assertTrue(revoked.isRevoked(certificate(authority, certified, 4, "another certificate of the key")));
        assertFalse(revoked.isRevoked(KeyPairs.generate("ssh-ed25519").getPublic()));
        assertTrue(RevokedKeys.parse("# nothing\n".getBytes(StandardCharsets.US_ASCII)).isEmpty());
    }

    @Test
    void aBadTextLineRefusesTheWholeListNamingTheLine() throws Exception {
        String text = line(KeyPairs.generate("ssh-ed25519").getPublic()) + "\nssh-ed25519 not-base64!\n";
        ParseException e = assertThrows(ParseException.class,
                () -> RevokedKeys.parse(text.getBytes(StandardCharsets.US_ASCII)));
        assertTrue(e.getMessage().startsWith("line 2:"), e.getMessage());
    }

    /** The header of a KRL (PROTOCOL.krl section 1) with no sections. */
    private static WireWriter header() {
        return new WireWriter(256).writeUint64(RevokedKeys.KRL_MAGIC).writeUint32(1).writeUint64(1).writeUint64(0)
                .writeUint64(0).writeString("").writeString("test");
    }

    private static byte[] section(int type, byte[] data) {
        return new WireWriter(16 + data.length).writeByte(type).writeString(data).toByteArray();
    }

    @Test
    void aKeyIdUnderTheWildcardAuthorityRevokesItFromAnyAuthority() throws Exception {
        byte[] keyIds = new WireWriter(64).writeString("mallory").toByteArray();
        byte[] certificates = new WireWriter(64).writeString(new byte[0]).writeString("")
                .writeBytes(section(0x23, keyIds)).toByteArray();
        // a non-critical extension, as the Bloom filters are, is passed over
        byte[] extension = new WireWriter(64).writeString("bloom-explicit-key").writeBoolean(false)
                .writeString(new byte[8]).toByteArray();
        RevokedKeys revoked = RevokedKeys.parse(header().writeBytes(section(255, extension))
                .writeBytes(section(1, certificates)).toByteArray());
        PublicKey user = KeyPairs.generate("ssh-ed25519").getPublic();
        assertTrue(revoked.isRevoked(certificate(authority, user, 1, "mallory")));
        assertTrue(revoked.isRevoked(certificate(new TestAuthority(), user, 0, "mallory")));
        assertFalse(revoked.isRevoked(certificate(authority, user, 1, "alice")));
    }

    @Test
    void whatCannotBeReadInFullIsRefused() throws Exception {
        byte[] empty = header().toByteArray();
        assertTrue(RevokedKeys.parse(empty).isEmpty());
        assertThrows(ParseException.class, () -> RevokedKeys.parse(Arrays.copyOf(empty, empty.length - 3)));
        byte[] signature = header().writeByte(4).writeString(new byte[10]).writeString(new byte[10]).toByteArray();
        ParseException signed = assertThrows(ParseException.class, () -> RevokedKeys.parse(signature));
        assertTrue(signed.getMessage().contains("signatures"), signed.getMessage());
        byte[] critical = new WireWriter(64).writeString("unknown@example.org").writeBoolean(true)
                .writeString(new byte[0]).toByteArray();
        assertThrows(ParseException.class, () -> RevokedKeys.parse(header().writeBytes(section(255, critical))
                .toByteArray()));
        assertThrows(ParseException.class, () -> RevokedKeys.parse(header().writeBytes(section(7, new byte[0]))
                .toByteArray()));
        byte[] shortHash = new WireWriter(16).writeString(new byte[31]).toByteArray();
        assertThrows(ParseException.class, () -> RevokedKeys.parse(header().writeBytes(section(5, shortHash))
                .toByteArray()));
        byte[] range = new WireWriter(16).writeUint64(9).writeUint64(3).toByteArray();
        byte[] backwards = new WireWriter(64).writeString(new byte[0]).writeString("").writeBytes(section(0x21, range))
                .toByteArray();
        assertThrows(ParseException.class, () -> RevokedKeys.parse(header().writeBytes(section(1, backwards))
                .toByteArray()));
        byte[] version2 = new WireWriter(16).writeUint64(RevokedKeys.KRL_MAGIC).writeUint32(2).toByteArray();
        assertThrows(ParseException.class, () -> RevokedKeys.parse(version2));
    }

    @Test
    void aMissingFileIsAnErrorNotAnEmptyList() {
        IOException e = assertThrows(IOException.class, () -> RevokedKeys.load(directory.resolve("absent")));
        assertInstanceOf(NoSuchFileException.class, e);
    }
}
