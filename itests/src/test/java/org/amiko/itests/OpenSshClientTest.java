// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.amiko.AlgorithmFamily;
import org.amiko.core.internal.transport.NegotiatedSuite;
import org.amiko.keys.KeyPairs;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The OpenSSH client against the Amiko server, every algorithm of the JDK pack one by one. */
class OpenSshClientTest {
    @TempDir
    static Path directory;

    private static TestServer server;
    private static OpenSshClient ssh;
    private static Path identity;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH client not installed");
        server = TestServer.start(org.amiko.core.TransportSettings.defaults(), transport -> {
            // legacy MACs are offered only when configured; this server configures them
            transport.getSecurityOptions().set(AlgorithmFamily.MAC, List.of("hmac-sha2-256-etm@openssh.com",
                    "hmac-sha2-512-etm@openssh.com", "hmac-sha2-256", "hmac-sha2-512", "umac-64-etm@openssh.com",
                    "umac-128-etm@openssh.com", "umac-64@openssh.com", "umac-128@openssh.com",
                    "hmac-sha1-etm@openssh.com", "hmac-sha1"));
        });
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        server.authorize(user.getPublic());
        ssh = new OpenSshClient(directory, server.port(), server.keys());
        identity = ssh.identity("id_ed25519", user);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static NegotiatedSuite lastSuite() {
        return server.last().session().engine().suite();
    }

