// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import org.amiko.AuthenticationException;
import org.amiko.Transport;
import org.amiko.jca.signature.SshEd25519;
import org.amiko.keys.AddressLiterals;
import org.amiko.keys.AuthorizedKeys;
import org.amiko.keys.CertificateBuilder;
import org.amiko.keys.KnownHosts;
import org.amiko.keys.OpenSshCertificate;
import org.amiko.keys.PublicKeyLine;
import org.amiko.keys.RevokedKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The appliance's hostbased logins: shosts.equiv as sshd reads it, the client host's key from a
 * known_hosts file (plain or certified), the host named by its address or by the packet, and the
 * revoked keys.
 */
@Timeout(60)
class ApplianceHostbasedTest {
    private final ApplianceFixture appliance = new ApplianceFixture();
    private final KeyPair clientHost = ApplianceFixture.generate();

    @TempDir
    Path directory;

    @AfterEach
    void stop() {
        appliance.close();
    }

    @Test
    void shostsEquivReadsAsSshdReadsIt() throws Exception {
        InetAddress unknown = InetAddress.getByName("192.0.2.99");
        ShostsEquiv file = ShostsEquiv.parse("""
                # a comment
                client.test
                Build.Test ci
                -gone.test
                shared.test -root
                shared.test
                192.0.2.7 deploy
                +
                + anyone
                +@netgroup
                one two three
                """);
        assertTrue(file.allows("client.test", unknown, "alice", "alice"), "the same name");
        assertFalse(file.allows("client.test", unknown, "alice", "bob"), "not another");
        assertTrue(file.allows("build.test", unknown, "ci", "anyone"), "the named user under any name");
        assertFalse(file.allows("build.test", unknown, "alice", "alice"), "the line names its user");
        assertFalse(file.allows("gone.test", unknown, "alice", "alice"), "refused");
        assertFalse(file.allows("shared.test", unknown, "root", "root"), "the first match refuses");
        assertTrue(file.allows("shared.test", unknown, "alice", "alice"));
        assertTrue(file.allows("unnamed", InetAddress.getByName("192.0.2.7"), "deploy", "web"), "by address");
        assertFalse(file.allows("other.test", unknown, "anyone", "anyone"), "wildcards let nobody in");
        assertEquals(List.of("line 8: a wildcard, ignored as sshd ignores it",
                "line 9: a wildcard, ignored as sshd ignores it", "line 10: a netgroup, which is not served",
                "line 11: more than a host and a user"), file.problems());
    }

    /** Addresses compare as addresses, in any spelling; a refusing netgroup refuses everyone after it. */
    @Test
    void addressesMatchInAnySpellingAndARefusingNetgroupClosesTheRest() throws Exception {
        ShostsEquiv file = ShostsEquiv.parse("::1 deploy\n-@outsiders\nlater.test\n");
        assertTrue(file.allows("localhost", InetAddress.getByName("0:0:0:0:0:0:0:1"), "deploy", "web"));
        assertFalse(file.allows("later.test", InetAddress.getByName("192.0.2.1"), "alice", "alice"),
                "after -@outsiders, which is not served, nobody");
        assertEquals(List.of("line 2: a netgroup, which is not served; as it refuses, it refuses everyone from here on"),
                file.problems());
        assertEquals("::1", AddressLiterals.format(InetAddress.getByName("0:0:0:0:0:0:0:1")));
        assertEquals("2001:db8::1:0:0:1", AddressLiterals.format(InetAddress.getByName("2001:db8:0:0:1:0:0:1")));
        assertEquals("fe80::1", AddressLiterals.format(InetAddress.getByName("fe80:0:0:0:0:0:0:1%1")));
        assertEquals("192.0.2.7", AddressLiterals.format(InetAddress.getByName("192.0.2.7")));
        assertEquals(null, AddressLiterals.parse("client.test"), "a name is not looked up");
        assertEquals(null, AddressLiterals.parse("not:an:address:at:all"));
    }

    /** Without a name for the address, the host is known by its address, as sshd writes it. */
    @Test
    void aHostWithoutANameIsKnownByItsAddress() throws Exception {
        try (Transport client = serve(keyLine("127.0.0.1", clientHost), "127.0.0.1\n", false, "127.0.0.1",
                RevokedKeys.none())) {
            assertEquals(List.of(), client.authHostbased("alice", clientHost, "client.test", "alice"));
        }
    }

