// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.amiko.AlgorithmFamily;
import org.amiko.core.TransportSettings;
import org.amiko.core.internal.transport.NegotiatedSuite;
import org.amiko.keys.KeyFiles;
import org.amiko.keys.KeyPairs;
import org.amiko.keys.PublicKeyLine;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Dropbear's client, {@code dbclient} (Debian's dropbear-bin), against the Amiko server: every
 * cipher and MAC it has, a key converted to Dropbear's format, a password, and a host key it
 * checks against its known_hosts (an impostor's is refused).
 */
class DropbearClientTest {
    static final String DBCLIENT = "/usr/bin/dbclient";
    static final String DROPBEARCONVERT = "/usr/bin/dropbearconvert";

    @TempDir
    static Path directory;

    private static TestServer server;
    private static Path identity;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(PeerProcess.available(DBCLIENT) && PeerProcess.available(DROPBEARCONVERT), "dropbear-bin not installed");
        server = TestServer.start(TransportSettings.defaults(), transport ->
                // dbclient has hmac-sha1 and hmac-sha2-256, which the server offers only when configured
                transport.getSecurityOptions().set(AlgorithmFamily.MAC, List.of("hmac-sha2-256-etm@openssh.com",
                        "hmac-sha2-256", "hmac-sha1")));
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        server.authorize(user.getPublic());
        identity = dropbearKey(directory, "id_dropbear", user);
        knownHosts(directory, server.keys().stream().map(KeyPair::getPublic).toList());
    }

    /** HOME/.ssh/known_hosts naming the server as dbclient looks it up: the bare address, whatever the port. */
    private static void knownHosts(Path home, List<PublicKey> keys) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (PublicKey key : keys) {
            lines.append("127.0.0.1 ").append(PublicKeyLine.of(key, "").format().trim()).append('\n');
        }
        Files.writeString(Files.createDirectories(home.resolve(".ssh")).resolve("known_hosts"), lines);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** {@code key} in Dropbear's own format, by way of an OpenSSH file and dropbearconvert. */
    static Path dropbearKey(Path directory, String name, KeyPair key) throws Exception {
        Path openssh = directory.resolve(name + ".openssh");
        KeyFiles.writeOpenSsh(openssh, key, "dropbear test");
        Path converted = directory.resolve(name);
        PeerProcess.Result result = PeerProcess.run(List.of(DROPBEARCONVERT, "openssh", "dropbear", openssh.toString(),
                converted.toString()), Duration.ofSeconds(20));
        assertEquals(0, result.exitCode(), result::toString);
        return converted;
    }

    /** dbclient as {@code user} with {@code options}, running {@code command}; HOME where its known_hosts is. */
    private static List<String> dbclient(String user, List<String> options, String command) {
        List<String> line = new ArrayList<>(List.of(DBCLIENT, "-p", Integer.toString(server.port()), "-T"));
        line.addAll(options);
        line.addAll(List.of(user + "@127.0.0.1", command));
        return line;
    }

    private static PeerProcess.Result run(List<String> line, Map<String, String> environment, byte[] stdin)
            throws Exception {
        Map<String, String> env = new HashMap<>(environment);
        env.putIfAbsent("HOME", directory.toString());
        return PeerProcess.run(line, env, stdin, Duration.ofSeconds(30));
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static NegotiatedSuite lastSuite() {
        return server.last().session().engine().suite();
    }

    @ParameterizedTest
    @ValueSource(strings = {"chacha20-poly1305@openssh.com", "aes128-ctr", "aes256-ctr"})
    void cipher(String cipher) throws Exception {
        PeerProcess.Result result = run(dbclient("tester", List.of("-i", identity.toString(), "-c", cipher),
                "echo dropbear-ok; exit 4"), Map.of(), null);
        assertEquals(4, result.exitCode(), result::toString);
        assertEquals("dropbear-ok\n", result.stdout());
        assertEquals(cipher, lastSuite().clientToServer().cipherName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"hmac-sha2-256", "hmac-sha1"})
    void mac(String mac) throws Exception {
        PeerProcess.Result result = run(dbclient("tester", List.of("-i", identity.toString(), "-c", "aes128-ctr",
                "-m", mac), "echo mac-ok"), Map.of(), null);
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("mac-ok\n", result.stdout());
        assertEquals(mac, lastSuite().clientToServer().macName());
    }

    @Test
    void password() throws Exception {
        PeerProcess.Result result = run(dbclient(TestServer.PASSWORD_USER, List.of(), "echo password-ok"),
                Map.of("DROPBEAR_PASSWORD", TestServer.PASSWORD), null);
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("password-ok\n", result.stdout());
        assertEquals("password", server.last().authMethod());
    }

    /** 8 MiB up (the server's sha256sum of what arrived) and down (dbclient's output piped to sha256sum). */
    @Test
    void dataBothWaysArrivesIntact() throws Exception {
        byte[] data = new byte[8 * 1024 * 1024];
        new Random(7).nextBytes(data);
        Path file = directory.resolve("payload");
        Files.write(file, data);
        String expected = sha256(data);
        PeerProcess.Result up = run(dbclient("tester", List.of("-i", identity.toString()), "sha256sum"), Map.of(), data);
        assertEquals(0, up.exitCode(), up::toString);
        assertEquals(expected + "  -", up.stdout().strip());
        List<String> down = List.of("/bin/sh", "-c", String.join(" ", dbclient("tester",
                List.of("-i", identity.toString()), "'cat " + file + "'")) + " | sha256sum");
        PeerProcess.Result downloaded = run(down, Map.of(), null);
        assertEquals(0, downloaded.exitCode(), downloaded::toString);
        assertEquals(expected + "  -", downloaded.stdout().strip());
    }

    @Test
    void anImpostorsHostKeyIsRefused() throws Exception {
        Path elsewhere = directory.resolve("impostor");
        knownHosts(elsewhere, KnownHostsFile.impostors(server.keys()));
        PeerProcess.Result result = run(dbclient("tester", List.of("-i", identity.toString()), "echo should-not-run"),
                Map.of("HOME", elsewhere.toString()), null);
        assertNotEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("host key mismatch for 127.0.0.1"), result::toString);
        assertTrue(result.stdout().isEmpty(), result::toString);
    }
}
