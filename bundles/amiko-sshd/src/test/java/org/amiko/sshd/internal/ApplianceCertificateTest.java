// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.amiko.AuthenticationException;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.jca.signature.SshEd25519;
import org.amiko.keys.AuthorizedKeys;
import org.amiko.keys.CertificateBuilder;
import org.amiko.keys.OpenSshCertificate;
import org.amiko.keys.PublicKeyLine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** User certificates at the appliance: a cert-authority line lets its certificates in, within their terms. */
@Timeout(60)
class ApplianceCertificateTest {
    private final ApplianceFixture appliance = new ApplianceFixture();
    private final KeyPair authority = ApplianceFixture.generate();
    private final KeyPair user = ApplianceFixture.generate();

    @TempDir
    Path directory;

    @AfterEach
    void stop() {
        appliance.close();
    }

    /** A client of a server whose authorized_keys trusts {@link #authority} with {@code options}. */
    private Transport client(String options) throws Exception {
        AuthorizedKeys keys = AuthorizedKeys.parse(options + " " + PublicKeyLine.of(authority.getPublic(), "ca").format());
        return appliance.serve(keys, PasswordFile.load(directory.resolve("users.properties")), appliance.os,
                ForwardingSettings.OFF);
    }

    private KeyPair certified(CertificateBuilder builder, KeyPair signedBy) throws GeneralSecurityException {
        SshEd25519 signer = new SshEd25519();
        OpenSshCertificate certificate = builder.keyId("test").sign(signedBy.getPublic(),
                data -> signer.sign(signedBy.getPrivate(), data, new SecureRandom()), new SecureRandom());
        return new KeyPair(certificate, user.getPrivate());
    }

    private CertificateBuilder forPrincipals(String... names) {
        return CertificateBuilder.of(OpenSshCertificate.Kind.USER, user.getPublic()).principals(List.of(names));
    }

    @Test
    void aCertificateForTheUserLogsInAndOneForAnotherDoesNot() throws Exception {
        try (Transport client = client("cert-authority")) {
            assertThrows(AuthenticationException.class,
                    () -> client.authPublickey("alice", certified(forPrincipals("bob"), authority)));
            assertEquals(List.of(), client.authPublickey("alice", certified(forPrincipals("alice"), authority)));
        }
    }

    @Test
    void principalsOnTheLineNameWhoMayComeUnderAnyName() throws Exception {
        try (Transport client = client("cert-authority,principals=\"ops\"")) {
            assertThrows(AuthenticationException.class,
                    () -> client.authPublickey("root", certified(forPrincipals("root"), authority)));
            client.authPublickey("root", certified(forPrincipals("ops"), authority));
            assertTrue(client.isAuthenticated());
        }
    }

    @Test
    void aCertificateFromAnotherAuthorityOrTheBareKeyIsRefused() throws Exception {
        try (Transport client = client("cert-authority")) {
            assertThrows(AuthenticationException.class,
                    () -> client.authPublickey("alice", certified(forPrincipals("alice"), ApplianceFixture.generate())));
            assertThrows(AuthenticationException.class, () -> client.authPublickey("alice", authority));
            assertThrows(AuthenticationException.class, () -> client.authPublickey("alice", user));
        }
    }

    @Test
    void theCertificatesForcedCommandRunsAndItsPermissionsHold() throws Exception {
        try (Transport client = client("cert-authority")) {
            client.authPublickey("alice", certified(forPrincipals("alice").criticalOption("force-command", "echo forced")
                    .extensions(Map.of()), authority));
            Channel channel = client.openSession();
            assertThrows(java.io.IOException.class, channel::getPty, "no permit-pty");
            assertFalse(channel.requestForwardAgent(), "no permit-agent-forwarding");
            channel.exec("echo asked");
            assertEquals("forced\n", new String(channel.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
