// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.amiko.AuthenticationException;
import org.amiko.HostKeyVerifier;
import org.amiko.Transport;
import org.amiko.core.internal.SshTransport;
import org.amiko.jca.signature.SshEd25519;
import org.amiko.keys.CertificateBuilder;
import org.amiko.keys.OpenSshCertificate;
import org.amiko.server.AuthResult;
import org.amiko.server.ServerInterface;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * sshd's AuthenticationMethods through {@link ServerInterface#getRequiredAuthentications}: with
 * {@code publickey,password} and {@code publickey,publickey} required, a key alone is a partial
 * success, the methods offered then are those that continue a list, a method out of turn is
 * refused without the hooks being asked, and a key (or a certificate of it) completes one step.
 */
@Timeout(30)
class RequiredAuthenticationsTest {
    private final KeyPair first = generate();
    private final KeyPair second = generate();
    private final AtomicInteger passwordChecks = new AtomicInteger();
    private KeyPair hostKey;
    private SshServer server;
    private Transport client;

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    @BeforeEach
    void start() throws Exception {
        hostKey = EchoServers.hostKey();
        server = EchoServers.builder(hostKey).server(transport -> new ServerInterface() {
            @Override
            public List<List<String>> getRequiredAuthentications(String username) {
                return List.of(List.of("publickey", "password"), List.of("publickey", "publickey"));
            }

            @Override
            public AuthResult checkAuthNone(String username) {
                return AuthResult.SUCCESSFUL;
            }

            @Override
            public AuthResult checkAuthPassword(String username, String password) {
                passwordChecks.incrementAndGet();
                return password.equals("pw") ? AuthResult.SUCCESSFUL : AuthResult.FAILED;
            }

            @Override
            public AuthResult checkAuthPublickey(String username, PublicKey key) {
                PublicKey plain = key instanceof OpenSshCertificate certificate ? certificate.key() : key;
                return plain.equals(first.getPublic()) || plain.equals(second.getPublic()) ? AuthResult.SUCCESSFUL
                        : AuthResult.FAILED;
            }
        }).start();
        client = Amiko.connect(new InetSocketAddress("127.0.0.1", server.address().getPort()),
                TransportSettings.defaults(), Amiko::defaultCatalog);
        client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void aKeyThenAPasswordLetsTheUserIn() throws Exception {
        AuthenticationException early = assertThrows(AuthenticationException.class,
                () -> client.authPassword("alice", "pw"));
        assertEquals(List.of("publickey"), early.getAllowedMethods(), "only what begins a list is offered");
        assertEquals(0, passwordChecks.get(), "a method out of turn never reaches the hook");
        assertThrows(AuthenticationException.class, () -> client.authNone("alice"), "none completes no list");

        assertEquals(List.of("password", "publickey"), client.authPublickey("alice", first), "partial success");
        assertThrows(AuthenticationException.class, () -> client.authPassword("alice", "wrong"));
        assertEquals(List.of(), client.authPassword("alice", "pw"));
        assertTrue(client.isAuthenticated());
        assertEquals("publickey,password", ((SshTransport) server.transports().get(0)).authMethod(),
                "what operators see");
    }

    @Test
    void twoPublickeyStepsNeedTwoKeys() throws Exception {
        assertEquals(List.of("password", "publickey"), client.authPublickey("alice", first));
        AuthenticationException again = assertThrows(AuthenticationException.class,
                () -> client.authPublickey("alice", first));
        assertEquals(List.of("password", "publickey"), again.getAllowedMethods(), "the step is still to come");
        assertEquals(List.of(), client.authPublickey("alice", second));
        assertTrue(client.isAuthenticated());
    }

    /**
     * sshd's {@code auth2_key_already_used} compares plain keys: a certificate of the key that
     * completed the first step cannot complete the second, in either order, while a certificate of
     * another key can.
     */
    @Test
    void aCertificateAndItsKeyAreOneKey() throws Exception {
        assertEquals(List.of("password", "publickey"), client.authPublickey("alice", first));
        AuthenticationException again = assertThrows(AuthenticationException.class,
                () -> client.authPublickey("alice", certified(first)), "the first key's certificate");
        assertEquals(List.of("password", "publickey"), again.getAllowedMethods(), "the step is still to come");
        assertEquals(List.of(), client.authPublickey("alice", certified(second)));
        assertTrue(client.isAuthenticated());
    }

    @Test
    void aKeyCannotFollowItsCertificate() throws Exception {
        assertEquals(List.of("password", "publickey"), client.authPublickey("alice", certified(first)));
        assertThrows(AuthenticationException.class, () -> client.authPublickey("alice", first));
        assertEquals(List.of(), client.authPublickey("alice", second));
        assertTrue(client.isAuthenticated());
    }

    /** {@code keys} with its public half replaced by a user certificate of it. */
    private static KeyPair certified(KeyPair keys) throws GeneralSecurityException {
        KeyPair authority = generate();
        SshEd25519 signer = new SshEd25519();
        OpenSshCertificate certificate = CertificateBuilder.of(OpenSshCertificate.Kind.USER, keys.getPublic())
                .principals(List.of("alice")).sign(authority.getPublic(),
                        data -> signer.sign(authority.getPrivate(), data, new SecureRandom()), new SecureRandom());
        return new KeyPair(certificate, keys.getPrivate());
    }

    @Test
    void anotherUserStartsOver() throws Exception {
        assertEquals(List.of("password", "publickey"), client.authPublickey("alice", first));
        AuthenticationException bob = assertThrows(AuthenticationException.class, () -> client.authPassword("bob", "pw"));
        assertEquals(List.of("publickey"), bob.getAllowedMethods());
        assertEquals(0, passwordChecks.get());
    }
}
