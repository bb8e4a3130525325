// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.amiko.AuthenticationException;
import org.amiko.HostKeyException;
import org.amiko.Channel;
import org.amiko.client.ConnectOptions;
import org.amiko.client.ExecResult;
import org.amiko.client.HostKeyPolicy;
import org.amiko.client.SshClient;
import org.amiko.client.SshConfig;
import org.amiko.jca.signature.SshEd25519;
import org.amiko.keys.CertificateBuilder;
import org.amiko.keys.KeyFiles;
import org.amiko.keys.KeyPairs;
import org.amiko.keys.KnownHosts;
import org.amiko.keys.OpenSshCertificate;
import org.amiko.keys.PublicKeyLine;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The convenience client (paramiko's SSHClient): known_hosts policies, credentials in order, exec. */
class SshClientTest {
    @TempDir
    Path directory;

    private static TestServer server;
    private static KeyPair user;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        user = KeyPairs.generate("ssh-ed25519");
        server.authorize(user.getPublic());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private Path emptyKnownHosts() throws Exception {
        return Files.writeString(directory.resolve("known_hosts"), "");
    }

    /** {@code key} in an unencrypted OpenSSH file only its owner may read, as ssh-add takes one. */
    private Path keyFile(String name, KeyPair key) throws Exception {
        Path file = directory.resolve(name);
        KeyFiles.writeOpenSsh(file, key, name, null);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** A real ssh-agent of this test's own, empty; the test is skipped where ssh-agent is not installed. */
    private SshAgentProcess agent() throws Exception {
        assumeTrue(SshAgentProcess.available(), "ssh-agent not installed");
        return SshAgentProcess.start(Files.createDirectories(directory.resolve("agent")));
    }

    @Test
    void unknownHostIsRejectedByDefault() throws Exception {
        try (SshClient ssh = new SshClient().knownHosts(emptyKnownHosts())) {
            assertThrows(HostKeyException.class,
                    () -> ssh.connect("127.0.0.1", server.port(), "me", ConnectOptions.keys(user)));
        }
    }

    @Test
    void autoAddRemembersTheKeyAndRejectLaterTrustsIt() throws Exception {
        Path knownHosts = emptyKnownHosts();
        try (SshClient ssh = new SshClient().knownHosts(knownHosts).policy(HostKeyPolicy.AUTO_ADD)) {
            ssh.connect("127.0.0.1", server.port(), "me", ConnectOptions.keys(user));
        }
        assertTrue(Files.readString(knownHosts).startsWith("[127.0.0.1]:" + server.port() + " "),
                Files.readString(knownHosts));
        try (SshClient ssh = new SshClient().knownHosts(knownHosts)) {
            ssh.connect("127.0.0.1", server.port(), "me", ConnectOptions.keys(user));
            assertTrue(ssh.getTransport().isAuthenticated());
        }
    }

    /**
     * HashKnownHosts: the name is written hashed ({@code |1|salt|hash}), from a host's
     * configuration or the client's own setting, and the hashed line is trusted next time.
     */
    @Test
    void hashKnownHostsWritesTheNameHashed() throws Exception {
        Path knownHosts = emptyKnownHosts();
        SshConfig config = SshConfig.parse("Host target\n  HostName 127.0.0.1\n  Port " + server.port()
                + "\n  User me\n  UserKnownHostsFile " + knownHosts + "\n  StrictHostKeyChecking accept-new\n"
                + "  HashKnownHosts yes\n");
        try (SshClient ssh = new SshClient()) {
            ssh.connect("target", config, ConnectOptions.keys(user));
        }
        String written = Files.readString(knownHosts);
        assertTrue(written.startsWith("|1|") && !written.contains("127.0.0.1"), written);
        try (SshClient ssh = new SshClient().knownHosts(knownHosts)) {
            ssh.connect("127.0.0.1", server.port(), "me", ConnectOptions.keys(user));
            assertTrue(ssh.getTransport().isAuthenticated(), "the hashed line is trusted");
        }
        Path other = Files.writeString(directory.resolve("known_hosts_hashed"), "");
        try (SshClient ssh = new SshClient().knownHosts(other).policy(HostKeyPolicy.AUTO_ADD).hashKnownHosts(true)) {
            ssh.connect("127.0.0.1", server.port(), "me", ConnectOptions.keys(user));
        }
        assertTrue(Files.readString(other).startsWith("|1|"), Files.readString(other));
    }

    /**
     * ChannelTimeout in the client's ssh_config, as ssh's (OpenSSH 9.6): a session that carries no
     * data for its timeout is closed by the client, and the connection goes on.
     */
    @Test
    void channelTimeoutClosesAnIdleSession() throws Exception {
        SshConfig config = SshConfig.parse("Host target\n  HostName 127.0.0.1\n  Port " + server.port()
                + "\n  User me\n  UserKnownHostsFile " + emptyKnownHosts() + "\n  StrictHostKeyChecking accept-new\n"
                + "  ChannelTimeout session:command=2s global=1h\n");
        assertTrue(config.problems().isEmpty(), config.problems().toString());
        try (SshClient ssh = new SshClient()) {
            ssh.connect("target", config, ConnectOptions.keys(user));
            Channel idle = ssh.getTransport().openSession();
            idle.exec("cat");
            assertEquals(-1, idle.getInputStream().read(), "closed by the client's timeout");
            assertTrue(ssh.getTransport().isActive());
        }
    }

    /** As ssh orders host key algorithms: the server shows the key type on file, not its first choice. */
    @Test
    void theServersKeyOfTheTypeOnFileIsAskedFor() throws Exception {
        Path knownHosts = emptyKnownHosts();
        KnownHosts onFile = KnownHosts.parse("");
        KeyPair ecdsa = server.keys().stream()
                .filter(key -> key.getPublic().getAlgorithm().equals("EC")).findFirst().orElseThrow();
        onFile.add("127.0.0.1", server.port(), ecdsa.getPublic(), false);
        onFile.save(knownHosts);
        try (SshClient ssh = new SshClient().knownHosts(knownHosts)) {
            ssh.connect("127.0.0.1", server.port(), "me", ConnectOptions.keys(user));
            assertEquals(ecdsa.getPublic(), ssh.getTransport().getRemoteServerKey());
        }
    }

    @Test
    void aChangedKeyIsRefusedEvenUnderAutoAdd() throws Exception {
        Path knownHosts = emptyKnownHosts();
        KnownHosts other = KnownHosts.parse("");
        other.add("127.0.0.1", server.port(), KeyPairs.generate("ssh-ed25519").getPublic(), false);
        other.save(knownHosts);
        try (SshClient ssh = new SshClient().knownHosts(knownHosts).policy(HostKeyPolicy.AUTO_ADD)) {
            assertThrows(HostKeyException.class,
                    () -> ssh.connect("127.0.0.1", server.port(), "me", ConnectOptions.keys(user)));
        }
    }

    /**
     * ssh's RevokedHostKeys: the server's host keys in a KRL from ssh-keygen -k are refused even under
     * AUTO_ADD, and are not learnt; a revocation list that cannot be read fails the connect. The
     * ssh_config keyword too, with several files.
     */
    @Test
    void revokedHostKeysAreRefusedAndAnUnreadableListFailsTheConnect() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (KeyPair key : server.keys()) {
            lines.append(PublicKeyLine.of(key.getPublic(), "host").format()).append('\n');
        }
        Path hostKeys = Files.writeString(directory.resolve("host_keys.pub"), lines);
        Path krl = directory.resolve("revoked_host_keys");
        PeerProcess.Result made = PeerProcess.run(List.of("ssh-keygen", "-k", "-f", krl.toString(), hostKeys.toString()),
                Map.of(), null, Duration.ofSeconds(30));
        assertEquals(0, made.exitCode(), made::toString);
        Path knownHosts = emptyKnownHosts();
        try (SshClient ssh = new SshClient().knownHosts(knownHosts).policy(HostKeyPolicy.AUTO_ADD)
                .revokedHostKeys(krl)) {
            assertThrows(HostKeyException.class,
                    () -> ssh.connect("127.0.0.1", server.port(), "me", ConnectOptions.keys(user)));
        }
        assertEquals("", Files.readString(knownHosts));
        try (SshClient ssh = new SshClient().knownHosts(knownHosts).policy(HostKeyPolicy.AUTO_ADD)
                .revokedHostKeys(directory.resolve("missing"))) {
            assertThrows(NoSuchFileException.class,
                    () -> ssh.connect("127.0.0.1", server.port(), "me", ConnectOptions.keys(user)));
        }

        // through an ssh_config: each RevokedHostKeys file counts, and the line replaces the
        // client's own list (none: no list)
        Path nothingRevoked = Files.writeString(directory.resolve("nothing_revoked"), "");
        String host = "Host box\n  HostName 127.0.0.1\n  Port " + server.port() + "\n  User me\n"
                + "  UserKnownHostsFile " + knownHosts + "\n  StrictHostKeyChecking accept-new\n";
        try (SshClient ssh = new SshClient()) {
            assertThrows(HostKeyException.class, () -> ssh.connect("box", SshConfig.parse(host + "  RevokedHostKeys "
                    + nothingRevoked + " " + krl + "\n"), ConnectOptions.keys(user)));
        }
        try (SshClient ssh = new SshClient().revokedHostKeys(krl)) {
            ssh.connect("box", SshConfig.parse(host + "  RevokedHostKeys none\n"), ConnectOptions.keys(user));
        }
    }

    @Test
    void warnAcceptsWithoutRemembering() throws Exception {
        Path knownHosts = emptyKnownHosts();
        try (SshClient ssh = new SshClient().knownHosts(knownHosts).policy(HostKeyPolicy.WARN)) {
            ssh.connect("127.0.0.1", server.port(), "me", ConnectOptions.keys(user));
        }
        assertEquals("", Files.readString(knownHosts));
    }

    @Test
    void keyFileThenExecGivesStreamsAndStatus() throws Exception {
        Path keyFile = directory.resolve("id_ed25519");
        KeyFiles.writeOpenSsh(keyFile, user, "me", "pass phrase".toCharArray());
        try (SshClient ssh = new SshClient().knownHosts(emptyKnownHosts()).policy(HostKeyPolicy.WARN)) {
            ssh.connect("127.0.0.1", server.port(), "me", ConnectOptions.keyFiles("pass phrase".toCharArray(), keyFile));
            ExecResult run = ssh.exec("read line; echo \"got $line\"; echo oops >&2; exit 4");
            run.stdin().write("hello\n".getBytes(StandardCharsets.UTF_8));
            run.stdin().close();
            assertEquals("got hello\n", new String(run.stdout().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals("oops\n", new String(run.stderr().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(4, run.exitStatus());
        }
    }

    /**
     * The default key files ({@code lookForKeys}) are read as IdentityFiles are: one that others
     * may read is not used, as ssh refuses an unprotected private key; the same file made the
     * owner's alone lets the user in.
     */
    @Test
    void aDefaultKeyOthersCanReadIsNotUsed() throws Exception {
        Path home = Files.createDirectories(directory.resolve("home"));
        Path keyFile = Files.createDirectories(home.resolve(".ssh")).resolve("id_ed25519");
        KeyFiles.writeOpenSsh(keyFile, user, "me", null);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
        ConnectOptions defaultKeysOnly = new ConnectOptions(List.of(), false, true, null, null);
        String realHome = System.getProperty("user.home");
        System.setProperty("user.home", home.toString());
        try {
            try (SshClient ssh = new SshClient().knownHosts(emptyKnownHosts()).policy(HostKeyPolicy.WARN)) {
                AuthenticationException refused = assertThrows(AuthenticationException.class,
                        () -> ssh.connect("127.0.0.1", server.port(), "me", defaultKeysOnly));
                assertTrue(refused.getMessage().contains("tried nothing"), refused.getMessage());
            }
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
            try (SshClient ssh = new SshClient().knownHosts(emptyKnownHosts()).policy(HostKeyPolicy.WARN)) {
                ssh.connect("127.0.0.1", server.port(), "me", defaultKeysOnly);
                assertEquals("publickey", server.last().authMethod());
            }
        } finally {
            System.setProperty("user.home", realHome);
        }
    }

    /**
     * IdentitiesOnly, as ssh: of the agent's keys only its copy of an IdentityFile's key is offered,
     * the file's key known without its passphrase (here from the encrypted OpenSSH file itself, there
     * being no {@code .pub}). Another key the agent holds is not tried, and the encrypted
     * IdentityFile the agent holds a copy of needs no passphrase.
     */
    @Test
    void identitiesOnlyTakesTheAgentsCopyOfAnIdentityFileAndNoOtherAgentKey() throws Exception {
        KeyPair listed = KeyPairs.generate("ssh-ed25519");
        server.authorize(listed.getPublic());
        Path identity = directory.resolve("id_listed");
        KeyFiles.writeOpenSsh(identity, listed, "listed", "pass phrase".toCharArray());
        Files.setPosixFilePermissions(identity, PosixFilePermissions.fromString("rw-------"));
        Path listedCopy = keyFile("agent_listed", listed);
        Path unlisted = keyFile("agent_unlisted", user);
        SshConfig config = SshConfig.parse("Host target\n  HostName 127.0.0.1\n  Port " + server.port()
                + "\n  User me\n  IdentityFile " + identity + "\n  IdentitiesOnly yes\n");
        ConnectOptions agentOnly = new ConnectOptions(List.of(), true, false, null, null);
        try (SshAgentProcess agent = agent()) {
            // the agent holds a key the server takes, but not the listed one
            agent.add(unlisted);
            try (SshClient ssh = new SshClient().knownHosts(emptyKnownHosts()).policy(HostKeyPolicy.WARN)
                    .agentSocket(agent.socket())) {
                AuthenticationException refused = assertThrows(AuthenticationException.class,
                        () -> ssh.connect("target", config, agentOnly));
                assertFalse(refused.getMessage().contains("agent key"), refused.getMessage());
            }
            agent.add(listedCopy);
            try (SshClient ssh = new SshClient().knownHosts(emptyKnownHosts()).policy(HostKeyPolicy.WARN)
                    .agentSocket(agent.socket())) {
                ssh.connect("target", config, agentOnly);
                assertEquals("publickey", server.last().authMethod());
            }
        }
    }

    /**
     * A host's IdentityAgent names the agent for that host, over the client's own: a socket path
     * is asked, {@code none} asks no agent.
     */
    @Test
    void aHostsIdentityAgentDecidesWhichAgentIsAsked() throws Exception {
        ConnectOptions agentOnly = new ConnectOptions(List.of(), true, false, null, null);
        try (SshAgentProcess agent = agent()) {
            agent.add(keyFile("agent_key", user));
            String target = "Host target\n  HostName 127.0.0.1\n  Port " + server.port() + "\n  User me\n";
            SshConfig named = SshConfig.parse(target + "  IdentityAgent " + agent.socket() + "\n");
            try (SshClient ssh = new SshClient().knownHosts(emptyKnownHosts()).policy(HostKeyPolicy.WARN)) {
                ssh.connect("target", named, agentOnly);
                assertEquals("publickey", server.last().authMethod());
            }
            SshConfig none = SshConfig.parse(target + "  IdentityAgent none\n");
            try (SshClient ssh = new SshClient().knownHosts(emptyKnownHosts()).policy(HostKeyPolicy.WARN)
                    .agentSocket(agent.socket())) {
                AuthenticationException refused = assertThrows(AuthenticationException.class,
                        () -> ssh.connect("target", none, agentOnly));
                assertTrue(refused.getMessage().contains("tried nothing"), refused.getMessage());
            }
        }
    }

    /**
     * An IdentityFile that is a public key (ssh_config(5): the key then lives in an agent or a
     * token), readable by all as public keys are, names the agent's key that IdentitiesOnly lets
     * through, and is not warned about as an unprotected private key.
     */
    @Test
    void anIdentityFileThatIsAPublicKeyNamesTheAgentsKey() throws Exception {
        Path publicOnly = Files.writeString(directory.resolve("id_token.pub"),
                PublicKeyLine.of(user.getPublic(), "token").format() + "\n");
        Files.setPosixFilePermissions(publicOnly, PosixFilePermissions.fromString("rw-r--r--"));
        SshConfig config = SshConfig.parse("Host target\n  HostName 127.0.0.1\n  Port " + server.port()
                + "\n  User me\n  IdentityFile " + publicOnly + "\n  IdentitiesOnly yes\n");
        // a public key is no unprotected private key: no warning about it
        List<String> warnings;
        try (org.amiko.testkit.LogRecorder log = org.amiko.testkit.LogRecorder.start("org.amiko.client");
                SshAgentProcess agent = agent()) {
            agent.add(keyFile("agent_key", user));
            try (SshClient ssh = new SshClient().knownHosts(emptyKnownHosts()).policy(HostKeyPolicy.WARN)
                    .agentSocket(agent.socket())) {
                ssh.connect("target", config, new ConnectOptions(List.of(), true, false, null, null));
                assertEquals("publickey", server.last().authMethod());
            }
            warnings = log.messages(java.util.logging.Level.WARNING);
        }
        assertTrue(warnings.stream().noneMatch(warning -> warning.startsWith("identity file")), warnings.toString());
    }

    /**
     * A key given twice, and also held by the agent, is offered once: each refusal counts against
     * the server's tries.
     */
    @Test
    void aKeyGivenAndHeldByTheAgentIsOfferedOnce() throws Exception {
        KeyPair stranger = KeyPairs.generate("ssh-ed25519");
        try (SshAgentProcess agent = agent();
                SshClient ssh = new SshClient().knownHosts(emptyKnownHosts()).policy(HostKeyPolicy.WARN)
                        .agentSocket(agent.socket())) {
            agent.add(keyFile("stranger", stranger));
            agent.add(keyFile("other_stranger", KeyPairs.generate("ssh-ed25519")));
            AuthenticationException refused = assertThrows(AuthenticationException.class, () -> ssh.connect("127.0.0.1",
                    server.port(), "me", new ConnectOptions(List.of(stranger, stranger), true, false, null, null)));
            assertTrue(refused.getMessage().contains("(tried key, agent key)"), refused.getMessage());
        }
    }

    /**
     * A key the agent will not sign with (added with {@code ssh-add -c}, and nobody there to
     * confirm) is passed over, as ssh goes on after "agent refused operation": the password is next.
     */
    @Test
    void aKeyTheAgentWillNotSignWithIsPassedOver() throws Exception {
        try (SshAgentProcess agent = agent();
                SshClient ssh = new SshClient().knownHosts(emptyKnownHosts()).policy(HostKeyPolicy.WARN)
                        .agentSocket(agent.socket())) {
            agent.add(keyFile("confirm_key", user), "-c");
            ssh.connect("127.0.0.1", server.port(), TestServer.PASSWORD_USER,
                    new ConnectOptions(List.of(), true, false, null, TestServer.PASSWORD));
            assertEquals("password", server.last().authMethod());
        }
    }

    /** An agent that answers what no agent would is no agent: the login goes on to the password. */
    @Test
    void anAgentThatAnswersNonsenseIsNoAgent() throws Exception {
        Path socket = directory.resolve("nonsense.sock");
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(socket));
            Thread agent = new Thread(() -> {
                try (SocketChannel client = listener.accept()) {
                    while (true) {
                        ByteBuffer header = ByteBuffer.allocate(4);
                        while (header.hasRemaining() && client.read(header) >= 0) {
                            // one request's length
                        }
                        ByteBuffer request = ByteBuffer.allocate(header.flip().getInt());
                        while (request.hasRemaining() && client.read(request) >= 0) {
                            // its body
                        }
                        // the session-bind extension (27) succeeds (6); the identities answer (12)
                        // ends before its count
                        byte answer = request.get(0) == 27 ? (byte) 6 : (byte) 12;
                        client.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 1, answer}));
                    }
                } catch (IOException | RuntimeException e) {
                    // the client hung up; the test fails on its own if it never asked
                }
            });
            agent.start();
            try (SshClient ssh = new SshClient().knownHosts(emptyKnownHosts()).policy(HostKeyPolicy.WARN)
                    .agentSocket(socket)) {
                ssh.connect("127.0.0.1", server.port(), TestServer.PASSWORD_USER,
                        new ConnectOptions(List.of(), true, false, null, TestServer.PASSWORD));
                assertEquals("password", server.last().authMethod());
            }
            agent.join(10_000);
        }
    }

    /**
     * A host's ConnectTimeout, and the client's own connect timeout, bound the wait for a server
     * that takes the connection and says nothing.
     */
    @Test
    void aHostsConnectTimeoutEndsTheWaitForASilentServer() throws Exception {
        try (ServerSocketChannel silent = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            SshConfig config = SshConfig.parse("Host silent\n  HostName 127.0.0.1\n  Port "
                    + ((InetSocketAddress) silent.getLocalAddress()).getPort() + "\n  ConnectTimeout 1\n");
            try (SshClient ssh = new SshClient().knownHosts(emptyKnownHosts()).policy(HostKeyPolicy.WARN)) {
                IOException refused = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(
                        IOException.class, () -> ssh.connect("silent", config, ConnectOptions.keys(user))));
                assertTrue(refused.getMessage().contains("did not send its identification and host key within 1 s"),
                        refused.getMessage());
            }
            int port = ((InetSocketAddress) silent.getLocalAddress()).getPort();
            try (SshClient ssh = new SshClient().knownHosts(emptyKnownHosts()).policy(HostKeyPolicy.WARN)
                    .connectTimeout(Duration.ofMillis(700))) {
                IOException refused = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(
                        IOException.class, () -> ssh.connect("127.0.0.1", port, "me", ConnectOptions.keys(user))));
                assertTrue(refused.getMessage().contains("within 700 ms"), refused.getMessage());
            }
        }
    }

    /**
     * A CertificateFile's certificate is offered with the key it certifies, from an IdentityFile
     * or from the agent, before that key: here the server takes the certificate and not the key.
     */
    @Test
    void aCertificateFileIsOfferedWithTheKeyItCertifies() throws Exception {
        KeyPair key = KeyPairs.generate("ssh-ed25519");
        KeyPair authority = KeyPairs.generate("ssh-ed25519");
        OpenSshCertificate certificate = CertificateBuilder.of(OpenSshCertificate.Kind.USER, key.getPublic())
                .principals(List.of("me")).sign(authority.getPublic(), data -> new SshEd25519().sign(
                        authority.getPrivate(), data, new SecureRandom()), new SecureRandom());
        server.authorize(certificate);
        Path keyFile = keyFile("id_certified", key);
        Path certificateFile = Files.writeString(directory.resolve("elsewhere-cert.pub"),
                PublicKeyLine.of(certificate, "cert").format() + "\n");
        String target = "Host target\n  HostName 127.0.0.1\n  Port " + server.port() + "\n  User me\n"
                + "  CertificateFile " + certificateFile + "\n";
        SshConfig withFile = SshConfig.parse(target + "  IdentityFile " + keyFile + "\n");
        try (SshClient ssh = new SshClient().knownHosts(emptyKnownHosts()).policy(HostKeyPolicy.WARN)) {
            ssh.connect("target", withFile, new ConnectOptions(List.of(), false, false, null, null));
            assertEquals("publickey", server.last().authMethod());
        }
        try (SshAgentProcess agent = agent();
                SshClient ssh = new SshClient().knownHosts(emptyKnownHosts()).policy(HostKeyPolicy.WARN)
                        .agentSocket(agent.socket())) {
            agent.add(keyFile);
            ssh.connect("target", SshConfig.parse(target), new ConnectOptions(List.of(), true, false, null, null));
            assertEquals("publickey", server.last().authMethod());
            // with IdentitiesOnly, as in ssh, the certified key must be an identity file too
            try (SshClient only = new SshClient().knownHosts(emptyKnownHosts()).policy(HostKeyPolicy.WARN)
                    .agentSocket(agent.socket())) {
                assertThrows(AuthenticationException.class, () -> only.connect("target",
                        SshConfig.parse(target + "  IdentitiesOnly yes\n"),
                        new ConnectOptions(List.of(), true, false, null, null)));
            }
        }
    }

    @Test
    void openSftpTransfersAFile() throws Exception {
        Path root = Files.createDirectories(directory.resolve("root"));
        try (SftpTestServer sftpServer = SftpTestServer.start(root, org.amiko.sftp.server.RootedOptions.DEFAULTS);
                SshClient ssh = new SshClient().knownHosts(emptyKnownHosts()).policy(HostKeyPolicy.WARN)) {
            sftpServer.authorize(user.getPublic());
            ssh.connect("127.0.0.1", sftpServer.port(), "me", ConnectOptions.keys(user));
            Path local = Files.writeString(directory.resolve("report.txt"), "quarterly numbers");
            try (org.amiko.sftp.SftpClient sftp = ssh.openSftp()) {
                sftp.put(local, "report.txt");
            }
            assertEquals("quarterly numbers", Files.readString(root.resolve("report.txt")));
        }
    }

    @Test
    void passwordIsTriedAfterRefusedKeys() throws Exception {
        KeyPair stranger = KeyPairs.generate("ssh-ed25519");
        try (SshClient ssh = new SshClient().knownHosts(emptyKnownHosts()).policy(HostKeyPolicy.WARN)) {
            ssh.connect("127.0.0.1", server.port(), TestServer.PASSWORD_USER,
                    ConnectOptions.keys(stranger).withPassword(TestServer.PASSWORD));
            assertEquals("password", server.last().authMethod());
        }
        try (SshClient ssh = new SshClient().knownHosts(emptyKnownHosts()).policy(HostKeyPolicy.WARN)) {
            AuthenticationException refused = assertThrows(AuthenticationException.class, () -> ssh.connect(
                    "127.0.0.1", server.port(), "me", ConnectOptions.keys(stranger)));
            assertTrue(refused.getMessage().contains("key"), refused.getMessage());
            assertFalse(refused.getAllowedMethods().isEmpty());
        }
    }

    /**
     * A user whose server asks for the password only by keyboard-interactive (PAM behind sshd's
     * KbdInteractiveAuthentication) logs in with it; a wrong one goes once, by that method alone,
     * and a user the server takes passwords from never has it asked by keyboard-interactive.
     */
    @Test
    void aPasswordAskedForByKeyboardInteractiveIsAnswered() throws Exception {
        try (SshClient ssh = new SshClient().knownHosts(emptyKnownHosts()).policy(HostKeyPolicy.WARN)) {
            ssh.connect("127.0.0.1", server.port(), TestServer.INTERACTIVE_USER, ConnectOptions.password(TestServer.PASSWORD));
            assertEquals("keyboard-interactive", server.last().authMethod());
        }
        try (SshClient ssh = new SshClient().knownHosts(emptyKnownHosts()).policy(HostKeyPolicy.WARN)) {
            AuthenticationException refused = assertThrows(AuthenticationException.class, () -> ssh.connect(
                    "127.0.0.1", server.port(), TestServer.INTERACTIVE_USER, ConnectOptions.password("wrong")));
            assertTrue(refused.getMessage().contains("(tried keyboard-interactive)"), refused.getMessage());
        }
        try (SshClient ssh = new SshClient().knownHosts(emptyKnownHosts()).policy(HostKeyPolicy.WARN)) {
            AuthenticationException refused = assertThrows(AuthenticationException.class, () -> ssh.connect(
                    "127.0.0.1", server.port(), TestServer.PASSWORD_USER, ConnectOptions.password("wrong")));
            assertTrue(refused.getMessage().contains("(tried password)"), refused.getMessage());
        }
    }

    /**
     * A host's PreferredAuthentications orders the login methods and its PasswordAuthentication,
     * PubkeyAuthentication and KbdInteractiveAuthentication turn them off: a key the server takes
     * is not offered where only the password is preferred, and no password goes where it is off.
     */
    @Test
    void theConfigurationsLoginMethodsAreFollowed() throws Exception {
        String target = "Host target\n  HostName 127.0.0.1\n  Port " + server.port() + "\n";
        ConnectOptions keyAndPassword = new ConnectOptions(List.of(user), false, false, null, TestServer.PASSWORD);
        try (SshClient ssh = new SshClient().knownHosts(emptyKnownHosts()).policy(HostKeyPolicy.WARN)) {
            ssh.connect("target", SshConfig.parse(target + "  User " + TestServer.PASSWORD_USER
                    + "\n  PreferredAuthentications password,publickey\n"), keyAndPassword);
            assertEquals("password", server.last().authMethod(), "the password first, as preferred");
        }
        try (SshClient ssh = new SshClient().knownHosts(emptyKnownHosts()).policy(HostKeyPolicy.WARN)) {
            AuthenticationException refused = assertThrows(AuthenticationException.class, () -> ssh.connect("target",
                    SshConfig.parse(target + "  User " + TestServer.INTERACTIVE_USER + "\n  PubkeyAuthentication no\n"
                            + "  KbdInteractiveAuthentication no\n  PasswordAuthentication no\n"), keyAndPassword));
            assertTrue(refused.getMessage().contains("tried nothing"), refused.getMessage());
        }
        try (SshClient ssh = new SshClient().knownHosts(emptyKnownHosts()).policy(HostKeyPolicy.WARN)) {
            ssh.connect("target", SshConfig.parse(target + "  User " + TestServer.INTERACTIVE_USER
                    + "\n  PubkeyAuthentication no\n  ChallengeResponseAuthentication yes\n"), keyAndPassword);
            assertEquals("keyboard-interactive", server.last().authMethod(), "the key not offered");
        }
    }

    /**
     * A server that wants the password first and then a key (sshd's AuthenticationMethods
     * password,publickey): the key, refused while it was not yet the step, is offered again after
     * the password's partial success, as ssh starts its methods over.
     */
    @Test
    void aPartialSuccessStartsTheMethodsOver() throws Exception {
        org.amiko.core.SshServer ordered = org.amiko.core.SshServer.builder()
                .address(new InetSocketAddress("127.0.0.1", 0)).hostKeys(TestServer.hostKeys())
                .server(transport -> new GreetingServer(transport) {
                    @Override
                    public List<List<String>> getRequiredAuthentications(String username) {
                        return List.of(List.of("password", "publickey"));
                    }

                    @Override
                    public org.amiko.server.AuthResult checkAuthPassword(String username, String password) {
                        return password.equals("pw") ? org.amiko.server.AuthResult.SUCCESSFUL
                                : org.amiko.server.AuthResult.FAILED;
                    }

                    @Override
                    public org.amiko.server.AuthResult checkAuthPublickey(String username, java.security.PublicKey key) {
                        return key.equals(user.getPublic()) ? org.amiko.server.AuthResult.SUCCESSFUL
                                : org.amiko.server.AuthResult.FAILED;
                    }
                }).start();
        try (SshClient ssh = new SshClient().knownHosts(emptyKnownHosts()).policy(HostKeyPolicy.WARN)) {
            ssh.connect("127.0.0.1", ordered.address().getPort(), "me",
                    new ConnectOptions(List.of(user), false, false, null, "pw"));
            assertTrue(ssh.getTransport().isAuthenticated(), "the password, then the key offered again");
        } finally {
            ordered.closeAll();
        }
    }

    /**
     * AddKeysToAgent: the key read from an encrypted IdentityFile that logs in is given to the
     * agent, under the file's name, so the next login needs no passphrase; keys of every type go
     * over in the fields the agent reads, and it signs with them.
     */
    @Test
    void addKeysToAgentGivesTheAgentTheKeyThatLoggedIn() throws Exception {
        Path identity = directory.resolve("id_to_agent");
        KeyFiles.writeOpenSsh(identity, user, "to agent", "pass phrase".toCharArray());
        Files.setPosixFilePermissions(identity, PosixFilePermissions.fromString("rw-------"));
        try (SshAgentProcess agent = agent()) {
            String target = "Host target\n  HostName 127.0.0.1\n  Port " + server.port() + "\n  User me\n  IdentityFile "
                    + identity + "\n  IdentitiesOnly yes\n  IdentityAgent " + agent.socket() + "\n";
            try (SshClient ssh = new SshClient().knownHosts(emptyKnownHosts()).policy(HostKeyPolicy.WARN)) {
                ssh.connect("target", SshConfig.parse(target + "  AddKeysToAgent 1h\n"),
                        new ConnectOptions(List.of(), true, false, "pass phrase".toCharArray(), null));
            }
            try (SshClient ssh = new SshClient().knownHosts(emptyKnownHosts()).policy(HostKeyPolicy.WARN)) {
                ssh.connect("target", SshConfig.parse(target), new ConnectOptions(List.of(), true, false, null, null));
                assertEquals("publickey", server.last().authMethod(), "the agent's copy, no passphrase asked");
            }
            try (org.amiko.agent.AgentClient client = org.amiko.agent.AgentClient.connect(agent.socket())) {
                List<org.amiko.agent.AgentIdentity> held = client.identities();
                assertEquals(List.of(identity.toString()), held.stream().map(org.amiko.agent.AgentIdentity::comment).toList());
                assertEquals(user.getPublic(), held.get(0).key());
                for (String type : List.of("ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp521", "ssh-rsa")) {
                    KeyPair key = KeyPairs.generate(type);
                    client.add(key, type, Duration.ZERO, false);
                    String algorithm = type.equals("ssh-rsa") ? "rsa-sha2-512" : type;
                    byte[] data = "signed by the agent".getBytes(StandardCharsets.UTF_8);
                    byte[] signature = client.sign(key.getPublic(), algorithm, data);
                    org.amiko.spi.signature.SignatureAlgorithm verifier = (org.amiko.spi.signature.SignatureAlgorithm)
                            org.amiko.core.Amiko.defaultCatalog().find(org.amiko.AlgorithmFamily.HOST_KEY, algorithm)
                                    .orElseThrow().implementation();
                    assertTrue(verifier.verify(key.getPublic(), data, signature), type);
                }
                KeyPair confirmed = KeyPairs.generate("ssh-ed25519");
                client.add(confirmed, "confirmed", Duration.ofHours(1), true);
                assertTrue(client.identities().stream().anyMatch(entry -> confirmed.getPublic().equals(entry.key())),
                        "taken with its constraints");
            }
        }
    }

    /** invokeShell, as paramiko's: the shell runs on a terminal of the type asked for, reads its input, ends with exit. */
    @Test
    void invokeShellStartsTheShellOnATerminal() throws Exception {
        try (SshClient ssh = new SshClient().knownHosts(emptyKnownHosts()).policy(HostKeyPolicy.WARN)) {
            ssh.connect("127.0.0.1", server.port(), "me", ConnectOptions.keys(user));
            ExecResult shell = ssh.invokeShell("xterm-256color", 120, 40);
            shell.stdin().write("echo TERM=$TERM\nexit 3\n".getBytes(StandardCharsets.US_ASCII));
            shell.stdin().flush();
            String output = new String(shell.stdout().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(output.contains("TERM=xterm-256color"), output);
            assertEquals(3, shell.exitStatus());
        }
    }
}
