// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.amiko.AlgorithmFamily;
import org.amiko.AuthenticationException;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.core.Amiko;
import org.amiko.keys.KeyFiles;
import org.amiko.keys.KeyPairs;
import org.amiko.keys.PublicKeyLine;
import org.amiko.sftp.SftpClient;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Amiko client against the servers of Debian's paramiko and AsyncSSH
 * ({@code peers/paramiko_server.py}, {@code peers/asyncssh_server.py}): a command's output and
 * exit status, 8 MiB through {@code cat} both ways, each side's ciphers, AsyncSSH's SFTP
 * server and its hostbased logins. Only the host keys the test gave them are trusted.
 */
@Timeout(120)
class AmikoClientAgainstPythonServersTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path directory;

    private final KeyPair user = generate("ssh-ed25519");

    private static KeyPair generate(String type) {
        try {
            return KeyPairs.generate(type);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** A peer server script, started with its arguments; answers once it printed its port. */
    private record Peer(WatchedProcess process, int port, List<PublicKey> hostKeys) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.close();
        }
    }

    private Peer start(String module, String script, List<KeyPair> hostKeys, List<String> arguments) throws Exception {
        assumeTrue(PeerProcess.available(PYTHON), PYTHON + " not installed");
        PeerProcess.Result probe = PeerProcess.run(List.of(PYTHON, "-c", "import " + module), Duration.ofSeconds(30));
        assumeTrue(probe.exitCode() == 0, module + " not installed: " + probe.stderr());
        Path path = Path.of(getClass().getResource("/peers/" + script).toURI());
        List<String> command = new ArrayList<>(List.of(PYTHON, path.toString()));
        command.addAll(arguments);
        WatchedProcess process = WatchedProcess.start(command);
        int port = Integer.parseInt(process.awaitStdout(Pattern.compile("^port (\\d+)$"), Duration.ofSeconds(30)).group(1));
        return new Peer(process, port, hostKeys.stream().map(KeyPair::getPublic).toList());
    }

    private Path write(String name, KeyPair key) throws Exception {
        Path file = directory.resolve(name);
        KeyFiles.writeOpenSsh(file, key, "python peer");
        return file;
    }

    private Path authorizedKeys() throws Exception {
        return Files.writeString(directory.resolve("authorized_keys"),
                PublicKeyLine.of(user.getPublic(), "amiko").format() + "\n");
    }

    private Peer paramiko(List<KeyPair> hostKeys) throws Exception {
        List<String> arguments = new ArrayList<>(List.of(authorizedKeys().toString()));
        for (int i = 0; i < hostKeys.size(); i++) {
            arguments.add(write("paramiko_host_" + i, hostKeys.get(i)).toString());
        }
        return start("paramiko", "paramiko_server.py", hostKeys, arguments);
    }

    private Peer asyncssh(KeyPair hostKey, Path sftpRoot) throws Exception {
        return start("asyncssh", "asyncssh_server.py", List.of(hostKey), List.of(write("asyncssh_host", hostKey).toString(),
                authorizedKeys().toString(), sftpRoot.toString()));
    }

    /**
     * Hostbased into AsyncSSH's server, which knows {@code clientHost}'s key for "client.test" and
     * takes the name the client sends: a key it does not know is refused, the host's key lets
     * "amiko" of that host in under the same name, and a command runs.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa"})
    void asyncsshServerTakesHostbased(String type) throws Exception {
        KeyPair clientHost = generate(type);
        Path knownClientHosts = Files.writeString(directory.resolve("known_client_hosts"),
                "client.test " + PublicKeyLine.of(clientHost.getPublic(), "").format().strip() + "\n");
        KeyPair hostKey = generate("ssh-ed25519");
        try (Peer peer = start("asyncssh", "asyncssh_server.py", List.of(hostKey), List.of(
                write("asyncssh_host", hostKey).toString(), authorizedKeys().toString(), directory.toString(),
                knownClientHosts.toString()));
                Transport transport = Amiko.connect("127.0.0.1", peer.port())) {
            transport.startClient((address, keyType, key) -> peer.hostKeys().contains(key));
            assertThrows(AuthenticationException.class,
                    () -> transport.authHostbased("amiko", generate(type), "client.test.", "amiko"));
            assertEquals(List.of(), transport.authHostbased("amiko", clientHost, "client.test.", "amiko"));
            greet(transport);
        }
    }

    private Transport connect(Peer peer, AlgorithmFamily family, String algorithm) throws Exception {
        Transport transport = Amiko.connect("127.0.0.1", peer.port());
        if (family != null) {
            transport.getSecurityOptions().set(family, List.of(algorithm));
        }
        transport.startClient((address, type, key) -> peer.hostKeys().contains(key));
        transport.authPublickey("amiko", user);
        return transport;
    }

    /** "greet": the user's name back, and exit status 7. */
    private static void greet(Transport transport) throws Exception {
        Channel channel = transport.openSession();
        channel.exec("greet");
        assertEquals("hello amiko\n", new String(channel.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(7, channel.recvExitStatus());
    }

    /** "cat": 8 MiB out and the same 8 MiB back. */
    private static void roundTrip(Transport transport) throws Exception {
        byte[] data = new byte[8 * 1024 * 1024];
        new Random(3).nextBytes(data);
        Channel channel = transport.openSession();
        channel.exec("cat");
        CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
            try (OutputStream out = channel.getOutputStream()) {
                out.write(data);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertArrayEquals(data, channel.getInputStream().readAllBytes());
        sent.join();
        assertEquals(0, channel.recvExitStatus());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ssh-ed25519", "ecdsa-sha2-nistp256", "rsa-sha2-256", "rsa-sha2-512"})
    void paramikoServerHostKeys(String algorithm) throws Exception {
        try (Peer peer = paramiko(List.of(generate("ssh-ed25519"), generate("ecdsa-sha2-nistp256"),
                generate("ssh-rsa")));
                Transport transport = connect(peer, AlgorithmFamily.HOST_KEY, algorithm)) {
            greet(transport);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"aes128-ctr", "aes192-ctr", "aes256-ctr"}) // paramiko 2.12 has no AEAD cipher
    void paramikoServerCiphers(String cipher) throws Exception {
        try (Peer peer = paramiko(List.of(generate("ssh-ed25519")));
                Transport transport = connect(peer, AlgorithmFamily.CIPHER, cipher)) {
            greet(transport);
        }
    }

    /**
     * Group exchange (RFC 4419) with servers that choose their group elsewhere: paramiko from the
     * system's moduli file, AsyncSSH from its own primes.
     */
    @Test
    void groupExchangeWithBothServers() throws Exception {
        String gex = "diffie-hellman-group-exchange-sha256";
        try (Peer peer = paramiko(List.of(generate("ssh-ed25519")));
                Transport transport = connect(peer, AlgorithmFamily.KEX, gex)) {
            greet(transport);
        }
        try (Peer peer = asyncssh(generate("ssh-ed25519"), directory);
                Transport transport = connect(peer, AlgorithmFamily.KEX, gex)) {
            greet(transport);
        }
    }

    @Test
    void paramikoServerCarriesDataBothWays() throws Exception {
        try (Peer peer = paramiko(List.of(generate("ssh-ed25519")));
                Transport transport = connect(peer, null, null)) {
            roundTrip(transport);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"aes128-ctr", "aes256-gcm@openssh.com", "chacha20-poly1305@openssh.com"})
    void asyncsshServerCiphers(String cipher) throws Exception {
        try (Peer peer = asyncssh(generate("ssh-ed25519"), directory);
                Transport transport = connect(peer, AlgorithmFamily.CIPHER, cipher)) {
            greet(transport);
        }
    }

    @Test
    void asyncsshServerCarriesDataBothWaysAndServesSftp() throws Exception {
        Path root = Files.createDirectories(directory.resolve("sftp-root"));
        byte[] data = new byte[4 * 1024 * 1024];
        new Random(9).nextBytes(data);
        Path local = Files.write(directory.resolve("up.bin"), data);
        try (Peer peer = asyncssh(generate("ecdsa-sha2-nistp256"), root);
                Transport transport = connect(peer, null, null)) {
            roundTrip(transport);
            try (SftpClient sftp = SftpClient.open(transport)) {
                sftp.put(local, "/up.bin", (done, total) -> { });
                sftp.get("/up.bin", directory.resolve("down.bin"));
            }
        }
        assertArrayEquals(data, Files.readAllBytes(root.resolve("up.bin")));
        assertArrayEquals(data, Files.readAllBytes(directory.resolve("down.bin")));
    }
}
