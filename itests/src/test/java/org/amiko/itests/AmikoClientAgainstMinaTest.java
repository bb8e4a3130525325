// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.amiko.AlgorithmFamily;
import org.amiko.AuthenticationException;
import org.amiko.Channel;
import org.amiko.HostKeyException;
import org.amiko.Transport;
import org.amiko.core.Amiko;
import org.amiko.core.internal.SshTransport;
import org.amiko.core.internal.transport.NegotiatedSuite;
import org.amiko.keys.KeyPairs;
import org.apache.sshd.common.kex.KexProposalOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Amiko client against an in-process Apache MINA SSHD server on loopback: publickey (ECDSA, and
 * RSA with rsa-sha2 chosen from the server's server-sig-algs), password and keyboard-interactive
 * authentication and their refusals, exec with exit status and stdout/stderr kept apart, a 4 MiB
 * round trip through an in-process {@code cat} during which MINA re-keys every MiB, a re-key asked
 * for by Amiko mid-channel, strict kex, a refused host key, and every key exchange, cipher, MAC
 * and host key algorithm of the JDK pack pinned one at a time on the Amiko side, checked against
 * what both sides say they negotiated.
 *
 * <p>The server is {@link MinaServer}: it offers everything MINA supports, so the Amiko pin alone
 * decides each negotiation. It has no Ed25519 (see there), so ssh-ed25519 host and user keys are
 * not tried.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AmikoClientAgainstMinaTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long ROUND_TRIP_BYTES = 4L * 1024 * 1024;

    private static MinaServer mina;
    private static KeyPair user;

    @BeforeAll
    static void start() throws Exception {
        // small enough that the round trip makes MINA start several key re-exchanges the Amiko client must follow
        mina = MinaServer.start(1L << 20);
        user = KeyPairs.generate("ecdsa-sha2-nistp256");
        mina.authorize(user.getPublic());
    }

    @AfterAll
    static void stop() throws IOException {
        if (mina != null) {
            mina.close();
        }
    }

    @Test
    void publickeyWithEcdsaKey() throws Exception {
        try (Transport transport = connect()) {
            assertEquals(List.of(), transport.authPublickey("tester", user));
            assertEquals("publickey", mina.authMethod());
            execAndCheck(transport);
        }
    }

    @Test
    void rsaUserKeyUsesServerSigAlgs() throws Exception {
        KeyPair rsa = KeyPairs.generate("ssh-rsa");
        mina.authorize(rsa.getPublic());
        try (Transport transport = connect()) {
            assertEquals(List.of(), transport.authPublickey("tester", rsa));
            assertEquals("publickey", mina.authMethod());
            execAndCheck(transport);
        }
    }

    @Test
    void unknownKeyIsRefusedWithMethodsLeft() throws Exception {
        try (Transport transport = connect()) {
            AuthenticationException refused = assertThrows(AuthenticationException.class,
                    () -> transport.authPublickey("tester", KeyPairs.generate("ecdsa-sha2-nistp256")));
            assertTrue(refused.getAllowedMethods().contains("publickey"), refused.getMessage());
            assertFalse(transport.isAuthenticated());
        }
    }

    @Test
    void passwordAuthentication() throws Exception {
        try (Transport transport = connect()) {
            assertEquals(List.of(), transport.authPassword(TestServer.PASSWORD_USER, TestServer.PASSWORD));
            assertEquals("password", mina.authMethod());
            assertTrue(transport.isAuthenticated());
            execAndCheck(transport);
        }
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        try (Transport transport = connect()) {
            AuthenticationException refused = assertThrows(AuthenticationException.class,
                    () -> transport.authPassword(TestServer.PASSWORD_USER, "wrong"));
            assertTrue(refused.getAllowedMethods().contains("password"), refused.getMessage());
            // a refusal leaves the connection usable for another attempt
            assertEquals(List.of(), transport.authPassword(TestServer.PASSWORD_USER, TestServer.PASSWORD));
        }
    }

    @Test
    void keyboardInteractiveAuthentication() throws Exception {
        try (Transport transport = connect()) {
            List<String> prompts = new ArrayList<>();
            assertEquals(List.of(), transport.authInteractive(TestServer.INTERACTIVE_USER, (name, instruction, list) -> {
                list.forEach(prompt -> prompts.add(prompt.text()));
                return list.stream().map(prompt -> TestServer.PASSWORD).toList();
            }));
            assertEquals(List.of("Password: "), prompts);
            assertEquals("keyboard-interactive", mina.authMethod());
            execAndCheck(transport);
        }
    }

    @Test
    void execKeepsStdoutAndStderrApart() throws Exception {
        try (Transport transport = authenticated()) {
            Channel channel = transport.openSession();
            channel.exec("split 42");
            assertEquals("to-out\n", new String(channel.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals("to-err\n", new String(channel.getExtendedInputStream().readAllBytes(),
                    StandardCharsets.UTF_8));
            assertEquals(Optional.of(42), channel.recvExitStatus(TIMEOUT));
        }
    }

    @Test
    void fourMegabytesThroughCatComeBackIntact() throws Exception {
        try (Transport transport = authenticated()) {
            Channel channel = transport.openSession();
            channel.exec("cat");
            OutputStream stdin = channel.getOutputStream();
            // written on a thread of its own: cat stops reading once its echo is not read
            CompletableFuture<String> sent = CompletableFuture.supplyAsync(() -> {
                try (stdin) {
                    return Streams.writeRandom(stdin, ROUND_TRIP_BYTES, 13);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, runnable -> new Thread(runnable, "amiko-writer").start());
            String[] received = Streams.digest(channel.getInputStream());
            assertEquals(Long.toString(ROUND_TRIP_BYTES), received[1]);
            assertEquals(sent.get(30, TimeUnit.SECONDS), received[0]);
            assertEquals(Optional.of(0), channel.recvExitStatus(TIMEOUT));
            int exchanges = ((SshTransport) transport).session().engine().completedExchanges();
            assertTrue(exchanges >= 4, "expected several server-initiated key re-exchanges, saw " + exchanges);
        }
    }

    @Test
    void rekeyOnDemandKeepsTheChannelUsable() throws Exception {
        try (Transport transport = authenticated()) {
            Channel channel = transport.openSession();
            channel.exec("cat");
            channel.send("before\n".getBytes(StandardCharsets.UTF_8));
            transport.renegotiateKeys();
            transport.sendIgnore(100);
            channel.send("after\n".getBytes(StandardCharsets.UTF_8));
            channel.shutdownOutput();
            assertEquals("before\nafter\n", new String(channel.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(Optional.of(0), channel.recvExitStatus(TIMEOUT));
            assertEquals(2, ((SshTransport) transport).session().engine().completedExchanges());
        }
    }

    @Test
    void strictKexIsNegotiatedWithMina() throws Exception {
        try (Transport transport = connect()) {
            assertTrue(((SshTransport) transport).session().engine().isStrictKex());
        }
    }

    @Test
    void untrustedHostKeyAborts() throws Exception {
        try (Transport transport = Amiko.connect("127.0.0.1", mina.port())) {
            assertThrows(HostKeyException.class, () -> transport.startClient((peer, type, key) -> false));
            assertFalse(transport.isActive());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"curve25519-sha256", "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256",
        "ecdh-sha2-nistp384", "ecdh-sha2-nistp521", "diffie-hellman-group14-sha256", "diffie-hellman-group16-sha512",
        "diffie-hellman-group18-sha512", "diffie-hellman-group-exchange-sha256", "diffie-hellman-group-exchange-sha1"})
    void keyExchange(String kex) throws Exception {
        try (Transport transport = pinned(AlgorithmFamily.KEX, kex)) {
            assertEquals(kex, suite(transport).kexName());
            assertEquals(kex, mina.latest().getNegotiatedKexParameter(KexProposalOption.ALGORITHMS));
        }
    }

    /** ssh-rsa included: Amiko, when it names it, still verifies an old server's SHA-1 signature. */
    @ParameterizedTest
    @ValueSource(strings = {"ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "rsa-sha2-256",
        "rsa-sha2-512", "ssh-rsa"})
    void hostKey(String algorithm) throws Exception {
        try (Transport transport = pinned(AlgorithmFamily.HOST_KEY, algorithm)) {
            assertEquals(algorithm, suite(transport).hostKeyName());
            assertEquals(algorithm, mina.latest().getNegotiatedKexParameter(KexProposalOption.SERVERKEYS));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "aes128-ctr", "aes192-ctr",
        "aes256-ctr"})
    void cipher(String cipher) throws Exception {
        try (Transport transport = pinned(AlgorithmFamily.CIPHER, cipher)) {
            assertEquals(cipher, suite(transport).clientToServer().cipherName());
            assertEquals(cipher, suite(transport).serverToClient().cipherName());
            assertEquals(cipher, mina.latest().getNegotiatedKexParameter(KexProposalOption.C2SENC));
            assertEquals(cipher, mina.latest().getNegotiatedKexParameter(KexProposalOption.S2CENC));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hmac-sha2-256", "hmac-sha2-512", "hmac-sha2-256-etm@openssh.com",
        "hmac-sha2-512-etm@openssh.com", "hmac-sha1", "hmac-sha1-etm@openssh.com"})
    void mac(String mac) throws Exception {
        Transport transport = Amiko.connect("127.0.0.1", mina.port());
        try (transport) {
            // a non-AEAD cipher, or the MAC would not be used at all
            transport.getSecurityOptions().set(AlgorithmFamily.CIPHER, List.of("aes256-ctr"));
            transport.getSecurityOptions().set(AlgorithmFamily.MAC, List.of(mac));
            transport.startClient((peer, type, key) -> KnownHostsFile.contains(mina.hostKeys(), key));
            transport.authPassword(TestServer.PASSWORD_USER, TestServer.PASSWORD);
            execAndCheck(transport);
            assertEquals(mac, suite(transport).clientToServer().macName());
            assertEquals(mac, suite(transport).serverToClient().macName());
            assertEquals(mac, mina.latest().getNegotiatedKexParameter(KexProposalOption.C2SMAC));
            assertEquals(mac, mina.latest().getNegotiatedKexParameter(KexProposalOption.S2CMAC));
        }
    }

    /** Connects with one family narrowed to {@code algorithm}, authenticates and runs a command. */
    private static Transport pinned(AlgorithmFamily family, String algorithm) throws Exception {
        Transport transport = Amiko.connect("127.0.0.1", mina.port());
        try {
            transport.getSecurityOptions().set(family, List.of(algorithm));
            transport.startClient((peer, type, key) -> KnownHostsFile.contains(mina.hostKeys(), key));
            transport.authPassword(TestServer.PASSWORD_USER, TestServer.PASSWORD);
            execAndCheck(transport);
            return transport;
        } catch (Exception | AssertionError e) {
            transport.close();
            throw e;
        }
    }

    private static Transport connect() throws IOException {
        Transport transport = Amiko.connect("127.0.0.1", mina.port());
        try {
            transport.startClient((peer, type, key) -> KnownHostsFile.contains(mina.hostKeys(), key));
            return transport;
        } catch (IOException | RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    private static Transport authenticated() throws IOException {
        Transport transport = connect();
        transport.authPassword(TestServer.PASSWORD_USER, TestServer.PASSWORD);
        return transport;
    }

    private static void execAndCheck(Transport transport) throws Exception {
        Channel channel = transport.openSession();
        channel.exec("echo amiko-client-ok");
        assertEquals("amiko-client-ok\n", new String(channel.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(Optional.of(0), channel.recvExitStatus(TIMEOUT));
    }

    private static NegotiatedSuite suite(Transport transport) {
        return ((SshTransport) transport).session().engine().suite();
    }
}
