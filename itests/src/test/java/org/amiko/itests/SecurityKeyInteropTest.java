// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.agent.AgentClient;
import org.amiko.core.Amiko;
import org.amiko.keys.OpenSshCertificate;
import org.amiko.keys.PublicKeyLine;
import org.amiko.keys.SecurityKeyPublicKey;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * FIDO security keys (OpenSSH PROTOCOL.u2f) made by OpenSSH's ssh-keygen and used by its ssh, with
 * a software authenticator in place of the USB key ({@link SoftAuthenticator}): the Amiko server
 * verifies both sk key types and refuses one it was not given, and the Amiko client signs with one
 * held by OpenSSH's ssh-agent for sshd.
 */
class SecurityKeyInteropTest {
    @TempDir
    static Path directory;

    private static TestServer server;
    private static OpenSshClient ssh;
    private static SoftAuthenticator authenticator;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH client not installed");
        authenticator = SoftAuthenticator.build(directory);
        server = TestServer.start();
        ssh = new OpenSshClient(directory, server.port(), server.keys());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @CsvSource({"ed25519-sk, sk-ssh-ed25519@openssh.com", "ecdsa-sk, sk-ecdsa-sha2-nistp256@openssh.com"})
    void sshLogsInWithASecurityKey(String keygenType, String keyType) throws Exception {
        Path identity = directory.resolve("id_" + keygenType);
        PublicKey key = authenticator.enroll(keygenType, identity);
        SecurityKeyPublicKey securityKey = assertInstanceOf(SecurityKeyPublicKey.class, key);
        assertEquals(keyType, securityKey.keyType());
        assertEquals("ssh:", securityKey.application());
        String provider = "SecurityKeyProvider=" + authenticator.library();

        PeerProcess.Result refused = ssh.exec(identity, "echo should-not-run", provider);
        assertNotEquals(0, refused.exitCode(), refused::toString);
        assertTrue(refused.stderr().contains("Permission denied"), refused::toString);

        server.authorize(key);
        PeerProcess.Result result = ssh.exec(identity, "echo sk-ok", provider);
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("sk-ok\n", result.stdout());
        assertEquals("publickey", server.last().authMethod());

        // the same key, signing without the touch: a server asks for it unless told otherwise
        List<String> untouched = ssh.command(identity, "tester", List.of(provider));
        untouched.add("echo should-not-run");
        PeerProcess.Result noTouch = PeerProcess.run(untouched, Map.of("SK_SOFT_FLAGS", "0"), null,
                Duration.ofSeconds(60));
        assertNotEquals(0, noTouch.exitCode(), noTouch::toString);
        assertTrue(noTouch.stderr().contains("Permission denied"), noTouch::toString);
    }

    /**
     * A security key's certificate, issued by ssh-keygen -s with an authority that is itself a
     * security key: the server reads the certificate, checks the authority's sk signature on it and
     * the user's on the login.
     */
    @Test
    void sshLogsInWithACertificateForASecurityKeySignedByASecurityKey() throws Exception {
        Path identity = directory.resolve("id_certified_sk");
        authenticator.enroll("ed25519-sk", identity);
        Path authority = directory.resolve("ca_sk");
        authenticator.enroll("ecdsa-sk", authority);
        PeerProcess.Result signed = PeerProcess.run(List.of("ssh-keygen", "-q", "-s", authority.toString(), "-I",
                "sk-user", "-n", "tester", "-z", "42", identity + ".pub"),
                Map.of("SSH_SK_PROVIDER", authenticator.library().toString()), null, Duration.ofSeconds(30));
        assertEquals(0, signed.exitCode(), signed::toString);
        OpenSshCertificate certificate = assertInstanceOf(OpenSshCertificate.class,
                PublicKeyLine.parse(Files.readString(Path.of(identity + "-cert.pub")).strip()).publicKey());
        assertEquals("sk-ssh-ed25519-cert-v01@openssh.com", certificate.certificateType());
        assertInstanceOf(SecurityKeyPublicKey.class, certificate.key());
        assertInstanceOf(SecurityKeyPublicKey.class, certificate.signatureKey());
        server.authorize(certificate);
        PeerProcess.Result result = ssh.exec(identity, "echo sk-cert-ok", "SecurityKeyProvider=" + authenticator.library());
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("sk-cert-ok\n", result.stdout());
    }

    /**
     * The other direction: OpenSSH's ssh-agent holds the security key (and asks the authenticator
     * to sign), the Amiko client signs through it, and sshd verifies.
     */
    @Test
    void amikoClientLogsInToSshdWithASecurityKeyInSshAgent() throws Exception {
        assumeTrue(OpenSshServer.available(), "OpenSSH sshd not installed or not root");
        Path identity = directory.resolve("id_agent_sk");
        PublicKey key = authenticator.enroll("ed25519-sk", identity);
        Path socket = directory.resolve("agent.sock");
        // -P: ssh-agent loads only providers it is told to trust
        Process agent = new ProcessBuilder("/usr/bin/ssh-agent", "-D", "-a", socket.toString(), "-P",
                authenticator.library().toString()).redirectErrorStream(true)
                .redirectOutput(directory.resolve("agent.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!Files.exists(socket)) {
                assertTrue(agent.isAlive() && System.nanoTime() < deadline, "ssh-agent did not create its socket");
                Thread.onSpinWait();
            }
            PeerProcess.Result added = PeerProcess.run(List.of("/usr/bin/ssh-add", "-S",
                    authenticator.library().toString(), identity.toString()), Map.of("SSH_AUTH_SOCK", socket.toString()),
                    null, Duration.ofSeconds(20));
            assertEquals(0, added.exitCode(), added::toString);
            try (OpenSshServer sshd = OpenSshServer.start(Files.createDirectories(directory.resolve("sshd")),
                    List.of(new KeyPair(key, null))); AgentClient client = AgentClient.connect(socket);
                    Transport transport = Amiko.connect("127.0.0.1", sshd.port())) {
                assertTrue(client.identities().stream().anyMatch(held -> held.key().equals(key)));
                transport.startClient((peer, type, hostKey) -> sshd.hostKeys().contains(hostKey));
                assertEquals(List.of(), transport.authPublickey("root", key, client));
                Channel channel = transport.openSession();
                channel.exec("echo by security key");
                assertEquals("by security key\n",
                        new String(channel.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } finally {
            agent.destroy();
        }
    }
}
