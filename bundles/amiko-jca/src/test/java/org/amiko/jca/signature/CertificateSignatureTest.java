// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.amiko.keys.CertificateBuilder;
import org.amiko.keys.OpenSshCertificate;
import org.amiko.keys.PublicKeyLine;
import org.junit.jupiter.api.Test;

/**
 * Certificates read off the wire (OpenSSH PROTOCOL.certkeys): ssh-keygen's own, and refusals of
 * any whose authority's signature does not hold or was made with SHA-1.
 */
class CertificateSignatureTest {

    private static List<String> vectors() throws IOException {
        try (InputStream in = CertificateSignatureTest.class.getResourceAsStream("/vectors/openssh-certificates.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().filter(l -> !l.startsWith("#"))
                    .toList();
        }
    }

    @Test
    void sshKeygensUserCertificateIsReadWithEveryField() throws Exception {
        List<String> lines = vectors();
        byte[] blob = PublicKeyLine.parse(lines.get(0)).blob();
        OpenSshCertificate certificate = (OpenSshCertificate) new EcdsaSha2Nistp256Cert().decodePublicKey(blob);
        assertEquals(OpenSshCertificate.Kind.USER, certificate.kind());
        assertEquals("alice@example", certificate.keyId());
        assertEquals(42, certificate.serial());
        assertEquals(List.of("alice", "bob"), certificate.principals());
        assertEquals(Map.of("source-address", "127.0.0.1/32"), certificate.criticalOptions());
        assertEquals(CertificateBuilder.DEFAULT_USER_EXTENSIONS.stream().sorted().toList(),
                List.copyOf(certificate.extensions().keySet()));
        assertEquals(PublicKeyLine.parse(lines.get(1)).publicKey(), certificate.signatureKey());
        assertEquals(Instant.parse("2099-01-01T00:00:00Z"), certificate.validBefore());
        assertEquals(null, certificate.checkValid(OpenSshCertificate.Kind.USER, "bob", Instant.parse("2030-01-01T00:00:00Z")));
        assertEquals("certificate expired",
                certificate.checkValid(OpenSshCertificate.Kind.USER, "bob", Instant.parse("2099-01-01T00:00:00Z")));
        assertTrue(certificate.checkValid(OpenSshCertificate.Kind.HOST, "bob", Instant.parse("2030-01-01T00:00:00Z"))
                .contains("host certificate is needed"));
        assertTrue(certificate.checkValid(OpenSshCertificate.Kind.USER, "carol", Instant.parse("2030-01-01T00:00:00Z"))
                .contains("not valid for carol"));
    }

    @Test
    void sshKeygensHostCertificateSignedRsaSha512Verifies() throws Exception {
        byte[] blob = PublicKeyLine.parse(vectors().get(2)).blob();
        OpenSshCertificate certificate = (OpenSshCertificate) new SshEd25519Cert().decodePublicKey(blob);
        assertEquals(OpenSshCertificate.Kind.HOST, certificate.kind());
        assertEquals(Instant.MAX, certificate.validBefore());
        assertEquals(List.of("localhost"), certificate.principals());
    }

    @Test
    void aCertificateWhoseSignatureDoesNotHoldIsRefused() throws Exception {
        byte[] blob = PublicKeyLine.parse(vectors().get(0)).blob();
        byte[] tampered = blob.clone();
        int keyId = new String(blob, StandardCharsets.ISO_8859_1).indexOf("alice@example");
        tampered[keyId] ^= 1; // the key id is signed as every field is
        GeneralSecurityException refused = assertThrows(GeneralSecurityException.class,
                () -> new EcdsaSha2Nistp256Cert().decodePublicKey(tampered));
        assertTrue(refused.getMessage().contains("signature"), refused.getMessage());
    }

    @Test
    void anAuthoritySignatureMadeWithSha1IsRefused() throws Exception {
        KeyPair authority = TestKeys.rsa2048();
        KeyPair user = TestKeys.ed25519();
        // ssh-rsa signs nothing here, so the SHA-1 signature is made by hand, as an old CA would
        java.security.Signature sha1 = java.security.Signature.getInstance("SHA1withRSA");
        OpenSshCertificate certificate = CertificateBuilder.of(OpenSshCertificate.Kind.USER, user.getPublic())
                .principals(List.of("alice")).sign(authority.getPublic(), data -> {
                    sha1.initSign(authority.getPrivate());
                    sha1.update(data);
                    return new org.amiko.spi.wire.WireWriter(300).writeString("ssh-rsa").writeString(sha1.sign())
                            .toByteArray();
                }, new SecureRandom());
        assertThrows(GeneralSecurityException.class, () -> new SshEd25519Cert().decodePublicKey(certificate.getEncoded()));
    }

    @Test
    void aCertificateIsNeverTakenForItsPlainKey() throws Exception {
        KeyPair pair = TestCertificates.certified(TestKeys.ed25519());
        assertFalse(new SshEd25519().supports(pair.getPublic()));
        assertFalse(new EcdsaSha2Nistp256Cert().supports(pair.getPublic()));
        assertTrue(new SshEd25519Cert().supports(pair.getPublic()));
    }
}