    @ParameterizedTest
    @ValueSource(strings = {"curve25519-sha256", "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256",
        "ecdh-sha2-nistp384", "ecdh-sha2-nistp521", "diffie-hellman-group14-sha256", "diffie-hellman-group16-sha512",
        "diffie-hellman-group18-sha512", "diffie-hellman-group-exchange-sha256"})
    void keyExchange(String kex) throws Exception {
        PeerProcess.Result result = ssh.exec(identity, "echo kex-ok; exit 3", "KexAlgorithms=" + kex);
        assertEquals(3, result.exitCode(), result::toString);
        assertEquals("kex-ok\n", result.stdout());
        assertEquals(kex, lastSuite().kexName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
        "rsa-sha2-256", "rsa-sha2-512"})
    void hostKey(String algorithm) throws Exception {
        PeerProcess.Result result = ssh.exec(identity, "echo host-ok", "HostKeyAlgorithms=" + algorithm);
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("host-ok\n", result.stdout());
        assertEquals(algorithm, lastSuite().hostKeyName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "aes128-ctr", "aes192-ctr",
        "aes256-ctr"})
    void cipher(String cipher) throws Exception {
        PeerProcess.Result result = ssh.exec(identity, "head -c 100000 /dev/zero | wc -c", "Ciphers=" + cipher);
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("100000", result.stdout().trim());
        assertEquals(cipher, lastSuite().clientToServer().cipherName());
        assertEquals(cipher, lastSuite().serverToClient().cipherName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"hmac-sha2-256", "hmac-sha2-512", "hmac-sha2-256-etm@openssh.com",
        "hmac-sha2-512-etm@openssh.com", "hmac-sha1", "hmac-sha1-etm@openssh.com", "umac-64@openssh.com",
        "umac-128@openssh.com", "umac-64-etm@openssh.com", "umac-128-etm@openssh.com"})
    void mac(String mac) throws Exception {
        // 100000 bytes down: full 32 KiB packets as well as short ones, each with its own sequence number
        PeerProcess.Result result = ssh.exec(identity, "head -c 100000 /dev/zero | wc -c", "Ciphers=aes128-ctr",
                "MACs=" + mac);
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("100000", result.stdout().trim());
        assertEquals(mac, lastSuite().clientToServer().macName());
        assertEquals(mac, lastSuite().serverToClient().macName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa"})
    void userKeyTypes(String keyType) throws Exception {
        KeyPair user = KeyPairs.generate(keyType);
        server.authorize(user.getPublic());
        Path file = ssh.identity("id_" + keyType, user);
        PeerProcess.Result result = ssh.exec(file, "echo user-key-ok");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("user-key-ok\n", result.stdout());
    }

    /**
     * The server offers host-bound publickey (OpenSSH PROTOCOL section 3.1) and ssh 8.9+ takes it:
     * its signature names this server's host key, which the server checks before it verifies.
     */
    @Test
    void publicKeySignatureIsBoundToTheHostKey() throws Exception {
        List<String> command = ssh.command(identity, "tester", List.of());
        command.add(command.size() - 1, "-vvv"); // past LogLevel=ERROR: ssh names the method at debug3
        command.add("echo bound-ok");
        PeerProcess.Result result = PeerProcess.run(command, Map.of(), null, Duration.ofSeconds(60));
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("bound-ok\n", result.stdout());
        assertTrue(result.stderr().contains("using publickey-hostbound-v00@openssh.com"), result::toString);
        assertEquals("publickey", server.last().authMethod());
    }

    /** Streams {@code length} bytes through {@code ssh host cat} and checks they come back intact. */
    private static void roundTrip(long length, String... options) throws Exception {
        List<String> command = ssh.command(identity, "tester", List.of(options));
        command.add("cat");
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CompletableFuture<String> sent = new CompletableFuture<>();
        Thread writer = new Thread(() -> {
            try (OutputStream in = process.getOutputStream()) {
                sent.complete(Streams.writeRandom(in, length, length));
            } catch (Exception e) {
                sent.completeExceptionally(e);
            }
        });
        writer.start();
        String[] received = Streams.digest(process.getInputStream());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "ssh did not finish");
        assertEquals(0, process.exitValue());
        assertEquals(Long.toString(length), received[1]);
        assertEquals(sent.get(), received[0]);
    }

    @Test
    void fiftyMegabytesThroughCatComeBackIntact() throws Exception {
        roundTrip(50L * 1024 * 1024);
    }

    @Test
    void rekeyLimitForcesSeveralRekeysMidTransfer() throws Exception {
        roundTrip(20L * 1024 * 1024, "RekeyLimit=2M");
        int exchanges = server.last().session().engine().completedExchanges();
        assertTrue(exchanges >= 5, "expected several key re-exchanges, saw " + exchanges);
    }

    @Test
    void stderrIsKeptApartFromStdout() throws Exception {
        PeerProcess.Result result = ssh.exec(identity, "echo to-out; echo to-err 1>&2; exit 42");
        assertEquals(42, result.exitCode());
        assertEquals("to-out\n", result.stdout());
        assertEquals("to-err\n", result.stderr());
    }

    @Test
    void unknownKeyIsRefused() throws Exception {
        Path stranger = ssh.identity("id_stranger", KeyPairs.generate("ssh-ed25519"));
        PeerProcess.Result result = ssh.exec(stranger, "echo should-not-run");
        assertNotEquals(0, result.exitCode());
        assertTrue(result.stderr().contains("Permission denied"), result::toString);
    }

    @Test
    void passwordAuthentication() throws Exception {
        PeerProcess.Result result = ssh.execWithSecret(TestServer.PASSWORD_USER, TestServer.PASSWORD, "password",
                "echo password-ok");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("password-ok\n", result.stdout());
        assertEquals("password", server.last().authMethod());
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        PeerProcess.Result result = ssh.execWithSecret(TestServer.PASSWORD_USER, "wrong", "password", "true");
        assertNotEquals(0, result.exitCode());
        assertTrue(result.stderr().contains("Permission denied"), result::toString);
    }

    @Test
    void keyboardInteractiveAuthentication() throws Exception {
        PeerProcess.Result result = ssh.execWithSecret(TestServer.INTERACTIVE_USER, TestServer.PASSWORD,
                "keyboard-interactive", "echo ki-ok");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("ki-ok\n", result.stdout());
        assertEquals("keyboard-interactive", server.last().authMethod());
    }
}
