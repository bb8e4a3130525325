// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.amiko.AuthenticationException;
import org.amiko.HostKeyVerifier;
import org.amiko.PublicKeySigner;
import org.amiko.Transport;
import org.amiko.core.internal.SshTransport;
import org.amiko.server.AuthResult;
import org.amiko.server.ServerInterface;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Host-based authentication (RFC 4252 section 9) between the Amiko client and server: the client
 * host's key signs the request, the server verifies it before its hook is asked, and the hook sees
 * the key, the host name without its trailing dot and the client's user.
 */
@Timeout(30)
class HostbasedAuthenticationTest {
    private final KeyPair trustedHost = generate("Ed25519");
    private final KeyPair userKey = generate("Ed25519");
    /** What the hook was asked: user, host, client user, whether the key is the trusted one. */
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final List<PublicKey> trusted = new CopyOnWriteArrayList<>(List.of(trustedHost.getPublic()));
    private volatile List<List<String>> required = List.of();
    private KeyPair serverKey;
    private SshServer server;
    private Transport client;

    private static KeyPair generate(String algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("EC")) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else if (algorithm.equals("RSA")) {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    @BeforeEach
    void start() throws Exception {
        serverKey = EchoServers.hostKey();
        server = EchoServers.builder(serverKey).server(transport -> new ServerInterface() {
            @Override
            public List<String> getAllowedAuths(String username) {
                return List.of("publickey", "hostbased");
            }

            @Override
            public List<List<String>> getRequiredAuthentications(String username) {
                return required;
            }

            @Override
            public AuthResult checkAuthHostbased(String username, PublicKey hostKey, String clientHostName,
                    String clientUsername) {
                asked.add(username + " " + clientHostName + " " + clientUsername);
                return trusted.contains(hostKey) && clientHostName.equals("client.example")
                        ? AuthResult.SUCCESSFUL : AuthResult.FAILED;
            }

            @Override
            public AuthResult checkAuthPublickey(String username, PublicKey key) {
                return key.equals(userKey.getPublic()) || key.equals(trustedHost.getPublic())
                        ? AuthResult.SUCCESSFUL : AuthResult.FAILED;
            }
        }).start();
        client = Amiko.connect(new InetSocketAddress("127.0.0.1", server.address().getPort()),
                TransportSettings.defaults(), Amiko::defaultCatalog);
        client.startClient(HostKeyVerifier.exactly(serverKey.getPublic()));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ed25519", "EC", "RSA"})
    void aTrustedHostsKeyLogsItsUserIn(String type) throws Exception {
        KeyPair host = type.equals("Ed25519") ? trustedHost : generate(type);
        trusted.add(host.getPublic());
        assertEquals(List.of(), client.authHostbased("alice", host, "client.example.", "carol"));
        assertTrue(client.isAuthenticated());
        assertEquals(List.of("alice client.example carol"), asked, "the trailing dot is dropped");
        assertEquals("hostbased", ((SshTransport) server.transports().get(0)).authMethod());
    }

    @Test
    void anUntrustedHostIsRefused() throws Exception {
        KeyPair stranger = generate("Ed25519");
        AuthenticationException refused = assertThrows(AuthenticationException.class,
                () -> client.authHostbased("alice", stranger, "client.example", "carol"));
        assertEquals(List.of("publickey", "hostbased"), refused.getAllowedMethods());
        assertEquals(List.of("alice client.example carol"), asked, "asked, and said no");
        assertFalse(client.isAuthenticated());
    }

    @Test
    void aSignatureByAnotherKeyNeverReachesTheHook() throws Exception {
        KeyPair impostor = generate("Ed25519");
        // the trusted host's public key, signed for by a key that is not its own
        PublicKeySigner wrongKey = (key, algorithm, data) -> {
            try {
                java.security.Signature signature = java.security.Signature.getInstance("Ed25519");
                signature.initSign(impostor.getPrivate());
                signature.update(data);
                return new org.amiko.spi.wire.WireWriter(100).writeString(algorithm).writeString(signature.sign())
                        .toByteArray();
            } catch (GeneralSecurityException e) {
                throw new AssertionError(e);
            }
        };
        assertThrows(AuthenticationException.class, () -> client.authHostbased("alice", trustedHost.getPublic(),
                wrongKey, "client.example", "carol"));
        assertEquals(List.of(), asked);
        assertFalse(client.isAuthenticated());
    }

    @Test
    void aHostNameThatNoHostHasIsRefusedUnasked() throws Exception {
        assertThrows(AuthenticationException.class,
                () -> client.authHostbased("alice", trustedHost, "client.example\nroot", "carol"));
        assertThrows(AuthenticationException.class, () -> client.authHostbased("alice", trustedHost, "", "carol"));
        assertEquals(List.of(), asked);
    }

    @Test
    void aHostKeyThatCompletedAStepCannotCompleteAnother() throws Exception {
        required = List.of(List.of("hostbased", "publickey"));
        assertEquals(List.of("publickey"), client.authHostbased("alice", trustedHost, "client.example", "carol"),
                "partial success");
        assertThrows(AuthenticationException.class, () -> client.authPublickey("alice", trustedHost),
                "the host key is no user key");
        assertEquals(List.of(), client.authPublickey("alice", userKey));
        assertEquals("hostbased,publickey", ((SshTransport) server.transports().get(0)).authMethod());
    }
}
