// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchAlgoNegoFailException;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.UIKeyboardInteractive;
import com.jcraft.jsch.UserInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.amiko.core.TransportSettings;
import org.amiko.core.internal.transport.NegotiatedSuite;
import org.amiko.keys.KeyFiles;
import org.amiko.keys.KeyPairs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JSch (com.github.mwiede:jsch) as the client of the Amiko server: publickey authentication with
 * OpenSSH-format key files (Ed25519, ECDSA, RSA with rsa-sha2 and with the legacy ssh-rsa
 * signature), password and keyboard-interactive authentication, exec with exit status and
 * stdout/stderr kept apart, a 4 MiB round trip through {@code cat} (also with server-initiated
 * re-keying every MiB), a client-initiated re-key, strict kex, and every key
 * exchange, cipher, MAC and host key algorithm of the JDK pack pinned one at a time through
 * {@code session.setConfig}, the legacy ones (AES-CBC, hmac-sha1-96, hmac-md5, the ssh-rsa host key)
 * too, which this server names. Host keys are checked strictly against a known_hosts file; a wrong
 * one must fail.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JschClientTest {
    private static final int CONNECT_TIMEOUT_MS = 30_000;
    private static final long ROUND_TRIP_BYTES = 4L * 1024 * 1024;

    @TempDir
    static Path directory;

    private static TestServer server;
    private static Path knownHosts;
    private static Path identity;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(TransportSettings.defaults(), AmikoOffer::everything);
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        server.authorize(user.getPublic());
        identity = keyFile("id_ed25519", user);
        knownHosts = KnownHostsFile.write(directory.resolve("known_hosts"), server.port(),
                server.keys().stream().map(KeyPair::getPublic).toList());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** What an exec left behind. */
    private record Exec(String stdout, String stderr, int status) {}

    @Test
    void publickeyWithOpenSshEd25519KeyFile() throws Exception {
        Session session = connect("tester", identity, Map.of());
        try {
            assertEquals(new Exec("key-ok\n", "", 0), exec(session, "echo key-ok"));
            assertEquals("publickey", server.last().authMethod());
            assertTrue(server.last().session().engine().isStrictKex(), "JSch offers strict kex; Amiko should agree");
            assertTrue(session.getServerVersion().startsWith("SSH-2.0-Amiko"), session.getServerVersion());
        } finally {
            session.disconnect();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa"})
    void publickeyWithOtherKeyTypes(String keyType) throws Exception {
        KeyPair user = KeyPairs.generate(keyType);
        server.authorize(user.getPublic());
        Session session = connect("tester", keyFile("id_" + keyType, user), Map.of());
        try {
            assertEquals(new Exec("user-key-ok\n", "", 0), exec(session, "echo user-key-ok"));
        } finally {
            session.disconnect();
        }
    }

    /** Old clients sign with SHA-1 RSA; a server configured for legacy algorithms must still verify it. */
    @Test
    void legacySshRsaUserSignatureIsVerified() throws Exception {
        KeyPair user = KeyPairs.generate("ssh-rsa");
        server.authorize(user.getPublic());
        Session session = connect("tester", keyFile("id_rsa_legacy", user), Map.of("PubkeyAcceptedAlgorithms",
                "ssh-rsa"));
        try {
            assertEquals(new Exec("sha1-ok\n", "", 0), exec(session, "echo sha1-ok"));
            assertEquals("publickey", server.last().authMethod());
        } finally {
            session.disconnect();
        }
    }

    @Test
    void unknownKeyIsRefused() throws Exception {
        Path stranger = keyFile("id_stranger", KeyPairs.generate("ssh-ed25519"));
        JSchException refused = assertThrows(JSchException.class, () -> connect("tester", stranger, Map.of()));
        assertTrue(refused.getMessage().contains("Auth fail"), refused.getMessage());
    }

    @Test
    void passwordAuthentication() throws Exception {
        Session session = session(TestServer.PASSWORD_USER, null, Map.of("PreferredAuthentications", "password"));
        session.setPassword(TestServer.PASSWORD);
        session.connect(CONNECT_TIMEOUT_MS);
        try {
            assertEquals(new Exec("password-ok\n", "", 0), exec(session, "echo password-ok"));
            assertEquals("password", server.last().authMethod());
        } finally {
            session.disconnect();
        }
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        Session session = session(TestServer.PASSWORD_USER, null, Map.of("PreferredAuthentications", "password",
                "MaxAuthTries", "1"));
        session.setPassword("wrong");
        JSchException refused = assertThrows(JSchException.class, () -> session.connect(CONNECT_TIMEOUT_MS));
        assertTrue(refused.getMessage().contains("Auth fail"), refused.getMessage());
    }

    @Test
    void keyboardInteractiveAuthentication() throws Exception {
        Session session = session(TestServer.INTERACTIVE_USER, null,
                Map.of("PreferredAuthentications", "keyboard-interactive"));
        session.setUserInfo(new Answers(TestServer.PASSWORD));
        session.connect(CONNECT_TIMEOUT_MS);
        try {
            assertEquals(new Exec("ki-ok\n", "", 0), exec(session, "echo ki-ok"));
            assertEquals("keyboard-interactive", server.last().authMethod());
        } finally {
            session.disconnect();
        }
    }

    @Test
    void execKeepsStdoutAndStderrApart() throws Exception {
        Session session = connect("tester", identity, Map.of());
        try {
            assertEquals(new Exec("to-out\n", "to-err\n", 42), exec(session, "echo to-out; echo to-err 1>&2; exit 42"));
        } finally {
            session.disconnect();
        }
    }

    @Test
    void fourMegabytesThroughCatComeBackIntact() throws Exception {
        Session session = connect("tester", identity, Map.of());
        try {
            roundTrip(session, 7);
        } finally {
            session.disconnect();
        }
    }

    /** A server that re-keys every MiB does so several times while JSch streams in both directions. */
    @Test
    void serverInitiatedRekeysDuringTransfer() throws Exception {
        try (TestServer rekeying = TestServer.start(TransportSettings.builder().rekeyBytes(1 << 20).build(),
                AmikoOffer::everything)) {
            rekeying.authorize(KeyFiles.load(identity, null).getPublic());
            JSch jsch = new JSch();
            jsch.setKnownHosts(KnownHostsFile.write(directory.resolve("known_hosts_rekey"), rekeying.port(),
                    rekeying.keys().stream().map(KeyPair::getPublic).toList()).toString());
            jsch.addIdentity(identity.toString());
            Session session = jsch.getSession("tester", "127.0.0.1", rekeying.port());
            session.setConfig("StrictHostKeyChecking", "yes");
            session.connect(CONNECT_TIMEOUT_MS);
            try {
                roundTrip(session, 17);
                int exchanges = rekeying.last().session().engine().completedExchanges();
                assertTrue(exchanges >= 4, "expected several key re-exchanges, saw " + exchanges);
            } finally {
                session.disconnect();
            }
        }
    }

    /** JSch asks for a re-exchange; the session must carry on with the new keys. */
    @Test
    void clientInitiatedRekey() throws Exception {
        Session session = connect("tester", identity, Map.of());
        try {
            assertEquals(new Exec("before\n", "", 0), exec(session, "echo before"));
            session.rekey();
            // JSch holds channel traffic back until the exchange it started has finished
            assertEquals(new Exec("after\n", "", 0), exec(session, "echo after"));
            assertEquals(2, server.last().session().engine().completedExchanges());
        } finally {
            session.disconnect();
        }
    }

    /** Streams {@link #ROUND_TRIP_BYTES} through {@code cat} and checks they come back intact. */
    private static void roundTrip(Session session, long seed) throws Exception {
        ChannelExec channel = (ChannelExec) session.openChannel("exec");
        channel.setCommand("cat");
        InputStream echo = channel.getInputStream();
        InputStream errors = channel.getErrStream();
        channel.connect(CONNECT_TIMEOUT_MS);
        OutputStream stdin = channel.getOutputStream();
        // written on a thread of its own: cat stops reading once its echo is not read
        CompletableFuture<String> sent = CompletableFuture.supplyAsync(() -> {
            try (stdin) {
                return Streams.writeRandom(stdin, ROUND_TRIP_BYTES, seed);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, runnable -> new Thread(runnable, "jsch-writer").start());
        String[] received = Streams.digest(echo);
        assertEquals(Long.toString(ROUND_TRIP_BYTES), received[1]);
        assertEquals(sent.get(30, TimeUnit.SECONDS), received[0]);
        assertEquals("", new String(errors.readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(0, channel.getExitStatus());
        channel.disconnect();
    }

    @Test
    void unexpectedHostKeyIsRefused() throws Exception {
        Path wrong = KnownHostsFile.write(directory.resolve("known_hosts_wrong"), server.port(),
                KnownHostsFile.impostors(server.keys()));
        JSch jsch = new JSch();
        jsch.setKnownHosts(wrong.toString());
        jsch.addIdentity(identity.toString());
        Session session = jsch.getSession("tester", "127.0.0.1", server.port());
        session.setConfig("StrictHostKeyChecking", "yes");
        assertThrows(JSchChangedHostKeyException.class, () -> session.connect(CONNECT_TIMEOUT_MS));
        assertFalse(server.last().isAuthenticated());
    }

    @ParameterizedTest
    @ValueSource(strings = {"curve25519-sha256", "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256",
        "ecdh-sha2-nistp384", "ecdh-sha2-nistp521", "diffie-hellman-group14-sha256", "diffie-hellman-group16-sha512",
        "diffie-hellman-group18-sha512", "diffie-hellman-group-exchange-sha256", "diffie-hellman-group-exchange-sha1"})
    void keyExchange(String kex) throws Exception {
        assertEquals(kex, pinned(Map.of("kex", kex)).kexName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
        "rsa-sha2-256", "rsa-sha2-512", "ssh-rsa"})
    void hostKey(String algorithm) throws Exception {
        assertEquals(algorithm, pinned(Map.of("server_host_key", algorithm)).hostKeyName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "aes128-ctr", "aes192-ctr",
        "aes256-ctr", "aes128-cbc", "aes192-cbc", "aes256-cbc"})
    void cipher(String cipher) throws Exception {
        NegotiatedSuite suite = pinned(Map.of("cipher.c2s", cipher, "cipher.s2c", cipher));
        assertEquals(cipher, suite.clientToServer().cipherName());
        assertEquals(cipher, suite.serverToClient().cipherName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"hmac-sha2-256", "hmac-sha2-512", "hmac-sha2-256-etm@openssh.com",
        "hmac-sha2-512-etm@openssh.com", "hmac-sha1", "hmac-sha1-etm@openssh.com", "hmac-sha1-96", "hmac-md5",
        "hmac-md5-96"})
    void mac(String mac) throws Exception {
        // a non-AEAD cipher, or the MAC would not be used at all
        NegotiatedSuite suite = pinned(Map.of("cipher.c2s", "aes128-ctr", "cipher.s2c", "aes128-ctr", "mac.c2s", mac,
                "mac.s2c", mac));
        assertEquals(mac, suite.clientToServer().macName());
        assertEquals(mac, suite.serverToClient().macName());
    }

    /** Connects with {@code config}, runs a command through the result and returns the server's view of the suite. */
    private static NegotiatedSuite pinned(Map<String, String> config) throws Exception {
        Session session = connect("tester", identity, config);
        try {
            assertEquals(new Exec("pinned\n", "", 0), exec(session, "echo pinned"));
            return server.last().session().engine().suite();
        } finally {
            session.disconnect();
        }
    }

    private static Session session(String user, Path key, Map<String, String> config) throws JSchException {
        JSch jsch = new JSch();
        jsch.setKnownHosts(knownHosts.toString());
        if (key != null) {
            jsch.addIdentity(key.toString());
        }
        Session session = jsch.getSession(user, "127.0.0.1", server.port());
        session.setConfig("StrictHostKeyChecking", "yes");
        config.forEach(session::setConfig);
        return session;
    }

    private static Session connect(String user, Path key, Map<String, String> config) throws JSchException {
        Session session = session(user, key, config);
        if (!config.containsKey("PreferredAuthentications")) {
            session.setConfig("PreferredAuthentications", "publickey");
        }
        session.connect(CONNECT_TIMEOUT_MS);
        return session;
    }

    private static Exec exec(Session session, String command) throws JSchException, IOException {
        ChannelExec channel = (ChannelExec) session.openChannel("exec");
        channel.setCommand(command);
        InputStream out = channel.getInputStream();
        InputStream err = channel.getErrStream();
        channel.connect(CONNECT_TIMEOUT_MS);
        try {
            String stdout = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            // JSch ends the stderr stream only on SSH_MSG_CHANNEL_CLOSE, which the exit status precedes
            String stderr = new String(err.readAllBytes(), StandardCharsets.UTF_8);
            return new Exec(stdout, stderr, channel.getExitStatus());
        } finally {
            channel.disconnect();
        }
    }

    private static Path keyFile(String name, KeyPair key) throws Exception {
        Path file = directory.resolve(name);
        KeyFiles.writeOpenSsh(file, key, name);
        return file;
    }

    /** Answers every keyboard-interactive prompt with one secret; JSch asks nothing else here. */
    private static final class Answers implements UserInfo, UIKeyboardInteractive {
        private final String secret;

        Answers(String secret) {
            this.secret = secret;
        }

        @Override
        public String[] promptKeyboardInteractive(String destination, String name, String instruction,
                String[] prompt, boolean[] echo) {
            String[] answers = new String[prompt.length];
            Arrays.fill(answers, secret);
            return answers;
        }

        @Override
        public String getPassphrase() {
            return null;
        }

        @Override
        public String getPassword() {
            return null;
        }

        @Override
        public boolean promptPassword(String message) {
            return false;
        }

        @Override
        public boolean promptPassphrase(String message) {
            return false;
        }

        @Override
        public boolean promptYesNo(String message) {
            return false;
        }

        @Override
        public void showMessage(String message) {
            // the server sends no banner here
        }
    }
}
