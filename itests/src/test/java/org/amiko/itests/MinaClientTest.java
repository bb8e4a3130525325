// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.amiko.core.TransportSettings;
import org.amiko.core.internal.transport.NegotiatedSuite;
import org.amiko.keys.KeyFiles;
import org.amiko.keys.KeyPairs;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.keyboard.UserAuthKeyboardInteractiveFactory;
import org.apache.sshd.client.auth.keyboard.UserInteraction;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Apache MINA SSHD client against the Amiko server: publickey authentication (a key pair handed
 * over directly and an OpenSSH-format key file written by {@link KeyFiles#writeOpenSsh}), password
 * and keyboard-interactive authentication, exec with exit status and stdout/stderr kept apart, a
 * 4 MiB round trip through {@code cat} (also with server-initiated re-keying every MiB), a
 * client-initiated re-key mid-channel, strict kex, and every key exchange, cipher, MAC and host key
 * algorithm pinned one at a time through the client's factories. The host key is checked by a
 * {@code ServerKeyVerifier} that compares it with the server's keys.
 *
 * <p>MINA implements ssh-ed25519 only with net.i2p eddsa or Bouncy Castle on the class path, and
 * itests has neither, so Ed25519 host and user keys are not tried here.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MinaClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long ROUND_TRIP_BYTES = 4L * 1024 * 1024;

    @TempDir
    static Path directory;

    private static TestServer server;
    private static List<PublicKey> hostKeys;
    private static KeyPair user;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(TransportSettings.defaults(), AmikoOffer::everything);
        hostKeys = server.keys().stream().map(KeyPair::getPublic).toList();
        user = KeyPairs.generate("ecdsa-sha2-nistp256");
        server.authorize(user.getPublic());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** What an exec left behind. */
    private record Exec(String stdout, String stderr, Integer status) {}

    @Test
    void publickeyWithKeyPair() throws Exception {
        try (SshClient client = client(c -> { })) {
            try (ClientSession session = session(client, "tester")) {
                session.addPublicKeyIdentity(user);
                session.auth().verify(TIMEOUT);
                assertEquals(new Exec("key-ok\n", "", 0), exec(session, "echo key-ok"));
                assertEquals("publickey", server.last().authMethod());
                assertTrue(server.last().session().engine().isStrictKex(), "MINA offers strict kex; Amiko should agree");
                assertTrue(session.getServerVersion().startsWith("SSH-2.0-Amiko"), session.getServerVersion());
            }
        }
    }

    /** MINA parses OpenSSH key files itself; RSA also exercises rsa-sha2 user signatures. */
    @ParameterizedTest
    @ValueSource(strings = {"ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa"})
    void publickeyWithOpenSshKeyFile(String keyType) throws Exception {
        KeyPair key = KeyPairs.generate(keyType);
        server.authorize(key.getPublic());
        Path file = directory.resolve("id_" + keyType);
        KeyFiles.writeOpenSsh(file, key, "mina test");
        try (SshClient client = client(c -> c.setKeyIdentityProvider(new FileKeyPairProvider(file)))) {
            try (ClientSession session = session(client, "tester")) {
                session.auth().verify(TIMEOUT);
                assertEquals(new Exec("file-key-ok\n", "", 0), exec(session, "echo file-key-ok"));
                assertEquals("publickey", server.last().authMethod());
            }
        }
    }

    @Test
    void unknownKeyIsRefused() throws Exception {
        try (SshClient client = client(c -> { }); ClientSession session = session(client, "tester")) {
            session.addPublicKeyIdentity(KeyPairs.generate("ecdsa-sha2-nistp256"));
            IOException e = assertThrows(IOException.class, () -> session.auth().verify(TIMEOUT));
            assertFalse(session.isAuthenticated());
            assertTrue(e.getMessage().contains("No more authentication methods"), e::toString);
        }
    }

    @Test
    void passwordAuthentication() throws Exception {
        try (SshClient client = client(c -> { }); ClientSession session = passwordSession(client)) {
            assertEquals(new Exec("password-ok\n", "", 0), exec(session, "echo password-ok"));
            assertEquals("password", server.last().authMethod());
        }
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        try (SshClient client = client(c -> { }); ClientSession session = session(client, TestServer.PASSWORD_USER)) {
            session.addPasswordIdentity("wrong");
            IOException e = assertThrows(IOException.class, () -> session.auth().verify(TIMEOUT));
            assertTrue(e.getMessage().contains("No more authentication methods"), e::toString);
        }
    }

    @Test
    void keyboardInteractiveAuthentication() throws Exception {
        // only keyboard-interactive, or MINA would settle for password first
        try (SshClient client = client(c -> c.setUserAuthFactories(List.of(UserAuthKeyboardInteractiveFactory.INSTANCE)));
                ClientSession session = session(client, TestServer.INTERACTIVE_USER)) {
            session.setUserInteraction(new UserInteraction() {
                @Override
                public String[] interactive(ClientSession s, String name, String instruction, String language,
                        String[] prompts, boolean[] echo) {
                    return prompts.length == 1 ? new String[] {TestServer.PASSWORD} : null;
                }

                @Override
                public String getUpdatedPassword(ClientSession s, String prompt, String language) {
                    return null;
                }
            });
            session.auth().verify(TIMEOUT);
            assertEquals(new Exec("ki-ok\n", "", 0), exec(session, "echo ki-ok"));
            assertEquals("keyboard-interactive", server.last().authMethod());
        }
    }

    @Test
    void execKeepsStdoutAndStderrApart() throws Exception {
        try (SshClient client = client(c -> { }); ClientSession session = passwordSession(client)) {
            assertEquals(new Exec("to-out\n", "to-err\n", 42), exec(session, "echo to-out; echo to-err 1>&2; exit 42"));
        }
    }

    @Test
    void fourMegabytesThroughCatComeBackIntact() throws Exception {
        try (SshClient client = client(c -> { }); ClientSession session = passwordSession(client)) {
            roundTrip(session, 11);
        }
    }

    /** A server that re-keys every MiB does so several times while MINA streams in both directions. */
    @Test
    void serverInitiatedRekeysDuringTransfer() throws Exception {
        try (TestServer rekeying = TestServer.start(TransportSettings.builder().rekeyBytes(1 << 20).build(),
                AmikoOffer::everything); SshClient client = client(c -> { });
                ClientSession session = client.connect(TestServer.PASSWORD_USER, "127.0.0.1", rekeying.port())
                        .verify(TIMEOUT).getSession()) {
            session.addPasswordIdentity(TestServer.PASSWORD);
            session.auth().verify(TIMEOUT);
            roundTrip(session, 17);
            int exchanges = rekeying.last().session().engine().completedExchanges();
            assertTrue(exchanges >= 4, "expected several key re-exchanges, saw " + exchanges);
        }
    }

    /** MINA asks for a re-exchange in the middle of a channel; the channel must carry on. */
    @Test
    void clientInitiatedRekeyMidChannel() throws Exception {
        try (SshClient client = client(c -> { }); ClientSession session = passwordSession(client);
                ChannelExec channel = session.createExecChannel("cat")) {
            channel.open().verify(TIMEOUT);
            OutputStream stdin = channel.getInvertedIn();
            stdin.write("before\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            assertTrue(session.reExchangeKeys().verify(TIMEOUT).isDone());
            stdin.write("after\n".getBytes(StandardCharsets.UTF_8));
            stdin.close();
            assertEquals("before\nafter\n", new String(channel.getInvertedOut().readAllBytes(), StandardCharsets.UTF_8));
            Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
            assertTrue(events.contains(ClientChannelEvent.CLOSED), events::toString);
            assertEquals(0, channel.getExitStatus());
            assertEquals(2, server.last().session().engine().completedExchanges());
        }
    }

    /** Streams {@link #ROUND_TRIP_BYTES} through {@code cat} and checks they come back intact. */
    private static void roundTrip(ClientSession session, long seed) throws Exception {
        try (ChannelExec channel = session.createExecChannel("cat")) {
            channel.open().verify(TIMEOUT);
            OutputStream stdin = channel.getInvertedIn();
            // written on a thread of its own: cat stops reading once its echo is not read
            CompletableFuture<String> sent = CompletableFuture.supplyAsync(() -> {
                try (stdin) {
                    return Streams.writeRandom(stdin, ROUND_TRIP_BYTES, seed);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, runnable -> new Thread(runnable, "mina-writer").start());
            String[] received = Streams.digest(channel.getInvertedOut());
            assertEquals(Long.toString(ROUND_TRIP_BYTES), received[1]);
            assertEquals(sent.get(30, TimeUnit.SECONDS), received[0]);
            Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
            assertTrue(events.contains(ClientChannelEvent.CLOSED), events::toString);
            assertEquals(0, channel.getExitStatus());
        }
    }

    @Test
    void unexpectedHostKeyIsRefused() throws Exception {
        try (SshClient client = client(c -> c.setServerKeyVerifier((session, address, key) -> false))) {
            // MINA reports the refusal either at connect or at the first wait after it
            IOException e = assertThrows(IOException.class, () -> {
                try (ClientSession session = session(client, TestServer.PASSWORD_USER)) {
                    session.addPasswordIdentity(TestServer.PASSWORD);
                    session.auth().verify(TIMEOUT);
                }
            });
            assertFalse(server.last().isAuthenticated());
            assertTrue(e.getMessage().contains("Server key did not validate"), e::toString);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"curve25519-sha256", "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256",
        "ecdh-sha2-nistp384", "ecdh-sha2-nistp521", "diffie-hellman-group14-sha256", "diffie-hellman-group16-sha512",
        "diffie-hellman-group18-sha512", "diffie-hellman-group-exchange-sha256", "diffie-hellman-group-exchange-sha1"})
    void keyExchange(String kex) throws Exception {
        NegotiatedSuite suite = pinned(c -> c.setKeyExchangeFactories(
                List.of(ClientBuilder.DH2KEX.apply(BuiltinDHFactories.fromFactoryName(kex)))));
        assertEquals(kex, suite.kexName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "rsa-sha2-256",
        "rsa-sha2-512", "ssh-rsa"})
    void hostKey(String algorithm) throws Exception {
        assertEquals(algorithm, pinned(c -> c.setSignatureFactoriesNames(algorithm)).hostKeyName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "aes128-ctr", "aes192-ctr",
        "aes256-ctr", "aes128-cbc", "aes192-cbc", "aes256-cbc"})
    void cipher(String cipher) throws Exception {
        NegotiatedSuite suite = pinned(c -> c.setCipherFactoriesNames(cipher));
        assertEquals(cipher, suite.clientToServer().cipherName());
        assertEquals(cipher, suite.serverToClient().cipherName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"hmac-sha2-256", "hmac-sha2-512", "hmac-sha2-256-etm@openssh.com",
        "hmac-sha2-512-etm@openssh.com", "hmac-sha1", "hmac-sha1-etm@openssh.com", "hmac-sha1-96", "hmac-md5",
        "hmac-md5-96"})
    void mac(String mac) throws Exception {
        NegotiatedSuite suite = pinned(c -> {
            // a non-AEAD cipher, or the MAC would not be used at all
            c.setCipherFactoriesNames("aes128-ctr");
            c.setMacFactoriesNames(mac);
        });
        assertEquals(mac, suite.clientToServer().macName());
        assertEquals(mac, suite.serverToClient().macName());
    }

    /**
     * Connects with the client adjusted by {@code pin}, runs a command and returns the server's view
     * of the suite. Password authentication, because MINA uses one signature list for host keys and
     * user keys, so pinning a host key algorithm would also restrict the user key.
     */
    private static NegotiatedSuite pinned(Consumer<SshClient> pin) throws Exception {
        try (SshClient client = client(pin); ClientSession session = passwordSession(client)) {
            assertEquals(new Exec("pinned\n", "", 0), exec(session, "echo pinned"));
            return server.last().session().engine().suite();
        }
    }

    /** A started client whose verifier accepts exactly the server's host keys. */
    private static SshClient client(Consumer<SshClient> configure) {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier((session, address, key) -> KnownHostsFile.contains(hostKeys, key));
        configure.accept(client);
        client.start();
        return client;
    }

    private static ClientSession session(SshClient client, String user) throws IOException {
        return client.connect(user, "127.0.0.1", server.port()).verify(TIMEOUT).getSession();
    }

    private static ClientSession passwordSession(SshClient client) throws IOException {
        ClientSession session = session(client, TestServer.PASSWORD_USER);
        session.addPasswordIdentity(TestServer.PASSWORD);
        session.auth().verify(TIMEOUT);
        return session;
    }

    private static Exec exec(ClientSession session, String command) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ChannelExec channel = session.createExecChannel(command)) {
            channel.setOut(out);
            channel.setErr(err);
            channel.open().verify(TIMEOUT);
            Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
            assertTrue(events.contains(ClientChannelEvent.CLOSED), events::toString);
            return new Exec(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                    channel.getExitStatus());
        }
    }
}
