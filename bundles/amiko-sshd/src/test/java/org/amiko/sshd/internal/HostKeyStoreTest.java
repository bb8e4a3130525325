// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.List;
import org.amiko.jca.signature.SshEd25519;
import org.amiko.keys.CertificateBuilder;
import org.amiko.keys.KeyPairs;
import org.amiko.keys.OpenSshCertificate;
import org.amiko.keys.PublicKeyLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host keys made once and kept, and the host certificates placed beside them. */
class HostKeyStoreTest {
    @TempDir
    Path directory;

    private void certify(String keyFile, PublicKey key, OpenSshCertificate.Kind kind) throws Exception {
        KeyPair authority = KeyPairs.generate("ssh-ed25519");
        SshEd25519 signer = new SshEd25519();
        OpenSshCertificate certificate = CertificateBuilder.of(kind, key).principals(List.of("localhost"))
                .sign(authority.getPublic(), data -> signer.sign(authority.getPrivate(), data, new SecureRandom()),
                        new SecureRandom());
        Files.writeString(directory.resolve(keyFile + "-cert.pub"), PublicKeyLine.of(certificate, "").format() + "\n");
    }

    @Test
    void keysAreMadeOnceAndAHostCertificateBesideOneIsOfferedAfterThem() throws Exception {
        List<KeyPair> made = HostKeyStore.loadOrCreate(directory);
        assertEquals(3, made.size());
        List<KeyPair> again = HostKeyStore.loadOrCreate(directory);
        for (int i = 0; i < 3; i++) {
            assertEquals(made.get(i).getPublic(), again.get(i).getPublic());
        }

        certify("ssh_host_ed25519_key", made.get(0).getPublic(), OpenSshCertificate.Kind.HOST);
        List<KeyPair> withCertificate = HostKeyStore.loadOrCreate(directory);
        assertEquals(4, withCertificate.size());
        OpenSshCertificate certificate = assertInstanceOf(OpenSshCertificate.class, withCertificate.get(3).getPublic());
        assertEquals(made.get(0).getPublic(), certificate.key());
        assertEquals(made.get(0).getPrivate(), withCertificate.get(3).getPrivate());
    }

    @Test
    void aCertificateOfAnotherKeyOrKindIsLeftOut() throws Exception {
        List<KeyPair> made = HostKeyStore.loadOrCreate(directory);
        certify("ssh_host_ed25519_key", made.get(1).getPublic(), OpenSshCertificate.Kind.HOST);
        certify("ssh_host_ecdsa_key", made.get(1).getPublic(), OpenSshCertificate.Kind.USER);
        Files.writeString(directory.resolve("ssh_host_rsa_key-cert.pub"), "garbage\n");
        assertEquals(3, HostKeyStore.loadOrCreate(directory).size());
    }
}
