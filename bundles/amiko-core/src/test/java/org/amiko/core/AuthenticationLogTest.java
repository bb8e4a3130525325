// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.amiko.AlgorithmFamily;
import org.amiko.AlgorithmNegotiationException;
import org.amiko.AuthenticationException;
import org.amiko.HostKeyVerifier;
import org.amiko.Transport;
import org.amiko.jca.signature.SshEd25519;
import org.amiko.keys.CertificateBuilder;
import org.amiko.keys.OpenSshCertificate;
import org.amiko.server.AuthResult;
import org.amiko.server.ServerInterface;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.amiko.testkit.EchoServer;
import org.amiko.testkit.LogRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server's authentication log, in sshd's words: a failed password and an accepted key, each
 * with the user and where from, the key by type and fingerprint, and never the password; the
 * logged-in connection's end; and how connections end before login, as fail2ban's sshd filter
 * reads them.
 */
@Timeout(30)
class AuthenticationLogTest {
    private LogRecorder lines;
    private final KeyPair user = generate();

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    @BeforeEach
    void record() {
        lines = LogRecorder.start("org.amiko.auth");
    }

    @AfterEach
    void stop() {
        lines.close();
    }

    @Test
    void failuresAndLoginsAreLoggedAsSshdLogsThem() throws Exception {
        KeyPair hostKey = EchoServers.hostKey();
        try (SshServer server = EchoServers.builder(hostKey).server(transport -> new ServerInterface() {
            @Override
            public AuthResult checkAuthPublickey(String username, PublicKey key) {
                return key.equals(user.getPublic()) ? AuthResult.SUCCESSFUL : AuthResult.FAILED;
            }
        }).start();
                Transport client = Amiko.connect(new InetSocketAddress("127.0.0.1", server.address().getPort()),
                        TransportSettings.defaults(), Amiko::defaultCatalog)) {
            client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
            assertThrows(AuthenticationException.class, () -> client.authPassword("alice", "hunter2"));
            String failed = lines.next(Duration.ofSeconds(10));
            assertTrue(failed.matches("Failed password for alice from 127\\.0\\.0\\.1 port \\d+ ssh2"), failed);

            client.authPublickey("alice", user);
            String accepted = lines.next(Duration.ofSeconds(10));
            SignatureAlgorithm ed25519 = (SignatureAlgorithm) Amiko.defaultCatalog()
                    .find(AlgorithmFamily.HOST_KEY, "ssh-ed25519").orElseThrow().implementation();
            String fingerprint = "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(ed25519.encodePublicKey(user.getPublic())));
            assertTrue(accepted.matches("Accepted publickey for alice from 127\\.0\\.0\\.1 port \\d+ ssh2: ssh-ed25519 "
                    + Pattern.quote(fingerprint)), accepted);
            assertEquals(List.of(), lines.untaken(), "one line per attempt");
            assertTrue(!failed.contains("hunter2") && !accepted.contains("hunter2"));
        }
        // the logged-in connection's end, as sshd's "Disconnected from user ..."
        String ended = lines.next(Duration.ofSeconds(10));
        assertTrue(ended != null && ended.matches("Disconnected from user alice 127\\.0\\.0\\.1 port \\d+(: .+)?"), ended);
    }

    /** A certificate is named by its type and its key's fingerprint, as sshd and ssh-keygen -l name it. */
    @Test
    void aCertificateIsLoggedByItsKeysFingerprint() throws Exception {
        KeyPair hostKey = EchoServers.hostKey();
        KeyPair authority = generate();
        SshEd25519 signer = new SshEd25519();
        OpenSshCertificate certificate = CertificateBuilder.of(OpenSshCertificate.Kind.USER, user.getPublic())
                .principals(List.of("alice")).sign(authority.getPublic(),
                        data -> signer.sign(authority.getPrivate(), data, new SecureRandom()), new SecureRandom());
        try (SshServer server = EchoServers.builder(hostKey).server(transport -> new ServerInterface() {
            @Override
            public AuthResult checkAuthPublickey(String username, PublicKey key) {
                return key.equals(certificate) ? AuthResult.SUCCESSFUL : AuthResult.FAILED;
            }
        }).start();
                Transport client = Amiko.connect(new InetSocketAddress("127.0.0.1", server.address().getPort()),
                        TransportSettings.defaults(), Amiko::defaultCatalog)) {
            client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
            client.authPublickey("alice", new KeyPair(certificate, user.getPrivate()));
            String accepted = lines.next(Duration.ofSeconds(10));
            String fingerprint = "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(signer.encodePublicKey(user.getPublic())));
            assertTrue(accepted.endsWith("ssh2: ssh-ed25519-cert-v01@openssh.com " + fingerprint), accepted);
        }
        // its end is logged after the close: taken here, so that it cannot reach the next test's recorder
        String ended = lines.next(Duration.ofSeconds(10));
        assertTrue(ended != null && ended.startsWith("Disconnected from user alice 127.0.0.1 port "), ended);
    }

