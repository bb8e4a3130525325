// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import org.amiko.AuthenticationException;
import org.amiko.Transport;
import org.amiko.jca.signature.SshEd25519;
import org.amiko.keys.AuthorizedKeys;
import org.amiko.keys.CertificateBuilder;
import org.amiko.keys.OpenSshCertificate;
import org.amiko.keys.PublicKeyLine;
import org.amiko.keys.RevokedKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The appliance's {@code revokedKeys} (sshd's RevokedKeys): a listed key is refused though
 * authorized_keys names it, a certificate also by its authority's serial, edits apply to the next
 * login, and a revocation file that cannot be read lets no key in while passwords still work.
 */
@Timeout(60)
class ApplianceRevokedKeysTest {
    private final ApplianceFixture appliance = new ApplianceFixture();
    private final KeyPair kept = ApplianceFixture.generate();
    private final KeyPair revoked = ApplianceFixture.generate();
    private final KeyPair authority = ApplianceFixture.generate();

    @TempDir
    Path directory;

    @AfterEach
    void stop() {
        appliance.close();
    }

    private Transport client(Path revokedFile) throws Exception {
        AuthorizedKeys keys = AuthorizedKeys.parse(line(kept) + "\n" + line(revoked) + "\ncert-authority " + line(authority));
        Path users = directory.resolve("users.properties");
        PasswordFile.setPassword(users, "admin", "secret", new SecureRandom());
        PasswordFile passwords = PasswordFile.load(users);
        return appliance.serve(keys, KeyFiles.readEachTime(revokedFile), passwords, appliance.os,
                ForwardingSettings.OFF);
    }

    private static String line(KeyPair key) throws Exception {
        return PublicKeyLine.of(key.getPublic(), "k").format();
    }

    private KeyPair certified(long serial) throws Exception {
        SshEd25519 signer = new SshEd25519();
        OpenSshCertificate certificate = CertificateBuilder.of(OpenSshCertificate.Kind.USER, kept.getPublic())
                .principals(List.of("admin")).serial(serial).keyId("ops")
                .sign(authority.getPublic(), data -> signer.sign(authority.getPrivate(), data, new SecureRandom()),
                        new SecureRandom());
        return new KeyPair(certificate, kept.getPrivate());
    }

    @Test
    void aListedKeyIsRefusedAndEditsApplyToTheNextLogin() throws Exception {
        Path file = directory.resolve("revoked_keys");
        Files.writeString(file, "# revoked\n" + line(revoked) + "\n", StandardCharsets.US_ASCII);
        try (Transport client = client(file)) {
            assertThrows(AuthenticationException.class, () -> client.authPublickey("admin", revoked));
            assertEquals(List.of(), client.authPublickey("admin", kept));
        }
        // the same size, and the same time stamp: read again all the same
        FileTime stamp = Files.getLastModifiedTime(file);
        Files.writeString(file, "# revoked\n" + line(kept) + "\n", StandardCharsets.US_ASCII);
        Files.setLastModifiedTime(file, stamp);
        try (Transport client = appliance.connect()) {
            assertThrows(AuthenticationException.class, () -> client.authPublickey("admin", kept));
            assertEquals(List.of(), client.authPublickey("admin", revoked));
        }
    }

    /** A KRL from ssh-keygen -k revoking serial 7 of the authority: serial 8 still logs in. */
    @Test
    void aCertificateIsRefusedByItsSerialInAKrl() throws Exception {
        Path ca = directory.resolve("ca.pub");
        Files.writeString(ca, line(authority) + "\n", StandardCharsets.US_ASCII);
        Path spec = directory.resolve("spec");
        Files.writeString(spec, "serial: 7\n", StandardCharsets.US_ASCII);
        Path krl = directory.resolve("revoked.krl");
        Process keygen = new ProcessBuilder("ssh-keygen", "-k", "-f", krl.toString(), "-s", ca.toString(),
                spec.toString()).redirectErrorStream(true).start();
        String output = new String(keygen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, keygen.waitFor(), output);
        try (Transport client = client(krl)) {
            assertThrows(AuthenticationException.class, () -> client.authPublickey("admin", certified(7)));
            assertEquals(List.of(), client.authPublickey("admin", certified(8)));
        }
    }

    @Test
    void anUnreadableRevocationFileLetsNoKeyInButPasswordsStillWork() throws Exception {
        try (Transport client = client(directory.resolve("missing"))) {
            assertThrows(AuthenticationException.class, () -> client.authPublickey("admin", kept));
            assertEquals(List.of(), client.authPassword("admin", "secret"));
        }
    }
}
