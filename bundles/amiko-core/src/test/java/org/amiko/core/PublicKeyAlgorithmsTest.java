// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.amiko.AlgorithmFamily;
import org.amiko.AuthenticationException;
import org.amiko.HostKeyVerifier;
import org.amiko.PublicKeySigner;
import org.amiko.Transport;
import org.amiko.keys.SecurityKeyPublicKey;
import org.amiko.server.AuthResult;
import org.amiko.server.ServerInterface;
import org.amiko.spi.wire.WireWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The signature algorithms of user authentication apart from the host key algorithms, as OpenSSH's
 * {@code PubkeyAcceptedAlgorithms} on both sides: a server accepts only its list (and says so in
 * {@code server-sig-algs}), a client signs only with its own, so an agent is asked for legacy
 * {@code ssh-rsa} (SHA-1) only when that list names it, even when the server takes nothing else.
 * A server transport's own host key list still decides the user keys it takes unless the list is
 * set, as before; hostbased authentication keeps to the host key algorithms.
 */
@Timeout(60)
class PublicKeyAlgorithmsTest {
    private static KeyPair rsa;
    private static KeyPair ed25519;
    private static KeyPair hostKey;
    private final AtomicInteger keyChecks = new AtomicInteger();
    private SshServer server;
    private Transport client;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        rsa = generator.generateKeyPair();
        ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        hostKey = EchoServers.hostKey();
    }

    /** A server that lets in any key whose signature checks, with {@code policy}; a client connected to it. */
    private void start(AlgorithmPolicy policy) throws Exception {
        start(policy, transport -> { });
    }

    /** As {@link #start(AlgorithmPolicy)}, each server transport set up by {@code configure}. */
    private void start(AlgorithmPolicy policy, Consumer<Transport> configure) throws Exception {
        server = EchoServers.builder(hostKey).algorithms(policy).configure(configure).server(transport ->
                new ServerInterface() {
                    @Override
                    public AuthResult checkAuthPublickey(String username, PublicKey key) {
                        keyChecks.incrementAndGet();
                        return AuthResult.SUCCESSFUL;
                    }

                    @Override
                    public AuthResult checkAuthHostbased(String username, PublicKey key, String clientHostName,
                            String clientUsername) {
                        return AuthResult.SUCCESSFUL;
                    }
                }).start();
        client = Amiko.connect(new InetSocketAddress("127.0.0.1", server.address().getPort()),
                TransportSettings.defaults(), Amiko::defaultCatalog);
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aServerAcceptsOnlyItsPublicKeyAlgorithms() throws Exception {
        start(new AlgorithmPolicy().setPublicKey("ssh-ed25519"));
        client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
        AuthenticationException refused = assertThrows(AuthenticationException.class,
                () -> client.authPublickey("alice", rsa));
        assertTrue(refused.getAllowedMethods().contains("publickey"), refused.getAllowedMethods().toString());
        assertEquals(0, keyChecks.get(), "a key of an algorithm not accepted never reaches the hook");
        assertEquals(List.of(), client.authPublickey("alice", ed25519));
        assertTrue(client.isAuthenticated());
    }

    /**
     * An old server that takes SHA-1 RSA signatures only, and says so in {@code server-sig-algs}.
     * An agent is asked for {@code ssh-rsa} only once the client's list names it.
     */
    @Test
    void anAgentIsAskedForSshRsaOnlyWhenNamed() throws Exception {
        start(new AlgorithmPolicy().setPublicKey("ssh-rsa"));
        client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
        assertFalse(client.getSecurityOptions().getPublicKeyAlgorithms().contains("ssh-rsa"), "legacy by default");
        List<String> asked = new ArrayList<>();
        assertThrows(AuthenticationException.class, () -> client.authPublickey("alice", rsa.getPublic(), agent(asked)));
        assertEquals(List.of(), asked, "the query with the client's own first (rsa-sha2-512) is refused unsigned");
        assertEquals(0, keyChecks.get());
    }

    @Test
    void anAgentIsAskedForSshRsaWhenNamed() throws Exception {
        start(new AlgorithmPolicy().setPublicKey("ssh-rsa"));
        client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
        client.getSecurityOptions().setPublicKeyAlgorithms(List.of("rsa-sha2-512", "ssh-rsa"));
        List<String> asked = new ArrayList<>();
        assertEquals(List.of(), client.authPublickey("alice", rsa.getPublic(), agent(asked)));
        assertEquals(List.of("ssh-rsa"), asked, "server-sig-algs puts what the server takes first");
    }

    /** A key held here signs SHA-1 RSA too, once named: before, ssh-rsa only verified. */
    @Test
    void aLocalKeySignsSshRsaWhenNamed() throws Exception {
        start(new AlgorithmPolicy().setPublicKey("ssh-rsa"));
        client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
        assertThrows(AuthenticationException.class, () -> client.authPublickey("alice", rsa));
        client.getSecurityOptions().setPublicKeyAlgorithms(List.of("rsa-sha2-512", "ssh-rsa"));
        assertEquals(List.of(), client.authPublickey("alice", rsa));
        assertTrue(client.isAuthenticated());
        assertTrue(keyChecks.get() > 0, "the key reached the server's check under ssh-rsa");
    }

    /**
     * A server transport whose own host key list was set (and no user key list) takes user keys
     * by that list, narrowed or widened, as before the two lists were apart.
     */
    @Test
    void aServerTransportsOwnHostKeyListStillDecidesItsUserKeys() throws Exception {
        start(new AlgorithmPolicy(), transport -> transport.getSecurityOptions().setKeyTypes(List.of("ssh-ed25519")));
        client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
        assertThrows(AuthenticationException.class, () -> client.authPublickey("alice", rsa));
        assertEquals(List.of(), client.authPublickey("alice", ed25519));
        stop();

        start(new AlgorithmPolicy(), transport -> transport.getSecurityOptions().setKeyTypes(List.of("ssh-ed25519",
                "ssh-rsa")));
        client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
        client.getSecurityOptions().setPublicKeyAlgorithms(List.of("ssh-rsa"));
        List<String> asked = new ArrayList<>();
        assertEquals(List.of(), client.authPublickey("alice", rsa.getPublic(), agent(asked)), "widened to SHA-1 RSA");
        assertEquals(List.of("ssh-rsa"), asked);
    }

    /** Hostbased takes the host key algorithms, whatever either side's public key list says. */
    @Test
    void hostbasedKeepsToTheHostKeyAlgorithms() throws Exception {
        start(new AlgorithmPolicy().setPublicKey("ssh-ed25519"));
        client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
        client.getSecurityOptions().setPublicKeyAlgorithms(List.of("ssh-ed25519"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        assertEquals(List.of(), client.authHostbased("alice", generator.generateKeyPair(), "client.example", "alice"));
        assertTrue(client.isAuthenticated());
    }

    /**
     * Hostbased with a host key held here signs only with recommended algorithms: against a server
     * that takes nothing but SHA-1 RSA it is refused rather than signing ssh-rsa, which no list named.
     */
    @Test
    void hostbasedNeverSignsSshRsaWithAKeyHeldHere() throws Exception {
        start(new AlgorithmPolicy().set(AlgorithmFamily.HOST_KEY, "ssh-ed25519,ssh-rsa").setPublicKey("ssh-rsa"));
        client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
        assertThrows(AuthenticationException.class,
                () -> client.authHostbased("alice", rsa, "client.example", "alice"));
        assertFalse(client.isAuthenticated());
    }

    /**
     * A security key used through a browser signs as {@code webauthn-sk-ecdsa-sha2-nistp256@openssh.com}
     * (OpenSSH PROTOCOL.u2f): a client whose list names that algorithm logs in with such a
     * signature, which the server accepts by default, as sshd does.
     */
    @Test
    void aWebauthnSignatureLogsInWhenTheClientNamesIt() throws Exception {
        start(new AlgorithmPolicy());
        client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
        String webauthn = "webauthn-sk-ecdsa-sha2-nistp256@openssh.com";
        client.getSecurityOptions().setPublicKeyAlgorithms(List.of(webauthn));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair authenticator = generator.generateKeyPair();
        PublicKey securityKey = SecurityKeyPublicKey.of(authenticator.getPublic(), "ssh:");
        List<String> asked = new ArrayList<>();
        assertEquals(List.of(), client.authPublickey("alice", securityKey, (key, algorithm, data) -> {
            asked.add(algorithm);
            return browserSignature(authenticator, algorithm, data);
        }));
        assertEquals(List.of(webauthn), asked, "signed once, as the list named it");
        assertTrue(client.isAuthenticated());
    }

    /** What a browser hands back for a webauthn.get of {@code data} with a P-256 security key, as OpenSSH's blob. */
    private static byte[] browserSignature(KeyPair authenticator, String algorithm, byte[] data) throws IOException {
        String origin = "https://ssh.example.com";
        byte[] clientData = ("{\"type\":\"webauthn.get\",\"challenge\":\""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(data) + "\",\"origin\":\"" + origin + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        int flags = 0x01;
        int counter = 3;
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] application = sha256.digest("ssh:".getBytes(StandardCharsets.UTF_8));
            Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
            signer.initSign(authenticator.getPrivate());
            signer.update(application);
            signer.update(new byte[] {(byte) flags, 0, 0, 0, (byte) counter});
            signer.update(sha256.digest(clientData));
            byte[] rs = signer.sign();
            byte[] signature = new WireWriter(80).writeMpint(new BigInteger(1, rs, 0, 32))
                    .writeMpint(new BigInteger(1, rs, 32, 32)).toByteArray();
            return new WireWriter(512).writeString(algorithm).writeString(signature).writeByte(flags)
                    .writeUint32(counter).writeString(origin).writeString(clientData).writeString(new byte[0])
                    .toByteArray();
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** An agent holding {@link #rsa} that records the algorithms it is asked for. */
    private static PublicKeySigner agent(List<String> asked) {
        return (key, algorithm, data) -> {
            asked.add(algorithm);
            try {
                Signature signature = Signature.getInstance(switch (algorithm) {
                    case "ssh-rsa" -> "SHA1withRSA";
                    case "rsa-sha2-256" -> "SHA256withRSA";
                    default -> "SHA512withRSA";
                });
                signature.initSign(rsa.getPrivate());
                signature.update(data);
                return new WireWriter(512).writeString(algorithm).writeString(signature.sign()).toByteArray();
            } catch (GeneralSecurityException e) {
                throw new IOException(e);
            }
        };
    }

    @Test
    void aKeyNoAlgorithmOfTheClientTakesFailsWithTheList() throws Exception {
        start(new AlgorithmPolicy());
        client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
        client.getSecurityOptions().setPublicKeyAlgorithms(List.of("ssh-ed25519"));
        AuthenticationException none = assertThrows(AuthenticationException.class,
                () -> client.authPublickey("alice", rsa));
        assertTrue(none.getMessage().contains("public key algorithms: ssh-ed25519"), none.getMessage());
        assertEquals(0, keyChecks.get(), "nothing was sent to the server");
        assertEquals(List.of(), client.authPublickey("alice", ed25519));
    }

    /**
     * Unless set, the shared policy's list (here the recommended host key algorithms); a client
     * that pins its host key algorithm still signs with other keys.
     */
    @Test
    void theTransportsHostKeyListDoesNotNarrowIt() throws Exception {
        start(new AlgorithmPolicy());
        var options = client.getSecurityOptions();
        List<String> defaults = options.get(AlgorithmFamily.HOST_KEY);
        assertEquals(defaults, options.getPublicKeyAlgorithms());
        options.setKeyTypes(List.of("ssh-ed25519"));
        assertEquals(defaults, options.getPublicKeyAlgorithms());
        options.setPublicKeyAlgorithms(List.of("rsa-sha2-512", "rsa-sha2-512"));
        assertEquals(List.of("rsa-sha2-512"), options.getPublicKeyAlgorithms(), "each name once");
        assertEquals(List.of("ssh-ed25519"), options.getKeyTypes(), "the host key list stays");

        client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
        assertEquals(List.of(), client.authPublickey("alice", rsa), "an RSA key, with an Ed25519 host key");

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> options.setPublicKeyAlgorithms(List.of("ssh-dsa-nope")));
        assertTrue(unknown.getMessage().startsWith("unknown public key algorithm 'ssh-dsa-nope'; available: "),
                unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> options.setPublicKeyAlgorithms(List.of()));
    }
}
