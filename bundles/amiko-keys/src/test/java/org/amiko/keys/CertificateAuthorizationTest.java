// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A user certificate under a {@code cert-authority} line, decided as sshd decides it. */
class CertificateAuthorizationTest {
    private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
    private static final InetAddress CLIENT = InetAddress.getLoopbackAddress();

    private final TestAuthority ca = new TestAuthority();
    private final KeyPair authority = ca.keys;
    private final KeyPair user = TestAuthority.ed25519();

    private OpenSshCertificate issue(CertificateBuilder builder) throws GeneralSecurityException {
        return ca.issue(builder);
    }

    private CertificateBuilder forUser(String... principals) {
        return CertificateBuilder.of(OpenSshCertificate.Kind.USER, user.getPublic()).principals(List.of(principals))
                .validity(NOW.minusSeconds(60), NOW.plusSeconds(60));
    }

    private AuthorizedKey line(String options) throws Exception {
        return AuthorizedKeys.parse(options + " " + PublicKeyLine.of(authority.getPublic(), "ca").format())
                .entries().get(0);
    }

    private KeyRestrictions check(String options, OpenSshCertificate certificate, String userName) throws Exception {
        return CertificateAuthorization.check(line(options), certificate, userName, CLIENT, NOW);
    }

    @Test
    void theUserMustBeAPrincipalUnlessTheLineNamesThem() throws Exception {
        OpenSshCertificate certificate = issue(forUser("alice", "ops"));
        assertTrue(check("cert-authority", certificate, "alice").pty());
        assertThrows(ParseException.class, () -> check("cert-authority", certificate, "mallory"));
        // principals= replaces the user name check: one of the certificate's principals must be listed
        check("cert-authority,principals=\"ops,dba\"", certificate, "anyone");
        assertThrows(ParseException.class, () -> check("cert-authority,principals=\"dba\"", certificate, "alice"));
        assertThrows(ParseException.class, () -> check("cert-authority", issue(forUser()), "alice"),
                "a certificate without principals");
    }

    @Test
    void validityKindAndAuthorityAreChecked() throws Exception {
        assertThrows(ParseException.class, () -> check("cert-authority",
                issue(forUser("alice").validity(NOW.plusSeconds(10), NOW.plusSeconds(100))), "alice"));
        assertThrows(ParseException.class, () -> check("cert-authority",
                issue(forUser("alice").validity(NOW.minusSeconds(100), NOW)), "alice"), "valid before is exclusive");
        assertThrows(ParseException.class, () -> check("cert-authority",
                issue(CertificateBuilder.of(OpenSshCertificate.Kind.HOST, user.getPublic()).principals(List.of("alice"))),
                "alice"));
        assertThrows(ParseException.class, () -> check("", issue(forUser("alice")), "alice"), "no cert-authority");
        OpenSshCertificate certificate = issue(forUser("alice"));
        AuthorizedKey otherAuthority = AuthorizedKeys.parse("cert-authority "
                + PublicKeyLine.of(user.getPublic(), "not the ca").format()).entries().get(0);
        assertThrows(ParseException.class, () -> CertificateAuthorization.check(otherAuthority, certificate, "alice",
                CLIENT, NOW));
    }

    @Test
    void criticalOptionsAreObeyedOrTheCertificateRefused() throws Exception {
        OpenSshCertificate forced = issue(forUser("alice").criticalOption("force-command", "uptime"));
        assertEquals(Optional.of("uptime"), check("cert-authority", forced, "alice").forcedCommand());
        check("cert-authority,command=\"uptime\"", forced, "alice");
        assertThrows(ParseException.class, () -> check("cert-authority,command=\"date\"", forced, "alice"));

        check("cert-authority", issue(forUser("alice").criticalOption("source-address", "127.0.0.0/8,10.0.0.0/8")), "alice");
        assertThrows(ParseException.class, () -> check("cert-authority",
                issue(forUser("alice").criticalOption("source-address", "10.0.0.0/8")), "alice"));
        // addresses and networks only, as sshd's addr_match_cidr_list: a pattern spoils the whole list
        assertThrows(ParseException.class, () -> check("cert-authority",
                issue(forUser("alice").criticalOption("source-address", "127.0.0.1,10.0.*")), "alice"));
        assertThrows(ParseException.class, () -> check("cert-authority",
                issue(forUser("alice").criticalOption("source-address", "*")), "alice"));
        assertThrows(ParseException.class, () -> check("cert-authority",
                issue(forUser("alice").criticalOption("verify-required", "")), "alice"));
    }

    @Test
    void permissionsAreTheCertificatesExtensionsNarrowedByTheLine() throws Exception {
        KeyRestrictions bare = check("cert-authority", issue(forUser("alice").extensions(Map.of("permit-pty", ""))), "alice");
        assertTrue(bare.pty());
        assertFalse(bare.portForwarding() || bare.agentForwarding() || bare.x11Forwarding() || bare.userRc());
        KeyRestrictions narrowed = check("cert-authority,no-pty,permitopen=\"db:5432\"", issue(forUser("alice")), "alice");
        assertFalse(narrowed.pty());
        assertTrue(narrowed.portForwarding() && narrowed.permitsOpen("db", 5432) && !narrowed.permitsOpen("db", 22));
    }

    @Test
    void aCertificateNeverMatchesAPlainKeyLine() throws Exception {
        OpenSshCertificate certificate = issue(forUser("alice"));
        AuthorizedKeys keys = AuthorizedKeys.parse(PublicKeyLine.of(user.getPublic(), "plain").format() + "\n"
                + "cert-authority " + PublicKeyLine.of(authority.getPublic(), "ca").format() + "\n");
        assertEquals(List.of(), keys.findAll(certificate));
        assertEquals(1, keys.findAuthorities(certificate).size());
        assertEquals(1, keys.findAll(user.getPublic()).size());
        assertEquals(certificate, PublicKeyLine.parse(PublicKeyLine.of(certificate, "c").format()).publicKey());
    }
}
