// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Host certificates against known_hosts' {@code @cert-authority} and {@code @revoked} lines, as ssh judges them. */
class HostCertificateTest {
    private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
    private final TestAuthority ca = new TestAuthority();
    private final KeyPair authority = ca.keys;
    private final KeyPair host = TestAuthority.ed25519();

    private OpenSshCertificate certificate(OpenSshCertificate.Kind kind, String... principals) throws Exception {
        return ca.issue(CertificateBuilder.of(kind, host.getPublic()).principals(List.of(principals))
                .validity(NOW.minusSeconds(60), NOW.plusSeconds(60)));
    }

    private KnownHosts file(String text) {
        return KnownHosts.parse(text);
    }

    private String line(String prefix, java.security.PublicKey key) throws Exception {
        return prefix + " " + PublicKeyLine.of(key, "k").format() + "\n";
    }

    @Test
    void anAuthorityOnFileVouchesForItsValidHostCertificates() throws Exception {
        KnownHosts known = file(line("@cert-authority *.example.org", authority.getPublic()));
        OpenSshCertificate valid = certificate(OpenSshCertificate.Kind.HOST, "db.example.org");
        assertEquals(HostKeyStatus.TRUSTED, known.matchCertificate("db.example.org", 22, valid, NOW));
        assertEquals(HostKeyStatus.CERTIFICATE_INVALID, known.matchCertificate("www.example.org", 22, valid, NOW),
                "not a principal");
        assertEquals(HostKeyStatus.CERTIFICATE_INVALID,
                known.matchCertificate("db.example.org", 22, valid, NOW.plusSeconds(3600)), "expired");
        assertEquals(HostKeyStatus.CERTIFICATE_INVALID, known.matchCertificate("db.example.org", 22,
                certificate(OpenSshCertificate.Kind.USER, "db.example.org"), NOW), "a user certificate");
        OpenSshCertificate forced = ca.issue(CertificateBuilder.of(OpenSshCertificate.Kind.HOST, host.getPublic())
                .principals(List.of("db.example.org")).criticalOption("force-command", "true")
                .validity(NOW.minusSeconds(60), NOW.plusSeconds(60)));
        assertEquals(HostKeyStatus.CERTIFICATE_INVALID, known.matchCertificate("db.example.org", 22, forced, NOW),
                "ssh refuses host certificates with critical options");
        assertEquals(HostKeyStatus.TRUSTED, known.matchCertificate("db.example.org", 22,
                certificate(OpenSshCertificate.Kind.HOST), NOW), "no principals: valid for any host, as ssh reads it");
    }

    @Test
    void withoutItsAuthorityTheCertifiedKeyIsJudgedAsAPlainKey() throws Exception {
        OpenSshCertificate cert = certificate(OpenSshCertificate.Kind.HOST, "db.example.org");
        assertEquals(HostKeyStatus.TRUSTED,
                file(line("db.example.org", host.getPublic())).matchCertificate("db.example.org", 22, cert, NOW));
        assertEquals(HostKeyStatus.UNKNOWN, file("").matchCertificate("db.example.org", 22, cert, NOW));
        assertEquals(HostKeyStatus.CHANGED,
                file(line("db.example.org", TestAuthority.ed25519().getPublic())).matchCertificate("db.example.org", 22, cert, NOW));
    }

    @Test
    void aRevokedAuthorityOrKeyIsRefusedWhateverElseVouches() throws Exception {
        OpenSshCertificate cert = certificate(OpenSshCertificate.Kind.HOST, "db.example.org");
        String trustedAuthority = line("@cert-authority *", authority.getPublic());
        assertEquals(HostKeyStatus.REVOKED, file(trustedAuthority + line("@revoked *", authority.getPublic()))
                .matchCertificate("db.example.org", 22, cert, NOW));
        assertEquals(HostKeyStatus.REVOKED, file(trustedAuthority + line("@revoked *", host.getPublic()))
                .matchCertificate("db.example.org", 22, cert, NOW));
    }

    @Test
    void theVerifierLearnsThePlainKeyOfAnUnknownAuthoritysCertificate() throws Exception {
        KnownHosts known = file("");
        OpenSshCertificate cert = ca.issue(CertificateBuilder.of(OpenSshCertificate.Kind.HOST, host.getPublic())
                .principals(List.of("127.0.0.1")));
        assertTrue(KnownHostsVerifier.autoAdd(known).isTrusted(new InetSocketAddress("127.0.0.1", 2222),
                cert.certificateType(), cert));
        assertEquals(List.of(host.getPublic()), known.keysFor("127.0.0.1", 2222));
        assertFalse(KnownHostsVerifier.reject(file(line("@cert-authority 127.0.0.1", authority.getPublic())
                + line("@revoked *", host.getPublic()))).isTrusted(new InetSocketAddress("127.0.0.1", 22),
                cert.certificateType(), cert));
    }

    @Test
    void acrossConsultedFilesAPlainKeyOnFileOutweighsAnExpiredCertificate() throws Exception {
        // the authority in the global file, the plain key in the user's: as if both lines were in one
        // file, ssh trusts the plain key when the certificate has expired
        OpenSshCertificate expired = ca.issue(CertificateBuilder.of(OpenSshCertificate.Kind.HOST, host.getPublic())
                .principals(List.of("127.0.0.1")).validity(Instant.parse("2001-01-01T00:00:00Z"),
                        Instant.parse("2001-01-02T00:00:00Z")));
        KnownHosts global = file(line("@cert-authority 127.0.0.1", authority.getPublic()));
        KnownHosts mine = file(line("127.0.0.1", host.getPublic()));
        InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 22);
        assertTrue(KnownHostsVerifier.reject(mine).withConsulted(List.of(global)).isTrusted(peer,
                expired.certificateType(), expired), "authority in the consulted file");
        assertTrue(KnownHostsVerifier.reject(global).withConsulted(List.of(mine)).isTrusted(peer,
                expired.certificateType(), expired), "authority in the main file");
        assertFalse(KnownHostsVerifier.reject(file("")).withConsulted(List.of(global)).isTrusted(peer,
                expired.certificateType(), expired), "no plain key on file: the expired certificate is refused");
    }

    @Test
    void theVerifierNamesTheKeyTypesOnFileForTheHostSoTheClientOffersThemFirst() throws Exception {
        KeyPair ecdsa = KeyPairs.generate("ecdsa-sha2-nistp256");
        KnownHostsVerifier verifier = KnownHostsVerifier.reject(file(line("[127.0.0.1]:2222", ecdsa.getPublic())
                + line("@cert-authority [127.0.0.1]:2222", authority.getPublic())));
        List<String> types = verifier.knownKeyTypes(new InetSocketAddress("127.0.0.1", 2222));
        assertTrue(types.containsAll(List.of("ecdsa-sha2-nistp256", "ssh-ed25519-cert-v01@openssh.com",
                "ssh-rsa-cert-v01@openssh.com")), types.toString());
        assertFalse(types.contains("ssh-ed25519"));
        assertEquals(List.of(), verifier.knownKeyTypes(new InetSocketAddress("127.0.0.1", 22)));
    }
}
