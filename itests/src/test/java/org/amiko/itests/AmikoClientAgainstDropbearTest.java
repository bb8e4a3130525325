// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.amiko.AlgorithmFamily;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.core.Amiko;
import org.amiko.core.internal.SshTransport;
import org.amiko.keys.KeyPairs;
import org.amiko.keys.PublicKeyLine;
import org.amiko.sftp.SftpClient;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Amiko client against Dropbear's server (Debian's dropbear-bin), every key exchange, host key,
 * cipher and MAC they share, and SFTP through the sftp-server Dropbear runs. Dropbear takes
 * authorized keys only from the user's home, so it runs as root in a mount namespace of its own
 * that shows it a home of the test's at {@code /root} ({@link PrivateMounts}): the machine's own
 * {@code /root/.ssh} is neither read nor touched.
 */
class AmikoClientAgainstDropbearTest {
    static final String DROPBEAR = "/usr/sbin/dropbear";

    @TempDir
    static Path directory;

    private static KeyPair user;
    private static final List<PublicKey> HOST_KEYS = new ArrayList<>();
    private static Process dropbear;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(PeerProcess.available(DROPBEAR) && PeerProcess.available(DropbearClientTest.DROPBEARCONVERT),
                "dropbear not installed");
        assumeTrue("root".equals(System.getProperty("user.name")), "Dropbear logs in only as the user it runs as: root");
        assumeTrue(PrivateMounts.available(), "no mount namespaces here");
        user = KeyPairs.generate("ssh-ed25519");
        Path rootHome = Files.createDirectories(directory.resolve("root-home"));
        Path rootSsh = Files.createDirectory(rootHome.resolve(".ssh"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path authorized = rootSsh.resolve("authorized_keys");
        Files.writeString(authorized, PublicKeyLine.of(user.getPublic(), "amiko test").format() + "\n");
        Files.setPosixFilePermissions(authorized, PosixFilePermissions.fromString("rw-------"));
        List<String> command = new ArrayList<>(List.of(DROPBEAR, "-F", "-E", "-s", "-m"));
        int index = 0;
        for (String type : List.of("ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa")) {
            KeyPair host = KeyPairs.generate(type);
            HOST_KEYS.add(host.getPublic());
            command.addAll(List.of("-r", DropbearClientTest.dropbearKey(directory, "host_key_" + index++, host).toString()));
        }
        port = OpenSshServer.freePort();
        command.addAll(List.of("-p", "127.0.0.1:" + port, "-P", directory.resolve("dropbear.pid").toString()));
        Path log = directory.resolve("dropbear.log");
        dropbear = new ProcessBuilder(new PrivateMounts().bind(rootHome, Path.of("/root")).wrap(command))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Daemons.awaitListening(dropbear, "dropbear", port, log);
    }

    @AfterAll
    static void stop() throws IOException {
        if (dropbear != null) {
            Daemons.stop(dropbear);
        }
    }

    private static Transport connect(AlgorithmFamily family, String algorithm) throws Exception {
        Transport transport = Amiko.connect("127.0.0.1", port);
        if (family != null) {
            transport.getSecurityOptions().set(family, List.of(algorithm));
        }
        transport.startClient((peer, type, key) -> HOST_KEYS.contains(key));
        return transport;
    }

    private static void execAndCheck(Transport transport) throws Exception {
        transport.authPublickey("root", user);
        Channel channel = transport.openSession();
        channel.exec("echo amiko-to-dropbear; exit 6");
        assertEquals("amiko-to-dropbear\n", new String(channel.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(6, channel.recvExitStatus());
    }

    @ParameterizedTest
    @ValueSource(strings = {"curve25519-sha256", "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256",
        "ecdh-sha2-nistp384", "ecdh-sha2-nistp521", "diffie-hellman-group14-sha256"})
    void keyExchange(String kex) throws Exception {
        try (Transport transport = connect(AlgorithmFamily.KEX, kex)) {
            execAndCheck(transport);
            assertEquals(kex, ((SshTransport) transport).session().engine().suite().kexName());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ssh-ed25519", "ecdsa-sha2-nistp256", "rsa-sha2-256"}) // Dropbear 2022 has no rsa-sha2-512
    void hostKey(String algorithm) throws Exception {
        try (Transport transport = connect(AlgorithmFamily.HOST_KEY, algorithm)) {
            execAndCheck(transport);
            assertEquals(algorithm, ((SshTransport) transport).session().engine().suite().hostKeyName());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"chacha20-poly1305@openssh.com", "aes128-ctr", "aes256-ctr"})
    void cipher(String cipher) throws Exception {
        try (Transport transport = connect(AlgorithmFamily.CIPHER, cipher)) {
            execAndCheck(transport);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hmac-sha2-256", "hmac-sha1"})
    void mac(String mac) throws Exception {
        try (Transport transport = Amiko.connect("127.0.0.1", port)) {
            transport.getSecurityOptions().set(AlgorithmFamily.CIPHER, List.of("aes128-ctr"));
            transport.getSecurityOptions().set(AlgorithmFamily.MAC, List.of(mac));
            transport.startClient((peer, type, key) -> HOST_KEYS.contains(key));
            execAndCheck(transport);
        }
    }

    /** SFTP through the sftp-server Dropbear starts for the subsystem: 4 MiB up and back. */
    @Test
    void sftp() throws Exception {
        byte[] data = new byte[4 * 1024 * 1024];
        new Random(5).nextBytes(data);
        Path local = directory.resolve("up.bin");
        Files.write(local, data);
        Path remote = directory.resolve("on-dropbear.bin");
        try (Transport transport = connect(null, null)) {
            transport.authPublickey("root", user);
            try (SftpClient sftp = SftpClient.open(transport)) {
                sftp.put(local, remote.toString(), (done, total) -> { });
                sftp.get(remote.toString(), directory.resolve("down.bin"));
            }
        }
        assertArrayEquals(data, Files.readAllBytes(remote));
        assertArrayEquals(data, Files.readAllBytes(directory.resolve("down.bin")));
    }
}
