// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.amiko.AlgorithmFamily;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.core.Amiko;
import org.amiko.core.internal.SshTransport;
import org.amiko.core.internal.transport.NegotiatedSuite;
import org.amiko.keys.KeyPairs;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * amiko-bc against real peers, found the way applications find it (ServiceLoader on the class
 * path): OpenSSH's {@code ssh} against the Amiko server and the Amiko client against OpenSSH's
 * {@code sshd}, for {@code chacha20-poly1305@openssh.com} and {@code sntrup761x25519-sha512} under
 * both its names; AsyncSSH's client for {@code curve448-sha512}, which OpenSSH lacks. The OpenSSH of
 * Debian 12 predates {@code mlkem768x25519-sha256} (OpenSSH 9.9); that one is tried with OpenSSH
 * only where {@code ssh -Q kex} lists it, and against Apache MINA SSHD in {@link MlKemInteropTest}.
 */
class BouncyCastleInteropTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String CHACHA = "chacha20-poly1305@openssh.com";

    @TempDir
    static Path directory;

    private static TestServer server;
    private static OpenSshClient ssh;
    private static Path identity;
    private static KeyPair user;
    private static OpenSshServer sshd;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        user = KeyPairs.generate("ssh-ed25519");
        server.authorize(user.getPublic());
        Path clientFiles = Files.createDirectories(directory.resolve("client"));
        ssh = new OpenSshClient(clientFiles, server.port(), server.keys());
        identity = ssh.identity("id_ed25519", user);
        if (OpenSshServer.available()) {
            sshd = OpenSshServer.start(Files.createDirectories(directory.resolve("sshd")), List.of(user));
        }
    }

    @AfterAll
    static void stop() {
        if (sshd != null) {
            sshd.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static NegotiatedSuite lastSuite() {
        return server.last().session().engine().suite();
    }

    private static void assumeOpenSshClient() {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH client not installed");
    }

    // ---- OpenSSH's ssh against the Amiko server ----

    @Test
    void openSshClientWithChaCha20Poly1305() throws Exception {
        assumeOpenSshClient();
        PeerProcess.Result result = ssh.exec(identity, "head -c 3000000 /dev/zero | wc -c", "Ciphers=" + CHACHA);
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("3000000", result.stdout().trim());
        assertEquals(CHACHA, lastSuite().clientToServer().cipherName());
        assertEquals(CHACHA, lastSuite().serverToClient().cipherName());
    }

    @Test
    void openSshClientChaCha20RoundTripAcrossRekeys() throws Exception {
        assumeOpenSshClient();
        long length = 8L * 1024 * 1024;
        List<String> command = ssh.command(identity, "tester", List.of("Ciphers=" + CHACHA, "RekeyLimit=1M"));
        command.add("cat");
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CompletableFuture<String> sent = CompletableFuture.supplyAsync(() -> {
            try (OutputStream in = process.getOutputStream()) {
                return Streams.writeRandom(in, length, 7);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, runnable -> new Thread(runnable, "ssh-stdin").start());
        String[] received = Streams.digest(process.getInputStream());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "ssh did not finish");
        assertEquals(0, process.exitValue());
        assertEquals(Long.toString(length), received[1]);
        assertEquals(sent.get(), received[0]);
        assertEquals(CHACHA, lastSuite().clientToServer().cipherName());
        assertTrue(server.last().session().engine().completedExchanges() >= 4, "RekeyLimit=1M should rekey");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sntrup761x25519-sha512@openssh.com", "sntrup761x25519-sha512"})
    void openSshClientWithSntrup761(String kex) throws Exception {
        assumeOpenSshClient();
        assumeTrue(openSshKex().contains(kex), "this OpenSSH lacks " + kex);
        PeerProcess.Result result = ssh.exec(identity, "echo pq-ok", "KexAlgorithms=" + kex);
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("pq-ok\n", result.stdout());
        assertEquals(kex, lastSuite().kexName());
    }

    @Test
    void openSshClientWithMlKem768WhereItHasIt() throws Exception {
        assumeOpenSshClient();
        assumeTrue(openSshKex().contains("mlkem768x25519-sha256"), "OpenSSH before 9.9 lacks mlkem768x25519-sha256");
        PeerProcess.Result result = ssh.exec(identity, "echo mlkem-ok", "KexAlgorithms=mlkem768x25519-sha256");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("mlkem768x25519-sha256", lastSuite().kexName());
    }

    @Test
    void openSshDefaultsChooseAPostQuantumHybrid() throws Exception {
        assumeOpenSshClient();
        PeerProcess.Result result = ssh.exec(identity, "true");
        assertEquals(0, result.exitCode(), result::toString);
        String kex = lastSuite().kexName();
        assertTrue(kex.startsWith("sntrup761x25519-sha512") || kex.equals("mlkem768x25519-sha256"), kex);
    }

    private static List<String> openSshKex() throws Exception {
        return List.of(PeerProcess.run(List.of(OpenSshClient.SSH, "-Q", "kex"), Duration.ofSeconds(10)).stdout()
                .split("\n"));
    }

    // ---- the Amiko client against OpenSSH's sshd ----

    private static Transport connect(AlgorithmFamily family, String algorithm) throws Exception {
        assumeTrue(sshd != null, "OpenSSH sshd not installed or not root");
        Transport transport = Amiko.connect("127.0.0.1", sshd.port());
        if (family != null) {
            transport.getSecurityOptions().set(family, List.of(algorithm));
        }
        transport.startClient((peer, type, key) -> sshd.hostKeys().contains(key));
        transport.authPublickey("root", user);
        return transport;
    }

    private static NegotiatedSuite suite(Transport transport) {
        return ((SshTransport) transport).session().engine().suite();
    }

    /** Sends {@code length} random bytes through {@code cat} on the server, re-keying halfway. */
    private static void catRoundTrip(Transport transport, long length) throws Exception {
        Channel channel = transport.openSession();
        channel.exec("cat");
        CompletableFuture<String> sent = CompletableFuture.supplyAsync(() -> {
            try {
                String digest = Streams.writeRandom(new RekeyHalfway(channel.getOutputStream(), transport, length),
                        length, 11);
                channel.shutdownOutput();
                return digest;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, runnable -> new Thread(runnable, "channel-writer").start());
        String[] received = Streams.digest(channel.getInputStream());
        assertEquals(Long.toString(length), received[1]);
        assertEquals(sent.get(), received[0], "the data came back changed");
        assertEquals(0, channel.recvExitStatus());
        assertTrue(((SshTransport) transport).session().engine().completedExchanges() >= 2, "no rekey happened");
    }

    /** Passes writes through and asks for a key re-exchange once half of {@code total} has gone. */
    static final class RekeyHalfway extends FilterOutputStream {
        private final Transport transport;
        private final long half;
        private long written;

        RekeyHalfway(OutputStream out, Transport transport, long total) {
            super(out);
            this.transport = transport;
            this.half = total / 2;
        }

        @Override
        public void write(byte[] data, int offset, int length) throws IOException {
            out.write(data, offset, length);
            boolean crossing = written < half && written + length >= half;
            written += length;
            if (crossing) {
                transport.renegotiateKeys();
            }
        }
    }

    @Test
    void amikoClientWithChaCha20Poly1305AgainstSshd() throws Exception {
        try (Transport transport = connect(AlgorithmFamily.CIPHER, CHACHA)) {
            assertEquals(CHACHA, suite(transport).clientToServer().cipherName());
            assertEquals(CHACHA, suite(transport).serverToClient().cipherName());
            Channel channel = transport.openSession();
            channel.exec("echo chacha-ok; exit 4");
            assertEquals("chacha-ok\n", new String(channel.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(4, channel.recvExitStatus());
            catRoundTrip(transport, 6L * 1024 * 1024);
            assertEquals(CHACHA, suite(transport).clientToServer().cipherName(), "after the rekey");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sntrup761x25519-sha512@openssh.com", "sntrup761x25519-sha512"})
    void amikoClientWithSntrup761AgainstSshd(String kex) throws Exception {
        assumeTrue(openSshKex().contains(kex), "this sshd lacks " + kex);
        try (Transport transport = connect(AlgorithmFamily.KEX, kex)) {
            assertEquals(kex, suite(transport).kexName());
            Channel channel = transport.openSession();
            channel.exec("echo pq-ok");
            assertEquals("pq-ok\n", new String(channel.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            transport.renegotiateKeys();
            assertEquals(2, ((SshTransport) transport).session().engine().completedExchanges());
        }
    }

    @Test
    void amikoDefaultsChooseAPostQuantumHybridWithSshd() throws Exception {
        try (Transport transport = connect(null, null)) {
            String kex = suite(transport).kexName();
            assertTrue(kex.startsWith("sntrup761x25519-sha512") || kex.equals("mlkem768x25519-sha256"), kex);
            assertEquals("aes128-gcm@openssh.com", suite(transport).clientToServer().cipherName(),
                    "our client keeps AES-GCM ahead of chacha20-poly1305");
        }
    }

    // ---- AsyncSSH's client against the Amiko server ----

    @ParameterizedTest
    @ValueSource(strings = {"curve448-sha512:default", "default:" + CHACHA})
    void asyncSshClient(String pins) throws Exception {
        assumeTrue(PeerProcess.available(PYTHON), PYTHON + " not installed");
        assumeTrue(PeerProcess.run(List.of(PYTHON, "-c", "import asyncssh"), Duration.ofSeconds(30)).exitCode() == 0,
                "python3-asyncssh not installed");
        String kex = pins.split(":")[0];
        String cipher = pins.substring(kex.length() + 1);
        Path script = Path.of(BouncyCastleInteropTest.class.getResource("/peers/asyncssh_client.py").toURI());
        Path knownHosts = KnownHostsFile.write(directory.resolve("asyncssh_known_hosts"), server.port(),
                server.keys().stream().map(KeyPair::getPublic).toList());
        PeerProcess.Result result = PeerProcess.run(List.of(PYTHON, script.toString(), "127.0.0.1",
                Integer.toString(server.port()), "tester", identity.toString(), knownHosts.toString(), kex, cipher,
                "default", "head -c 200000 /dev/zero | wc -c"), Duration.ofSeconds(90));
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("200000", result.stdout().trim());
        if (!"default".equals(kex)) {
            assertEquals(kex, lastSuite().kexName());
        }
        if (!"default".equals(cipher)) {
            assertEquals(cipher, lastSuite().serverToClient().cipherName());
        }
    }
}
