// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.amiko.Channel;
import org.amiko.ChannelOpenException;
import org.amiko.Transport;
import org.amiko.client.ConnectOptions;
import org.amiko.client.HostKeyPolicy;
import org.amiko.client.JumpHost;
import org.amiko.client.ProxyCommand;
import org.amiko.client.SshClient;
import org.amiko.client.SshConfig;
import org.amiko.core.Amiko;
import org.amiko.core.internal.SshTransport;
import org.amiko.core.internal.transport.NegotiatedSuite;
import org.amiko.keys.KeyPairs;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SSH through a jump host ({@link JumpHost}, ssh's {@code -J}): OpenSSH's sshd as the jump host to
 * the Amiko server and the other way round, two jumps in a row, and {@link SshClient} through a
 * jump with the target's host key checked in known_hosts under the target's own name; and through
 * a {@link ProxyCommand}, here OpenSSH's {@code ssh -W} to sshd. The target's host key is checked
 * against the peer the verifier is shown: the target, not the jump.
 */
@Timeout(120)
class JumpHostTest {
    @TempDir
    Path directory;

    private final KeyPair user = generate();
    private TestServer amiko;
    private OpenSshServer sshd;

    private static KeyPair generate() {
        try {
            return KeyPairs.generate("ssh-ed25519");
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    @BeforeEach
    void start() throws Exception {
        assumeTrue(OpenSshServer.available(), "OpenSSH sshd not installed, or not root");
        amiko = TestServer.start();
        amiko.authorize(user.getPublic());
        sshd = OpenSshServer.start(directory, List.of(user));
    }

    @AfterEach
    void stop() {
        if (amiko != null) {
            amiko.close();
        }
        if (sshd != null) {
            sshd.close();
        }
    }

    private List<PublicKey> amikoKeys() {
        return amiko.keys().stream().map(KeyPair::getPublic).toList();
    }

    /** A transport logged in directly. */
    private Transport direct(int port, List<PublicKey> hostKeys, String name) throws IOException {
        Transport transport = Amiko.connect("127.0.0.1", port);
        transport.startClient((peer, type, key) -> hostKeys.contains(key));
        transport.authPublickey(name, user);
        return transport;
    }

    private static String run(Transport transport, String command) throws IOException {
        Channel channel = transport.openSession();
        channel.exec(command);
        return new String(channel.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void throughSshdToTheAmikoServerAndBack() throws Exception {
        List<SocketAddress> shown = new CopyOnWriteArrayList<>();
        try (Transport jump = direct(sshd.port(), sshd.hostKeys(), "root");
                Transport target = JumpHost.connect(jump, "127.0.0.1", amiko.port())) {
            target.startClient((peer, type, key) -> shown.add(peer) && amikoKeys().contains(key));
            target.authPublickey("tester", user);
            assertEquals("through-sshd\n", run(target, "echo through-sshd"));
            assertEquals(List.of(InetSocketAddress.createUnresolved("127.0.0.1", amiko.port())), shown,
                    "the target, not the jump host");
            assertEquals(InetSocketAddress.createUnresolved("127.0.0.1", amiko.port()), target.getPeerName());

            // and a second jump, from the Amiko server back to sshd: a connection in a connection in a connection
            try (Transport again = JumpHost.connect(target, "127.0.0.1", sshd.port())) {
                again.startClient((peer, type, key) -> sshd.hostKeys().contains(key));
                again.authPublickey("root", user);
                assertEquals("two-jumps\n", run(again, "echo two-jumps"));
            }
            assertEquals("still-there\n", run(target, "echo still-there"), "closing the inner leaves the outer");
        }
    }

    /** ssh -W through sshd as the ProxyCommand: ssh's own way to a jump host, with the Amiko client on top. */
    @Test
    void throughOpenSshsClientAsTheProxyCommand() throws Exception {
        OpenSshClient ssh = new OpenSshClient(directory, sshd.port(), sshd.hostKeys().stream()
                .map(key -> new KeyPair(key, null)).toList());
        List<String> proxy = ssh.command(ssh.identity("id_proxy", user), "root", List.of());
        proxy.add(proxy.size() - 1, "-W");
        proxy.add(proxy.size() - 1, "127.0.0.1:" + amiko.port());
        // the program says its process id, so that the test can see it stopped with the connection
        Path pidFile = directory.resolve("proxy.pid");
        List<String> recorded = new java.util.ArrayList<>(List.of("/bin/sh", "-c",
                "echo $$ > " + pidFile + "; exec \"$@\"", "sh"));
        recorded.addAll(proxy);
        List<SocketAddress> shown = new CopyOnWriteArrayList<>();
        try (Transport target = ProxyCommand.connect(recorded, "127.0.0.1", amiko.port(),
                org.amiko.core.TransportSettings.defaults(), Amiko::defaultCatalog)) {
            target.startClient((peer, type, key) -> shown.add(peer) && amikoKeys().contains(key));
            target.authPublickey("tester", user);
            assertEquals("through-ssh-W\n", run(target, "echo through-ssh-W"));
            assertEquals(List.of(InetSocketAddress.createUnresolved("127.0.0.1", amiko.port())), shown);
        }
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        ProcessHandle.of(pid).ifPresent(program -> program.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
                .join());
        assertTrue(ProcessHandle.of(pid).map(program -> !program.isAlive()).orElse(true),
                "the ProxyCommand is stopped when its connection closes");
    }

    /** A ProxyCommand that ends at once (here: false) ends the connection: the client learns, it does not hang. */
    @Test
    void aProxyCommandThatEndsEndsTheConnection() throws Exception {
        try (Transport target = ProxyCommand.connect("false %h %p", "127.0.0.1", amiko.port())) {
            assertThrows(IOException.class, () -> target.startClient((peer, type, key) -> true));
        }
    }

    /**
     * The Amiko distribution as the bastion of OpenSSH's {@code ssh -J}, with
     * {@code allowTcpForwarding = local}: ssh reaches sshd through it, each hop's host key checked
     * in one known_hosts file (ssh hands {@code -F} on to the ssh it starts for the jump).
     */
    @Test
    void openSshsJumpThroughTheDistribution() throws Exception {
        Path home = RunningDistribution.install(directory, user);
        RunningDistribution.setting(home, "allowTcpForwarding = no", "allowTcpForwarding = local");
        int port = OpenSshServer.freePort();
        try (RunningDistribution bastion = new RunningDistribution(home, port)) {
            bastion.await("listening on /127.0.0.1:" + port);
            String knownHosts = KnownHostsFile.lines(port, RunningDistribution.hostKeys(home).stream()
                    .map(KeyPair::getPublic).toList()) + KnownHostsFile.lines(sshd.port(), sshd.hostKeys());
            Path knownHostsFile = Files.writeString(directory.resolve("jump_known_hosts"), knownHosts);
            OpenSshClient keys = new OpenSshClient(directory, port, List.of());
            Path sshConfig = Files.writeString(directory.resolve("ssh_config"), "Host *\n"
                    + "  UserKnownHostsFile " + knownHostsFile + "\n  GlobalKnownHostsFile /dev/null\n"
                    + "  StrictHostKeyChecking yes\n  BatchMode yes\n  IdentitiesOnly yes\n"
                    + "  IdentityFile " + keys.identity("id_jump", user) + "\n  LogLevel ERROR\n");
            PeerProcess.Result through = PeerProcess.run(List.of(OpenSshClient.SSH, "-F", sshConfig.toString(),
                    "-J", "admin@127.0.0.1:" + port, "-p", Integer.toString(sshd.port()), "root@127.0.0.1",
                    "echo through-the-bastion"), java.time.Duration.ofSeconds(60));
            assertEquals(0, through.exitCode(), through::toString);
            assertEquals("through-the-bastion\n", through.stdout());
            bastion.await("Accepted publickey for admin from 127\\.0\\.0\\.1");
        }
    }

    /**
     * SshClient by an ssh_config: the alias "target" is the Amiko server reached through the
     * ProxyJump "jumpbox", sshd, each with its own HostName, Port, User, IdentityFile and the one
     * known_hosts file, where the target is filed under its HostKeyAlias; StrictHostKeyChecking
     * yes refuses the target while its key is not on file; its Ciphers and MACs are what is used.
     */
    @Test
    void sshClientFollowsAnSshConfigThroughItsProxyJump() throws Exception {
        OpenSshClient files = new OpenSshClient(directory, sshd.port(), List.of());
        Path identity = files.identity("id_config", user);
        Path knownHosts = directory.resolve("config_known_hosts");
        String lines = KnownHostsFile.lines(sshd.port(), sshd.hostKeys());
        Files.writeString(knownHosts, lines);
        SshConfig config = SshConfig.parse("Host target\n  HostName 127.0.0.1\n  Port " + amiko.port()
                + "\n  User tester\n  ProxyJump jumpbox\n  HostKeyAlias amiko-target\n  Ciphers aes256-ctr\n"
                + "  MACs hmac-sha2-512-etm@openssh.com\n  ServerAliveInterval 30\n"
                + "\nHost jumpbox\n  HostName 127.0.0.1\n  Port " + sshd.port()
                + "\n  User root\n\nHost *\n  IdentityFile " + identity + "\n  UserKnownHostsFile " + knownHosts
                + "\n  StrictHostKeyChecking yes\n");
        ConnectOptions nothingElse = new ConnectOptions(List.of(), false, false, null, null);
        try (SshClient client = new SshClient()) {
            IOException unknown = assertThrows(IOException.class, () -> client.connect("target", config, nothingElse));
            assertTrue(unknown.getMessage().contains(Integer.toString(amiko.port())), unknown.getMessage());
        }
        // under its HostKeyAlias, as ssh files it: the alias alone, no port
        Files.writeString(knownHosts, lines + KnownHostsFile.lines("amiko-target", amikoKeys()));
        try (SshClient client = new SshClient()) {
            client.connect("target", config, nothingElse);
            assertEquals("configured\n", new String(client.exec("echo configured").stdout().readAllBytes(),
                    StandardCharsets.UTF_8));
            assertEquals("tester", client.getTransport().getUsername());
            NegotiatedSuite suite = ((SshTransport) client.getTransport()).session().engine().suite();
            assertEquals("aes256-ctr", suite.clientToServer().cipherName(), "the host's Ciphers");
            assertEquals("hmac-sha2-512-etm@openssh.com", suite.clientToServer().macName(), "the host's MACs");
        }
    }

    /**
     * SshClient runs a host's configured ProxyCommand with its tokens: {@code ssh -W %h:%p} through
     * sshd to the Amiko server, and the program sees {@code %r}, the user, and {@code %n}, the
     * name asked for.
     */
    @Test
    void sshClientRunsAConfiguredProxyCommandWithItsTokens() throws Exception {
        OpenSshClient ssh = new OpenSshClient(directory, sshd.port(), sshd.hostKeys().stream()
                .map(key -> new KeyPair(key, null)).toList());
        Path identity = ssh.identity("id_tokens", user);
        List<String> proxy = ssh.command(identity, "root", List.of());
        proxy.add(proxy.size() - 1, "-W");
        proxy.add(proxy.size() - 1, "%h:%p");
        Path tokens = directory.resolve("tokens");
        String command = "sh -c 'echo \"$1 $2\" > " + tokens + "; shift 2; exec \"$@\"' sh %r %n "
                + String.join(" ", proxy);
        Path knownHosts = KnownHostsFile.write(directory.resolve("tokens_known_hosts"), amiko.port(), amikoKeys());
        SshConfig config = SshConfig.parse("Host target-alias\n  HostName 127.0.0.1\n  Port " + amiko.port()
                + "\n  User tester\n  IdentityFile " + identity + "\n  ProxyCommand " + command
                + "\n  UserKnownHostsFile " + knownHosts + "\n  StrictHostKeyChecking yes\n");
        try (SshClient client = new SshClient()) {
            client.connect("target-alias", config, new ConnectOptions(List.of(), false, false, null, null));
            assertEquals("through-the-command\n", new String(client.exec("echo through-the-command").stdout()
                    .readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals("tester target-alias", Files.readString(tokens).strip());
    }

    /**
     * What vagrant ssh-config writes: UserKnownHostsFile /dev/null with StrictHostKeyChecking no.
     * The key is accepted for this connection and written nowhere: /dev/null stays the device it is
     * (renamed over, as root, it would have become a world-writable file).
     */
    @Test
    void aKnownHostsFileOfDevNullIsNeverWritten() throws Exception {
        Path devNull = Path.of("/dev/null");
        assumeTrue(Files.exists(devNull) && !Files.isRegularFile(devNull));
        // only a user who may replace /dev/null (root, as in CI) can see a file renamed over it
        assumeTrue(Files.isWritable(devNull.getParent()), "/dev cannot be written: the test could not fail");
        OpenSshClient files = new OpenSshClient(directory, sshd.port(), List.of());
        SshConfig config = SshConfig.parse("Host box\n  HostName 127.0.0.1\n  Port " + amiko.port() + "\n  User tester\n"
                + "  IdentityFile " + files.identity("id_vagrant", user) + "\n  UserKnownHostsFile /dev/null\n"
                + "  StrictHostKeyChecking no\n");
        try (SshClient client = new SshClient()) {
            client.connect("box", config, new ConnectOptions(List.of(), false, false, null, null));
            assertEquals("in\n", new String(client.exec("echo in").stdout().readAllBytes(), StandardCharsets.UTF_8));
        }
        assertFalse(Files.isRegularFile(devNull), "/dev/null is still no regular file");
        assertEquals(0, Files.size(devNull));
    }

    /**
     * A target that refuses the user ends the whole attempt: the jump host's connection, opened
     * for it by the ProxyJump, is closed too, not left open behind the failure.
     */
    @Test
    void aRefusedTargetClosesTheJumpConnectionMadeForIt() throws Exception {
        OpenSshClient files = new OpenSshClient(directory, sshd.port(), List.of());
        Path identity = files.identity("id_refused", user);
        Path knownHosts = directory.resolve("refused_known_hosts");
        Files.writeString(knownHosts, KnownHostsFile.lines(amiko.port(), amikoKeys())
                + KnownHostsFile.lines(sshd.port(), sshd.hostKeys()));
        // the Amiko server is the jump host; sshd, the target, knows no key of "nobody-here"
        SshConfig config = SshConfig.parse("Host target\n  HostName 127.0.0.1\n  Port " + sshd.port()
                + "\n  User nobody-here\n  ProxyJump hop\n\nHost hop\n  HostName 127.0.0.1\n  Port " + amiko.port()
                + "\n  User tester\n\nHost *\n  IdentityFile " + identity + "\n  UserKnownHostsFile " + knownHosts
                + "\n  StrictHostKeyChecking yes\n");
        int before = amiko.served().size();
        try (SshClient client = new SshClient()) {
            assertThrows(IOException.class, () -> client.connect("target", config,
                    new ConnectOptions(List.of(), false, false, null, null)));
        }
        assertEquals(before + 1, amiko.served().size(), "one connection to the jump host");
        amiko.served().get(before).whenClosed().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    /**
     * A bad algorithm list of any host on the way fails the connection before anything connects:
     * here the second jump host's Ciphers, malformed or naming nothing installed, which used to be
     * found only once the first jump host was up.
     */
    @Test
    void aBadAlgorithmListOnTheWayFailsBeforeAnythingConnects() throws Exception {
        for (String ciphers : List.of("aes128-ctr,,aes256-ctr", "no-such-cipher")) {
            SshConfig config = SshConfig.parse("Host target\n  HostName 127.0.0.1\n  Port " + sshd.port()
                    + "\n  ProxyJump first,second\n\nHost first\n  HostName 127.0.0.1\n  Port " + amiko.port()
                    + "\n  User tester\n\nHost second\n  HostName 127.0.0.1\n  Port " + sshd.port() + "\n  Ciphers "
                    + ciphers + "\n");
            int before = amiko.served().size();
            try (SshClient client = new SshClient()) {
                IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> client.connect("target",
                        config, new ConnectOptions(List.of(), false, false, null, null)));
                assertTrue(bad.getMessage().contains(ciphers), bad.getMessage());
            }
            assertEquals(before, amiko.served().size(), "no connection to the first jump host, for " + ciphers);
        }
    }

    /** A target the jump host cannot reach: the channel open is refused, and the jump connection serves on. */
    @Test
    void aTargetTheJumpHostCannotReachIsRefused() throws Exception {
        int closed = OpenSshServer.freePort();
        try (Transport jump = direct(amiko.port(), amikoKeys(), "tester")) {
            assertThrows(ChannelOpenException.class, () -> JumpHost.connect(jump, "127.0.0.1", closed));
            assertEquals("jump-ok\n", run(jump, "echo jump-ok"));
        }
    }

    /**
     * SshClient through a jump: the target's key is looked up in known_hosts as
     * {@code [127.0.0.1]:port} of the target; with only the jump's key on file under that name,
     * the target is refused.
     */
    @Test
    void sshClientChecksTheTargetsKeyUnderTheTargetsName() throws Exception {
        Path knownHosts = KnownHostsFile.write(directory.resolve("known_hosts"), sshd.port(), sshd.hostKeys());
        try (SshClient jump = new SshClient().knownHosts(knownHosts).policy(HostKeyPolicy.REJECT)) {
            jump.connect("127.0.0.1", sshd.port(), "root", ConnectOptions.keys(user));
            try (SshClient target = new SshClient().knownHosts(knownHosts).policy(HostKeyPolicy.REJECT)) {
                IOException unknown = assertThrows(IOException.class,
                        () -> target.connect("127.0.0.1", amiko.port(), "tester", ConnectOptions.keys(user), jump));
                assertTrue(unknown.getMessage().contains(Integer.toString(amiko.port())), unknown.getMessage());
            }
            Files.writeString(knownHosts, KnownHostsFile.lines(sshd.port(), sshd.hostKeys())
                    + KnownHostsFile.lines(amiko.port(), amikoKeys()));
            try (SshClient target = new SshClient().knownHosts(knownHosts).policy(HostKeyPolicy.REJECT)) {
                target.connect("127.0.0.1", amiko.port(), "tester", ConnectOptions.keys(user), jump);
                assertEquals("via-sshclient\n", new String(target.exec("echo via-sshclient").stdout().readAllBytes(),
                        StandardCharsets.UTF_8));
            }
            assertEquals("jump-alive\n", new String(jump.exec("echo jump-alive").stdout().readAllBytes(),
                    StandardCharsets.UTF_8));
        }
    }
}
