// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
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
 * amiko-zlib against real peers: OpenSSH's {@code ssh -o Compression=yes} against the Amiko server
 * (OpenSSH offers {@code zlib@openssh.com,zlib,none}; the Amiko server's default offer
 * {@code none,zlib@openssh.com,zlib} lets the client's choice stand), the Amiko client asking for
 * {@code zlib@openssh.com} from an sshd with {@code Compression yes}, and AsyncSSH pinning either
 * name, the non-delayed {@code zlib} included. The bulk transfers carry compressible text through
 * {@code cat} across several key re-exchanges, each of which starts new zlib streams.
 */
class CompressionInteropTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String DELAYED = "zlib@openssh.com";

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
        ssh = new OpenSshClient(Files.createDirectories(directory.resolve("client")), server.port(), server.keys());
        identity = ssh.identity("id_ed25519", user);
        if (OpenSshServer.available()) {
            sshd = OpenSshServer.start(Files.createDirectories(directory.resolve("sshd")), List.of(user),
                    "Compression yes");
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

    /**
     * Writes {@code length} bytes of deterministic, compressible text (lines of words from a small
     * vocabulary, as logs and listings are) and returns their SHA-256 in hex.
     */
    static String writeText(OutputStream out, long length, long seed) throws IOException {
        String[] words = {"amiko", "channel", "window", "packet", "deflate", "inflate", "session", "rekey", "zlib",
            "stream", "-rw-r--r--", "4096", "Nov", "25", "12:00", "root"};
        SplittableRandom random = new SplittableRandom(seed);
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder chunk = new StringBuilder(70_000);
        long left = length;
        long line = 0;
        while (left > 0) {
            chunk.setLength(0);
            while (chunk.length() < 64 * 1024) {
                chunk.append(line++).append(':');
                for (int i = 0; i < 8; i++) {
                    chunk.append(' ').append(words[random.nextInt(words.length)]);
                }
                chunk.append('\n');
            }
            byte[] bytes = chunk.toString().getBytes(StandardCharsets.US_ASCII);
            int count = (int) Math.min(bytes.length, left);
            out.write(bytes, 0, count);
            digest.update(bytes, 0, count);
            left -= count;
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    // ---- OpenSSH's ssh against the Amiko server ----

    @Test
    void openSshClientCompressionYesNegotiatesTheDelayedZlib() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH client not installed");
        PeerProcess.Result result = ssh.exec(identity, "head -c 2000000 /dev/zero | wc -c", "Compression=yes");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("2000000", result.stdout().trim());
        assertEquals(DELAYED, lastSuite().clientToServer().compressionName());
        assertEquals(DELAYED, lastSuite().serverToClient().compressionName());
    }

    @Test
    void openSshClientWithoutCompressionGetsNone() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH client not installed");
        PeerProcess.Result result = ssh.exec(identity, "true", "Compression=no");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("none", lastSuite().clientToServer().compressionName());
    }

    @Test
    void tenMegabytesOfTextThroughCatAcrossRekeys() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH client not installed");
        long length = 10L * 1024 * 1024;
        List<String> command = ssh.command(identity, "tester", List.of("Compression=yes", "RekeyLimit=1M"));
        command.add("cat");
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CompletableFuture<String> sent = CompletableFuture.supplyAsync(() -> {
            try (OutputStream in = process.getOutputStream()) {
                return writeText(in, length, 1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, runnable -> new Thread(runnable, "ssh-stdin").start());
        String[] received = Streams.digest(process.getInputStream());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "ssh did not finish");
        assertEquals(0, process.exitValue());
        assertEquals(Long.toString(length), received[1]);
        assertEquals(sent.get(), received[0], "the text came back changed");
        assertEquals(DELAYED, lastSuite().serverToClient().compressionName());
        // RekeyLimit counts bytes on the wire, after compression: fewer exchanges than 10 MB / 1 MiB
        int exchanges = server.last().session().engine().completedExchanges();
        assertTrue(exchanges >= 2, "expected key re-exchanges mid-stream, saw " + exchanges);
    }

    // ---- the Amiko client against OpenSSH's sshd ----

    @Test
    void amikoClientAsksSshdForTheDelayedZlib() throws Exception {
        assumeTrue(sshd != null, "OpenSSH sshd not installed or not root");
        try (Transport transport = Amiko.connect("127.0.0.1", sshd.port())) {
            transport.getSecurityOptions().set(AlgorithmFamily.COMPRESSION, List.of(DELAYED));
            transport.startClient((peer, type, key) -> sshd.hostKeys().contains(key));
            transport.authPublickey("root", user);
            NegotiatedSuite suite = ((SshTransport) transport).session().engine().suite();
            assertEquals(DELAYED, suite.clientToServer().compressionName());
            assertEquals(DELAYED, suite.serverToClient().compressionName());

            long length = 6L * 1024 * 1024;
            Channel channel = transport.openSession();
            channel.exec("cat");
            CompletableFuture<String> sent = CompletableFuture.supplyAsync(() -> {
                try {
                    String digest = writeText(new BouncyCastleInteropTest.RekeyHalfway(channel.getOutputStream(),
                            transport, length), length, 2);
                    channel.shutdownOutput();
                    return digest;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, runnable -> new Thread(runnable, "channel-writer").start());
            String[] received = Streams.digest(channel.getInputStream());
            assertEquals(Long.toString(length), received[1]);
            assertEquals(sent.get(), received[0], "the text came back changed");
            assertEquals(0, channel.recvExitStatus());
            assertEquals(2, ((SshTransport) transport).session().engine().completedExchanges());
        }
    }

    // ---- AsyncSSH's client against the Amiko server: either name pinned ----

    @ParameterizedTest
    @ValueSource(strings = {DELAYED, "zlib"})
    void asyncSshClientPinsCompression(String compression) throws Exception {
        assumeTrue(PeerProcess.available(PYTHON), PYTHON + " not installed");
        assumeTrue(PeerProcess.run(List.of(PYTHON, "-c", "import asyncssh"), Duration.ofSeconds(30)).exitCode() == 0,
                "python3-asyncssh not installed");
        Path script = Path.of(CompressionInteropTest.class.getResource("/peers/asyncssh_client.py").toURI());
        Path knownHosts = KnownHostsFile.write(directory.resolve("asyncssh_known_hosts"), server.port(),
                server.keys().stream().map(KeyPair::getPublic).toList());
        PeerProcess.Result result = PeerProcess.run(List.of(PYTHON, script.toString(), "127.0.0.1",
                Integer.toString(server.port()), "tester", identity.toString(), knownHosts.toString(), "default",
                "default", compression, "seq 1 200000"), Duration.ofSeconds(90));
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(1_288_895, result.stdout().length(), "1.3 MB of numbers, compressed on the way back");
        assertTrue(result.stdout().endsWith("\n199999\n200000\n"));
        assertEquals(compression, lastSuite().clientToServer().compressionName());
        assertEquals(compression, lastSuite().serverToClient().compressionName());
    }
}
