// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.amiko.core.TransportSettings;
import org.amiko.core.internal.SshTransport;
import org.amiko.core.internal.transport.NegotiatedSuite;
import org.amiko.keys.KeyFiles;
import org.amiko.keys.KeyPairs;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Debian's paramiko 2.12 (python3-paramiko, run by {@code /usr/bin/python3} through
 * {@code peers/paramiko_client.py}) as the client of the Amiko server: publickey authentication with
 * OpenSSH-format key files written by {@link KeyFiles#writeOpenSsh} (Ed25519, ECDSA, RSA), password
 * and keyboard-interactive authentication, exec with exit status and stdout/stderr kept apart, a
 * 10 MiB round trip through {@code cat}, a 4 MiB one during which the server re-keys every MiB, a
 * refused host key, and every key exchange, cipher, MAC and
 * host key algorithm the two share, one at a time. paramiko checks the host key against a
 * known_hosts file holding the server's keys.
 *
 * <p>paramiko 2.12 lacks curve25519-sha256 (it has only the @libssh.org name),
 * diffie-hellman-group18-sha512, hmac-sha1-etm@openssh.com and the AES-GCM ciphers; those are not
 * tried. The legacy algorithms the two share (the AES-CBC ciphers, hmac-sha1-96, hmac-md5 and
 * hmac-md5-96, diffie-hellman-group14-sha1, the ssh-rsa host key) are; the insecure ones, 3des-cbc and
 * diffie-hellman-group1-sha1, which this server does not offer, are tried against OpenSSH in
 * {@code LegacyAlgorithmsInteropTest}.
 */
class ParamikoClientTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final int ROUND_TRIP_BYTES = 10 * 1024 * 1024;

    @TempDir
    static Path directory;

    private static TestServer server;
    private static Path script;
    private static Path knownHosts;
    private static Path identity;
    private static KeyPair user;
    private static final Map<Integer, SshTransport> byClientPort = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(PeerProcess.available(PYTHON), PYTHON + " not installed");
        PeerProcess.Result probe = PeerProcess.run(List.of(PYTHON, "-c", "import paramiko"), Duration.ofSeconds(30));
        assumeTrue(probe.exitCode() == 0, "python3-paramiko not installed: " + probe.stderr());
        server = TestServer.start(TransportSettings.defaults(), ParamikoClientTest::configure);
        user = KeyPairs.generate("ssh-ed25519");
        server.authorize(user.getPublic());
        identity = keyFile("id_ed25519", user);
        knownHosts = KnownHostsFile.write(directory.resolve("known_hosts"), server.port(),
                publicKeys(server.keys()));
        script = Path.of(ParamikoClientTest.class.getResource("/peers/paramiko_client.py").toURI());
    }

    private static void configure(org.amiko.Transport transport) {
        AmikoOffer.everything(transport);
        // recorded now: once paramiko has gone the server's socket no longer knows its peer
        byClientPort.put(transport.getPeerName().getPort(), (SshTransport) transport);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void publickeyWithOpenSshEd25519KeyFile() throws Exception {
        Map<String, String> result = one("exec", "tester", "key:" + identity, knownHosts, "echo key-ok");
        assertEquals("key-ok\n", result.get("stdout"), result::toString);
        assertEquals("0", result.get("exit"));
        assertTrue(result.get("remote_version").startsWith("SSH-2.0-Amiko"), result::toString);
        assertEquals("publickey", served(result).authMethod());
    }

    /** paramiko reads each OpenSSH key type with its own class; RSA also exercises rsa-sha2 user signatures. */
    @ParameterizedTest
    @ValueSource(strings = {"ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa"})
    void publickeyWithOtherKeyTypes(String keyType) throws Exception {
        KeyPair key = KeyPairs.generate(keyType);
        server.authorize(key.getPublic());
        Map<String, String> result = one("exec", "tester", "key:" + keyFile("id_" + keyType, key), knownHosts,
                "echo user-key-ok");
        assertEquals("user-key-ok\n", result.get("stdout"), result::toString);
        assertEquals("publickey", served(result).authMethod());
    }

    @Test
    void unknownKeyIsRefused() throws Exception {
        Path stranger = keyFile("id_stranger", KeyPairs.generate("ssh-ed25519"));
        Map<String, String> result = run("exec", "tester", "key:" + stranger, knownHosts, "echo should-not-run").get(0);
        assertTrue(result.getOrDefault("error", "").startsWith("AuthenticationException"), result::toString);
        assertFalse(result.containsKey("stdout"));
    }

    @Test
    void passwordAuthentication() throws Exception {
        Map<String, String> result = one("exec", TestServer.PASSWORD_USER, "password:" + TestServer.PASSWORD,
                knownHosts, "echo password-ok");
        assertEquals("password-ok\n", result.get("stdout"), result::toString);
        assertEquals("password", served(result).authMethod());
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        Map<String, String> result = run("exec", TestServer.PASSWORD_USER, "password:wrong", knownHosts, "true")
                .get(0);
        assertTrue(result.getOrDefault("error", "").startsWith("AuthenticationException"), result::toString);
    }

    @Test
    void keyboardInteractiveAuthentication() throws Exception {
        Map<String, String> result = one("exec", TestServer.INTERACTIVE_USER, "interactive:" + TestServer.PASSWORD,
                knownHosts, "echo ki-ok");
        assertEquals("ki-ok\n", result.get("stdout"), result::toString);
        assertEquals("keyboard-interactive", served(result).authMethod());
    }

    @Test
    void execKeepsStdoutAndStderrApart() throws Exception {
        Map<String, String> result = one("exec", "tester", "key:" + identity, knownHosts,
                "echo to-out; echo to-err 1>&2; exit 42");
        assertEquals("to-out\n", result.get("stdout"), result::toString);
        assertEquals("to-err\n", result.get("stderr"), result::toString);
        assertEquals("42", result.get("exit"));
    }

    @Test
    void tenMegabytesThroughCatComeBackIntact() throws Exception {
        Map<String, String> result = one("cat", "tester", "key:" + identity, knownHosts,
                Integer.toString(ROUND_TRIP_BYTES));
        assertEquals(Integer.toString(ROUND_TRIP_BYTES), result.get("received_bytes"), result::toString);
        assertEquals(result.get("sent_sha256"), result.get("received_sha256"), result::toString);
        assertEquals("0", result.get("exit"));
    }

    /** A server that re-keys every MiB does so several times while paramiko streams in both directions. */
    @Test
    void serverInitiatedRekeysDuringTransfer() throws Exception {
        try (TestServer rekeying = TestServer.start(TransportSettings.builder().rekeyBytes(1 << 20).build(),
                ParamikoClientTest::configure)) {
            rekeying.authorize(user.getPublic());
            Path hosts = KnownHostsFile.write(directory.resolve("known_hosts_rekey"), rekeying.port(),
                    publicKeys(rekeying.keys()));
            List<Map<String, String>> results = run(rekeying.port(), "cat", "tester", "key:" + identity, hosts,
                    Integer.toString(4 * 1024 * 1024));
            Map<String, String> result = results.get(0);
            assertNull(result.get("error"), result::toString);
            assertEquals(Integer.toString(4 * 1024 * 1024), result.get("received_bytes"), result::toString);
            assertEquals(result.get("sent_sha256"), result.get("received_sha256"), result::toString);
            int exchanges = served(result).session().engine().completedExchanges();
            assertTrue(exchanges >= 4, "expected several key re-exchanges, saw " + exchanges);
        }
    }

    /** A known_hosts file naming other keys must make paramiko stop before it authenticates. */
    @Test
    void unexpectedHostKeyIsRefused() throws Exception {
        Path wrong = KnownHostsFile.write(directory.resolve("known_hosts_wrong"), server.port(),
                KnownHostsFile.impostors(server.keys()));
        Map<String, String> result = run("exec", "tester", "key:" + identity, wrong, "echo should-not-run").get(0);
        assertTrue(result.getOrDefault("error", "").startsWith("BadHostKeyException"), result::toString);
        assertFalse(served(result).isAuthenticated());
    }

    @TestFactory
    List<DynamicTest> keyExchange() throws Exception {
        return matrix("kex", List.of("curve25519-sha256@libssh.org", "ecdh-sha2-nistp256", "ecdh-sha2-nistp384",
                "ecdh-sha2-nistp521", "diffie-hellman-group14-sha256", "diffie-hellman-group16-sha512",
                "diffie-hellman-group-exchange-sha256", "diffie-hellman-group-exchange-sha1",
                "diffie-hellman-group14-sha1"),
                (result, suite) -> assertEquals(result.get("pin").substring(4), suite.kexName()));
    }

    @TestFactory
    List<DynamicTest> cipher() throws Exception {
        return matrix("cipher", List.of("aes128-ctr", "aes192-ctr", "aes256-ctr", "aes128-cbc", "aes192-cbc",
                "aes256-cbc"), (result, suite) -> {
            String name = result.get("pin").substring(7);
            assertEquals(name, result.get("cipher_out"));
            assertEquals(name, result.get("cipher_in"));
            assertEquals(name, suite.clientToServer().cipherName());
            assertEquals(name, suite.serverToClient().cipherName());
        });
    }

    @TestFactory
    List<DynamicTest> mac() throws Exception {
        return matrix("mac", List.of("hmac-sha2-256", "hmac-sha2-512", "hmac-sha2-256-etm@openssh.com",
                "hmac-sha2-512-etm@openssh.com", "hmac-sha1", "hmac-sha1-96", "hmac-md5", "hmac-md5-96"),
                (result, suite) -> {
                    String name = result.get("pin").substring(4);
                    assertEquals(name, result.get("mac_out"));
                    assertEquals(name, result.get("mac_in"));
                    assertEquals(name, suite.clientToServer().macName());
                    assertEquals(name, suite.serverToClient().macName());
                });
    }

    @TestFactory
    List<DynamicTest> hostKey() throws Exception {
        return matrix("key", List.of("ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
                "ecdsa-sha2-nistp521", "rsa-sha2-256", "rsa-sha2-512", "ssh-rsa"), (result, suite) -> {
                    String name = result.get("pin").substring(4);
                    assertEquals(name, result.get("host_key_type"));
                    assertEquals(name, suite.hostKeyName());
                });
    }

    /** A check of one pinned connection, given paramiko's report and the server's negotiated suite. */
    private interface SuiteCheck {
        void check(Map<String, String> result, NegotiatedSuite suite);
    }

    /**
     * One paramiko process makes a connection per name (a process per name would spend most of the
     * time importing paramiko); each connection becomes a test of its own.
     */
    private static List<DynamicTest> matrix(String family, List<String> names, SuiteCheck check) throws Exception {
        List<String> arguments = new ArrayList<>(List.of(family));
        arguments.addAll(names);
        List<Map<String, String>> results = run("matrix", "tester", "key:" + identity, knownHosts,
                arguments.toArray(String[]::new));
        assertEquals(names.size(), results.size(), results::toString);
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            Map<String, String> result = results.get(i);
            tests.add(DynamicTest.dynamicTest(name, () -> {
                assertEquals(family + ":" + name, result.get("pin"));
                assertNull(result.get("error"), result::toString);
                assertEquals(name + "\n", result.get("stdout"), result::toString);
                assertEquals("0", result.get("exit"));
                check.check(result, served(result).session().engine().suite());
            }));
        }
        return tests;
    }

    /** Runs the script and expects one connection that reported no error. */
    private static Map<String, String> one(String mode, String user, String auth, Path hosts, String... rest)
            throws Exception {
        List<Map<String, String>> results = run(mode, user, auth, hosts, rest);
        assertEquals(1, results.size(), results::toString);
        assertNull(results.get(0).get("error"), results.get(0)::toString);
        return results.get(0);
    }

    private static List<Map<String, String>> run(String mode, String user, String auth, Path hosts, String... rest)
            throws IOException, InterruptedException {
        return run(server.port(), mode, user, auth, hosts, rest);
    }

    private static List<Map<String, String>> run(int port, String mode, String user, String auth, Path hosts,
            String... rest) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString(), mode, "127.0.0.1",
                Integer.toString(port), user, auth, hosts.toString()));
        command.addAll(List.of(rest));
        // PYTHONDONTWRITEBYTECODE keeps the script's directory clean; nothing else of the caller's environment matters
        PeerProcess.Result process = PeerProcess.run(command, Map.of("PYTHONDONTWRITEBYTECODE", "1"), null, DEADLINE);
        assertEquals(0, process.exitCode(), process::toString);
        return parse(process.stdout());
    }

    /** The server's side of the connection paramiko reported, found by paramiko's local port. */
    private static SshTransport served(Map<String, String> result) {
        SshTransport transport = byClientPort.get(Integer.parseInt(result.get("local_port")));
        if (transport == null) {
            throw new AssertionError("the server saw no connection from that port: " + result);
        }
        return transport;
    }

    /** Blocks of {@code field=JSON value} lines, each ended by {@code end}. */
    static List<Map<String, String>> parse(String output) {
        List<Map<String, String>> blocks = new ArrayList<>();
        Map<String, String> block = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            if (line.equals("end")) {
                blocks.add(block);
                block = new LinkedHashMap<>();
            } else if (!line.isEmpty()) {
                int equals = line.indexOf('=');
                block.put(line.substring(0, equals), jsonScalar(line.substring(equals + 1)));
            }
        }
        return blocks;
    }

    /** A JSON string, number or null as Java sees it; enough for what the script prints. */
    private static String jsonScalar(String text) {
        if (text.equals("null")) {
            return null;
        }
        if (!text.startsWith("\"")) {
            return text;
        }
        StringBuilder value = new StringBuilder();
        for (int i = 1; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                value.append(c);
                continue;
            }
            char escaped = text.charAt(++i);
            switch (escaped) {
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'u' -> {
                    value.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> value.append(escaped);
            }
        }
        return value.toString();
    }

    private static Path keyFile(String name, KeyPair key) throws IOException, GeneralSecurityException {
        Path file = directory.resolve(name);
        KeyFiles.writeOpenSsh(file, key, name);
        return file;
    }

    static List<PublicKey> publicKeys(List<KeyPair> pairs) {
        return pairs.stream().map(KeyPair::getPublic).toList();
    }
}
