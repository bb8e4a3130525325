// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.amiko.AlgorithmFamily;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.core.Amiko;
import org.amiko.core.TransportSettings;
import org.amiko.core.internal.SshTransport;
import org.amiko.core.internal.transport.NegotiatedSuite;
import org.amiko.keys.KeyPairs;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What old peers still speak, offered only where named, against OpenSSH both ways: the CBC ciphers
 * (RFC 4253 section 6.3), HMAC-SHA1-96 and HMAC-MD5 whole and cut to 96 bits, with and without etm,
 * the SHA-1 Diffie-Hellman groups 1 and 14 (RFC 4253 section 8), and ssh-rsa signatures made by
 * Amiko for host and user keys. Each session carries 300,000 bytes each way, so that many packets
 * chain their CBC blocks and carry their own sequence numbers.
 */
class LegacyAlgorithmsInteropTest {
    private static final List<String> CIPHERS = List.of("aes128-cbc", "aes192-cbc", "aes256-cbc", "3des-cbc");
    private static final List<String> MACS = List.of("hmac-sha1-96", "hmac-sha1-96-etm@openssh.com", "hmac-md5",
            "hmac-md5-etm@openssh.com", "hmac-md5-96", "hmac-md5-96-etm@openssh.com");
    private static final List<String> KEX = List.of("diffie-hellman-group1-sha1", "diffie-hellman-group14-sha1");
    private static final int BYTES = 300_000;
    /** Reads stdin to its end, counts it, then sends BYTES zeros back. */
    private static final String BOTH_WAYS = "wc -c; head -c " + BYTES + " /dev/zero";

    @TempDir
    static Path directory;