    /** A client that fails, then leaves: its disconnect and the end, as sshd's two lines. */
    @Test
    void aClientThatLeavesBeforeLoginIsLoggedAsSshdLogsIt() throws Exception {
        KeyPair hostKey = EchoServers.hostKey();
        try (SshServer server = EchoServers.builder(hostKey).server(t -> EchoServer.withPassword("right")).start()) {
            try (Transport client = Amiko.connect(new InetSocketAddress("127.0.0.1", server.address().getPort()),
                    TransportSettings.defaults(), Amiko::defaultCatalog)) {
                client.startClient(HostKeyVerifier.exactly(hostKey.getPublic()));
                assertThrows(AuthenticationException.class, () -> client.authPassword("alice", "wrong"));
                assertTrue(lines.next(Duration.ofSeconds(10)).startsWith("Failed password for alice from 127.0.0.1 port "));
            }
            String received = lines.next(Duration.ofSeconds(10));
            assertTrue(received.matches("Received disconnect from 127\\.0\\.0\\.1 port \\d+:11: .+ \\[preauth\\]"),
                    received);
            String ended = lines.next(Duration.ofSeconds(10));
            assertTrue(ended.matches("Disconnected from authenticating user alice 127\\.0\\.0\\.1 port \\d+ \\[preauth\\]"),
                    ended);
        }
    }

    /** No algorithm in common: sshd's "Unable to negotiate", with the client's offer. */
    @Test
    void aFailedNegotiationIsLoggedWithTheClientsOffer() throws Exception {
        KeyPair hostKey = EchoServers.hostKey();
        try (SshServer server = EchoServers.builder(hostKey).configure(
                t -> t.getSecurityOptions().set(AlgorithmFamily.KEX, List.of("curve25519-sha256"))).start();
                Transport client = Amiko.connect(new InetSocketAddress("127.0.0.1", server.address().getPort()),
                        TransportSettings.defaults(), Amiko::defaultCatalog)) {
            client.getSecurityOptions().set(AlgorithmFamily.KEX, List.of("ecdh-sha2-nistp256"));
            assertThrows(AlgorithmNegotiationException.class,
                    () -> client.startClient(HostKeyVerifier.exactly(hostKey.getPublic())));
            String line = lines.next(Duration.ofSeconds(10));
            assertTrue(line.matches("Unable to negotiate with 127\\.0\\.0\\.1 port \\d+: no matching key exchange method found\\."
                    + " Their offer: ecdh-sha2-nistp256,\\S+ \\[preauth\\]"), line);
        }
    }

    /**
     * Before the client's identification line: what is not SSH is a bad banner, and a bare close
     * is a close, both without sshd's [preauth]; a client that never logs in times out.
     */
    @Test
    void endsBeforeTheBannerAndAtTheGraceTimeAreLogged() throws Exception {
        KeyPair hostKey = EchoServers.hostKey();
        try (SshServer server = EchoServers.builder(hostKey).start()) {
            try (Socket probe = new Socket("127.0.0.1", server.address().getPort())) {
                probe.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String line = lines.next(Duration.ofSeconds(10));
                assertTrue(line.matches("banner exchange: Connection from 127\\.0\\.0\\.1 port \\d+: invalid format"), line);
            }
            try (Socket probe = new Socket("127.0.0.1", server.address().getPort())) {
                probe.shutdownOutput();
                String line = lines.next(Duration.ofSeconds(10));
                assertTrue(line.matches("Connection closed by 127\\.0\\.0\\.1 port \\d+"), line);
            }
        }
        // a grace time of its own: the probes above must not run into it on a slow machine
        try (SshServer server = EchoServers.builder(hostKey)
                .settings(TransportSettings.builder().loginGraceTime(Duration.ofMillis(300)).build()).start()) {
            try (Socket probe = new Socket("127.0.0.1", server.address().getPort())) {
                probe.getOutputStream().write("SSH-2.0-probe\r\n".getBytes(StandardCharsets.US_ASCII));
                String line = lines.next(Duration.ofSeconds(10));
                assertTrue(line.matches("Timeout before authentication for 127\\.0\\.0\\.1 port \\d+"), line);
            }
            assertEquals(List.of(), lines.untaken(), "one line for each");
        }
    }
}