    @Test
    void anAddressWithoutANameIsWrittenAsSshdWritesIt() throws Exception {
        java.net.InetAddress loopback6 = java.net.InetAddress.getByName("0:0:0:0:0:0:0:1");
        assertEquals("::1", HostbasedLogin.nameOf(loopback6, loopback6.getHostAddress()));
        assertEquals("127.0.0.1", HostbasedLogin.nameOf(java.net.InetAddress.getByName("127.0.0.1"), "127.0.0.1"));
        assertEquals("client.test", HostbasedLogin.nameOf(loopback6, "client.test"));
    }

    private Transport serve(String knownHosts, String shosts, boolean nameFromPacket, String resolvedName,
            RevokedKeys revoked) throws Exception {
        appliance.hostbased = new HostbasedLogin(() -> KnownHosts.parse(knownHosts), () -> ShostsEquiv.parse(shosts),
                nameFromPacket, address -> resolvedName);
        return appliance.serve(AuthorizedKeys.parse(""), () -> revoked,
                PasswordFile.load(directory.resolve("users.properties")), appliance.os, ForwardingSettings.OFF);
    }

    private String keyLine(String hosts, KeyPair key) throws GeneralSecurityException {
        return hosts + " " + PublicKeyLine.of(key.getPublic(), "").format().strip() + "\n";
    }

    @Test
    void aTrustedHostsUserLogsInUnderItsOwnName() throws Exception {
        try (Transport client = serve(keyLine("client.test", clientHost), "client.test\n", false, "client.test",
                RevokedKeys.none())) {
            AuthenticationException other = assertThrows(AuthenticationException.class,
                    () -> client.authHostbased("bob", clientHost, "client.test.", "alice"));
            assertTrue(other.getAllowedMethods().contains("hostbased"), other.getAllowedMethods().toString());
            assertThrows(AuthenticationException.class,
                    () -> client.authHostbased("alice", ApplianceFixture.generate(), "client.test.", "alice"),
                    "another key for the host");
            assertEquals(List.of(), client.authHostbased("alice", clientHost, "client.test.", "alice"));
            var channel = client.openSession();
            channel.exec("echo in");
            assertEquals("in\n", new String(channel.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** The client sends one name, its address resolves to another: by default the resolved one counts. */
    @Test
    void theHostIsNamedByItsAddressUnlessTheNameFromThePacketIsTrusted() throws Exception {
        String files = keyLine("client.test", clientHost);
        try (Transport client = serve(files, "client.test\n", false, "localhost", RevokedKeys.none())) {
            assertThrows(AuthenticationException.class,
                    () -> client.authHostbased("alice", clientHost, "client.test.", "alice"));
        }
        try (Transport client = serve(files, "client.test\n", true, "localhost", RevokedKeys.none())) {
            assertEquals(List.of(), client.authHostbased("alice", clientHost, "client.test.", "alice"));
        }
    }

    @Test
    void aHostCertificateLogsInByItsAuthority() throws Exception {
        KeyPair authority = ApplianceFixture.generate();
        String knownHosts = "@cert-authority *.test " + PublicKeyLine.of(authority.getPublic(), "").format().strip();
        try (Transport client = serve(knownHosts, "client.test\n", false, "client.test", RevokedKeys.none())) {
            assertThrows(AuthenticationException.class,
                    () -> client.authHostbased("alice", certified("other.test", authority), "client.test", "alice"),
                    "a certificate for another host");
            assertEquals(List.of(), client.authHostbased("alice", certified("client.test", authority), "client.test",
                    "alice"));
        }
    }

    private KeyPair certified(String principal, KeyPair authority) throws GeneralSecurityException {
        SshEd25519 signer = new SshEd25519();
        OpenSshCertificate certificate = CertificateBuilder.of(OpenSshCertificate.Kind.HOST, clientHost.getPublic())
                .principals(List.of(principal)).keyId("host").sign(authority.getPublic(),
                        data -> signer.sign(authority.getPrivate(), data, new SecureRandom()), new SecureRandom());
        return new KeyPair(certificate, clientHost.getPrivate());
    }

    @Test
    void aRevokedHostKeyIsRefused() throws Exception {
        RevokedKeys revoked = RevokedKeys.parse(PublicKeyLine.of(clientHost.getPublic(), "").format()
                .getBytes(StandardCharsets.UTF_8));
        try (Transport client = serve(keyLine("client.test", clientHost), "client.test\n", false, "client.test",
                revoked)) {
            assertThrows(AuthenticationException.class,
                    () -> client.authHostbased("alice", clientHost, "client.test", "alice"));
        }
    }
}
