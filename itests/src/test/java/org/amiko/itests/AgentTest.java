// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.amiko.AlgorithmFamily;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.agent.AgentClient;
import org.amiko.agent.AgentForwarding;
import org.amiko.agent.AgentIdentity;
import org.amiko.client.ConnectOptions;
import org.amiko.client.ExecResult;
import org.amiko.client.SshClient;
import org.amiko.client.SshConfig;
import org.amiko.core.Amiko;
import org.amiko.core.AlgorithmCatalog;
import org.amiko.keys.Fingerprint;
import org.amiko.jca.signature.SshEd25519;
import org.amiko.keys.CertificateBuilder;
import org.amiko.keys.KeyPairs;
import org.amiko.keys.OpenSshCertificate;
import org.amiko.keys.PublicKeyLine;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real OpenSSH {@code ssh-agent} started by the test: the Amiko agent client lists its keys and
 * has it sign (rsa-sha2 flags included), the Amiko client authenticates through it, and agent
 * forwarding works both ways ({@code ssh -A} to the Amiko server, the Amiko client forwarding to
 * OpenSSH's sshd).
 */
class AgentTest {

    @TempDir
    static Path directory;

    private static SshAgentProcess agent;
    private static Path socket;
    private static KeyPair ed25519;
    private static KeyPair rsa;
    private static OpenSshClient ssh;
    private static final KeyPair AUTHORITY = generate("ssh-ed25519");
    private static OpenSshCertificate rsaCertificate;

    private static KeyPair generate(String type) {
        try {
            return KeyPairs.generate(type);
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @BeforeAll
    static void startAgent() throws Exception {
        assumeTrue(SshAgentProcess.available(), "ssh-agent not installed");
        agent = SshAgentProcess.start(directory);
        socket = agent.socket();
        ed25519 = KeyPairs.generate("ssh-ed25519");
        rsa = KeyPairs.generate("ssh-rsa");
        ssh = new OpenSshClient(directory, 0, List.of());
        // the RSA key has a certificate beside it, which ssh-add adds too
        rsaCertificate = CertificateBuilder.of(OpenSshCertificate.Kind.USER, rsa.getPublic()).principals(List.of("root"))
                .sign(AUTHORITY.getPublic(), data -> new SshEd25519().sign(AUTHORITY.getPrivate(), data,
                        new SecureRandom()), new SecureRandom());
        Files.writeString(directory.resolve("agent_RSA-cert.pub"), PublicKeyLine.of(rsaCertificate, "c").format() + "\n");
        for (KeyPair key : List.of(ed25519, rsa)) {
            agent.add(ssh.identity("agent_" + key.getPublic().getAlgorithm(), key));
        }
    }

    @AfterAll
    static void stopAgent() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void listsIdentitiesAndSignsWithRsaSha2Flags() throws Exception {
        try (AgentClient client = AgentClient.connect(socket)) {
            List<AgentIdentity> identities = client.identities();
            assertEquals(Set.of(ed25519.getPublic(), rsa.getPublic(), rsaCertificate),
                    identities.stream().map(AgentIdentity::key).collect(Collectors.toSet()));
            AlgorithmCatalog catalog = AlgorithmCatalog.fromServiceLoader();
            byte[] data = "to be signed".getBytes(StandardCharsets.UTF_8);
            for (String algorithm : List.of("ssh-ed25519", "rsa-sha2-256", "rsa-sha2-512")) {
                KeyPair key = algorithm.startsWith("rsa") ? rsa : ed25519;
                byte[] signature = client.sign(key.getPublic(), algorithm, data);
                SignatureAlgorithm verifier = (SignatureAlgorithm) catalog.find(AlgorithmFamily.HOST_KEY, algorithm)
                        .orElseThrow().implementation();
                assertTrue(verifier.verify(key.getPublic(), data, signature), algorithm);
            }
        }
    }

    @Test
    void amikoClientAuthenticatesThroughTheAgent() throws Exception {
        try (TestServer server = TestServer.start(); AgentClient client = AgentClient.connect(socket)) {
            server.authorize(rsa.getPublic());
            try (Transport transport = Amiko.connect("127.0.0.1", server.port())) {
                transport.startClient((peer, type, key) -> server.keys().stream().anyMatch(k -> k.getPublic().equals(key)));
                assertEquals(List.of(), transport.authPublickey("agent-user", rsa.getPublic(), client));
                assertEquals("publickey", server.last().authMethod());
            }
        }
    }

    /** The certificate the agent holds signs as rsa-sha2-512 through the agent's flag (PROTOCOL.certkeys). */
    @Test
    void amikoClientLogsInToSshdWithACertificateInTheAgent() throws Exception {
        assumeTrue(OpenSshServer.available(), "OpenSSH sshd not installed or not root");
        Path authorities = directory.resolve("user_ca.pub");
        Files.writeString(authorities, PublicKeyLine.of(AUTHORITY.getPublic(), "ca").format() + "\n");
        try (OpenSshServer sshd = OpenSshServer.start(Files.createDirectories(directory.resolve("sshd")), List.of(),
                "TrustedUserCAKeys " + authorities); AgentClient client = AgentClient.connect(socket);
                Transport transport = Amiko.connect("127.0.0.1", sshd.port())) {
            transport.startClient((peer, type, key) -> sshd.hostKeys().contains(key));
            assertEquals(List.of(), transport.authPublickey("root", rsaCertificate, client));
            Channel channel = transport.openSession();
            channel.exec("echo by certificate");
            assertEquals("by certificate\n", new String(channel.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void openSshClientForwardsItsAgentToTheAmikoServer() throws Exception {
        try (TestServer server = TestServer.start()) {
            KeyPair user = KeyPairs.generate("ssh-ed25519");
            server.authorize(user.getPublic());
            OpenSshClient client = new OpenSshClient(directory, server.port(), server.keys());
            Path identity = client.identity("id_forwarding", user);
            List<String> command = client.command(identity, "tester", List.of("ForwardAgent=yes"));
            command.add("ssh-add -l");
            PeerProcess.Result listed = PeerProcess.run(command, Map.of("SSH_AUTH_SOCK", socket.toString()), null,
                    Duration.ofSeconds(60));
            assertEquals(0, listed.exitCode(), listed::toString);
            assertTrue(listed.stdout().contains(Fingerprint.sha256(ed25519.getPublic())), listed::toString);
            assertTrue(listed.stdout().contains(Fingerprint.sha256(rsa.getPublic())), listed::toString);
        }
    }

    /**
     * SshClient forwards the agent to a command as a host's ForwardAgent says (ssh -A): with
     * {@code yes}, the agent it logs in with; with {@code no}, none, whatever the client's default.
     */
    @Test
    void sshClientForwardsTheAgentAsForwardAgentSays() throws Exception {
        assumeTrue(OpenSshServer.available(), "sshd not runnable here");
        Path serverDirectory = Files.createDirectories(directory.resolve("sshd-forward"));
        try (OpenSshServer sshd = OpenSshServer.start(serverDirectory, List.of(ed25519))) {
            Path knownHosts = KnownHostsFile.write(serverDirectory.resolve("known_hosts"), sshd.port(), sshd.hostKeys());
            String host = "Host target\n  HostName 127.0.0.1\n  Port " + sshd.port() + "\n  User root\n"
                    + "  IdentityAgent " + socket + "\n  UserKnownHostsFile " + knownHosts + "\n";
            ConnectOptions agentOnly = new ConnectOptions(List.of(), true, false, null, null);
            try (SshClient client = new SshClient()) {
                client.connect("target", SshConfig.parse(host + "  ForwardAgent yes\n"), agentOnly);
                ExecResult listed = client.exec("ssh-add -l");
                String out = new String(listed.stdout().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, listed.exitStatus(), out);
                assertTrue(out.contains(Fingerprint.sha256(ed25519.getPublic())), out);
            }
            try (SshClient client = new SshClient().forwardAgent(true)) {
                client.connect("target", SshConfig.parse(host + "  ForwardAgent no\n"), agentOnly);
                ExecResult listed = client.exec("ssh-add -l");
                listed.stdout().readAllBytes();
                assertEquals(2, listed.exitStatus(), "ssh-add finds no agent");
            }
        }
    }

    @Test
    void amikoClientForwardsItsAgentToOpenSsh() throws Exception {
        assumeTrue(OpenSshServer.available(), "sshd not runnable here");
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        Path serverDirectory = Files.createDirectories(directory.resolve("sshd"));
        try (OpenSshServer sshd = OpenSshServer.start(serverDirectory, List.of(user));
                Transport transport = Amiko.connect("127.0.0.1", sshd.port())) {
            transport.startClient((peer, type, key) -> sshd.hostKeys().contains(key));
            transport.authPublickey("root", user);
            Channel channel = transport.openSession();
            AgentForwarding.enable(transport, channel, socket);
            channel.exec("ssh-add -l");
            String out = new String(channel.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, channel.recvExitStatus(), out);
            assertTrue(out.contains(Fingerprint.sha256(ed25519.getPublic())), out);
            assertTrue(out.contains(Fingerprint.sha256(rsa.getPublic())), out);
        }
    }
}