    private static TestServer server;
    private static OpenSshClient ssh;
    private static Path ed25519Identity;
    private static Path rsaIdentity;
    private static OpenSshServer sshd;
    private static KeyPair user;
    private static KeyPair rsaUser;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(OpenSshServer.available(), "OpenSSH sshd not installed or not root");
        user = KeyPairs.generate("ssh-ed25519");
        rsaUser = KeyPairs.generate("ssh-rsa");
        server = TestServer.start(TransportSettings.defaults(), transport -> {
            transport.getSecurityOptions().set(AlgorithmFamily.CIPHER, concat("aes128-ctr", CIPHERS));
            transport.getSecurityOptions().set(AlgorithmFamily.MAC, concat("hmac-sha2-256", MACS));
            transport.getSecurityOptions().set(AlgorithmFamily.KEX, concat("curve25519-sha256", KEX));
            transport.getSecurityOptions().set(AlgorithmFamily.HOST_KEY, List.of("ssh-ed25519", "ssh-rsa"));
            transport.getSecurityOptions().setPublicKeyAlgorithms(List.of("ssh-ed25519", "ssh-rsa"));
        });
        server.authorize(user.getPublic());
        server.authorize(rsaUser.getPublic());
        ssh = new OpenSshClient(directory, server.port(), server.keys());
        ed25519Identity = ssh.identity("id_ed25519", user);
        rsaIdentity = ssh.identity("id_rsa", rsaUser);
        sshd = OpenSshServer.start(Files.createDirectory(directory.resolve("sshd")), List.of(user, rsaUser),
                "Ciphers +" + String.join(",", CIPHERS), "MACs +" + String.join(",", MACS),
                "KexAlgorithms +" + String.join(",", KEX), "HostKeyAlgorithms +ssh-rsa",
                "PubkeyAcceptedAlgorithms +ssh-rsa");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (sshd != null) {
            sshd.close();
        }
    }

    static List<String> ciphers() {
        return CIPHERS;
    }

    static List<String> macs() {
        return MACS;
    }

    static List<String> kex() {
        return KEX;
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    // ---- the OpenSSH client against the Amiko server ----

    private static NegotiatedSuite lastSuite() {
        return server.last().session().engine().suite();
    }

    /** Runs {@link #BOTH_WAYS} through ssh with BYTES bytes on its standard input. */
    private static void opensshBothWays(Path identity, String... options) throws Exception {
        List<String> command = ssh.command(identity, "tester", List.of(options));
        command.add(BOTH_WAYS);
        PeerProcess.Result result = PeerProcess.run(command, Map.of(), new byte[BYTES],
                Duration.ofSeconds(60));
        assertEquals(0, result.exitCode(), result::toString);
        String out = result.stdout();
        assertEquals(BYTES + "\n", out.substring(0, out.indexOf('\n') + 1));
        assertEquals(BYTES, out.length() - out.indexOf('\n') - 1, "bytes back");
    }

    @ParameterizedTest
    @MethodSource("ciphers")
    void opensshClientCipher(String cipher) throws Exception {
        // with hmac-sha2-256 the MAC covers the plaintext, the framing whose length is in the first CBC block
        opensshBothWays(ed25519Identity, "Ciphers=" + cipher, "MACs=hmac-sha2-256");
        assertEquals(cipher, lastSuite().clientToServer().cipherName());
        assertEquals(cipher, lastSuite().serverToClient().cipherName());
    }

    @ParameterizedTest
    @MethodSource("macs")
    void opensshClientMac(String mac) throws Exception {
        opensshBothWays(ed25519Identity, "Ciphers=aes128-cbc", "MACs=" + mac);
        assertEquals(mac, lastSuite().clientToServer().macName());
        assertEquals(mac, lastSuite().serverToClient().macName());
    }

    @ParameterizedTest
    @MethodSource("kex")
    void opensshClientKeyExchange(String kex) throws Exception {
        opensshBothWays(ed25519Identity, "KexAlgorithms=" + kex);
        assertEquals(kex, lastSuite().kexName());
    }

    /** ssh accepts only ssh-rsa, for the host key and for its own: Amiko signs and verifies SHA-1 RSA. */
    @Test
    void opensshClientWithSshRsaOnly() throws Exception {
        opensshBothWays(rsaIdentity, "HostKeyAlgorithms=ssh-rsa", "PubkeyAcceptedAlgorithms=ssh-rsa");
        assertEquals("ssh-rsa", lastSuite().hostKeyName());
    }

    // ---- the Amiko client against OpenSSH's sshd ----

    /** A client to sshd offering only {@code names} in {@code family}, and {@code mac} alone when not null. */
    private static Transport connect(AlgorithmFamily family, List<String> names, String mac) throws Exception {
        Transport transport = Amiko.connect("127.0.0.1", sshd.port());
        transport.getSecurityOptions().set(family, names);
        if (mac != null) {
            transport.getSecurityOptions().set(AlgorithmFamily.MAC, List.of(mac));
        }
        transport.startClient((peer, type, key) -> sshd.hostKeys().contains(key));
        return transport;
    }

    private static NegotiatedSuite suite(Transport transport) {
        return ((SshTransport) transport).session().engine().suite();
    }

    /** Logs in with {@code key} and runs {@link #BOTH_WAYS} on one channel. */
    private static void amikoBothWays(Transport transport, KeyPair key) throws Exception {
        transport.authPublickey("root", key);
        Channel channel = transport.openSession();
        channel.exec(BOTH_WAYS);
        try (OutputStream out = channel.getOutputStream()) {
            out.write(new byte[BYTES]);
        }
        byte[] output = channel.getInputStream().readAllBytes();
        byte[] count = (BYTES + "\n").getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(count, Arrays.copyOf(output, count.length));
        assertArrayEquals(new byte[BYTES], Arrays.copyOfRange(output, count.length, output.length));
        assertEquals(0, channel.recvExitStatus());
    }

    @ParameterizedTest
    @MethodSource("ciphers")
    void amikoClientCipher(String cipher) throws Exception {
        try (Transport transport = connect(AlgorithmFamily.CIPHER, List.of(cipher), "hmac-sha2-256")) {
            amikoBothWays(transport, user);
            assertEquals(cipher, suite(transport).clientToServer().cipherName());
        }
    }

    @ParameterizedTest
    @MethodSource("macs")
    void amikoClientMac(String mac) throws Exception {
        try (Transport transport = connect(AlgorithmFamily.CIPHER, List.of("3des-cbc"), mac)) {
            amikoBothWays(transport, user);
            assertEquals(mac, suite(transport).serverToClient().macName());
        }
    }

    @ParameterizedTest
    @MethodSource("kex")
    void amikoClientKeyExchange(String kex) throws Exception {
        try (Transport transport = connect(AlgorithmFamily.KEX, List.of(kex), null)) {
            amikoBothWays(transport, user);
            assertEquals(kex, suite(transport).kexName());
        }
    }

    /** With ssh-rsa alone: Amiko checks sshd's SHA-1 host key signature, and sshd checks Amiko's user signature. */
    @Test
    void amikoClientWithSshRsaOnly() throws Exception {
        try (Transport transport = connect(AlgorithmFamily.HOST_KEY, List.of("ssh-rsa"), null)) {
            transport.getSecurityOptions().setPublicKeyAlgorithms(List.of("ssh-rsa"));
            amikoBothWays(transport, rsaUser);
            assertEquals("ssh-rsa", suite(transport).hostKeyName());
        }
    }
}
