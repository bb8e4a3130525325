// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.amiko.keys.Fingerprint;
import org.amiko.keys.KeyPairs;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PuTTY's command-line client, {@code plink} (putty-tools), against the Amiko server: a command's
 * output and exit status with a {@code .ppk} key, a password, 8 MiB of input arriving intact, and
 * a host key that is not the one given refused; batch mode with the host key given by fingerprint.
 */
class PlinkTest {
    private static final String PLINK = "/usr/bin/plink";

    @TempDir
    static Path directory;

    private static TestServer server;
    private static Path ppk;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(PeerProcess.available(PLINK) && PeerProcess.available(Puttygen.PUTTYGEN), "putty-tools not installed");
        Files.createDirectories(directory.resolve("home"));
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        ppk = Puttygen.ppk(directory, "id_ed25519", user);
        server = TestServer.start();
        server.authorize(user.getPublic());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** plink as {@code user} with {@code credentials}, trusting {@code hostKeys}, running {@code command}. */
    private static PeerProcess.Result plink(String user, List<String> credentials, List<KeyPair> hostKeys,
            String command, byte[] stdin) throws Exception {
        List<String> line = new ArrayList<>(List.of(PLINK, "-batch", "-ssh", "-noagent", "-P",
                Integer.toString(server.port())));
        line.addAll(credentials);
        for (KeyPair key : hostKeys) {
            line.addAll(List.of("-hostkey", Fingerprint.sha256(key.getPublic())));
        }
        line.addAll(List.of(user + "@127.0.0.1", command));
        // a HOME of its own, so PuTTY's host key cache stays out of the way
        return PeerProcess.run(line, Map.of("HOME", directory.resolve("home").toString()),
                stdin == null ? new byte[0] : stdin, Duration.ofSeconds(60));
    }

    @Test
    void aCommandsOutputAndExitStatus() throws Exception {
        PeerProcess.Result result = plink("tester", List.of("-i", ppk.toString()), server.keys(),
                "echo plink-ok; exit 9", null);
        assertEquals(9, result.exitCode(), result::toString);
        assertEquals("plink-ok\n", result.stdout());
    }

    @Test
    void password() throws Exception {
        PeerProcess.Result result = plink(TestServer.PASSWORD_USER, List.of("-pw", TestServer.PASSWORD),
                server.keys(), "echo password-ok", null);
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("password-ok\n", result.stdout());
        assertEquals("password", server.last().authMethod());
    }

    /**
     * Diffie-Hellman group exchange with PuTTY, whose saved session (a file in its HOME) puts
     * "dh-gex-sha1" first: PuTTY's name for both group exchange hashes, of which it prefers SHA-256.
     * The list names ntru-curve25519 too, which PuTTY would otherwise put first as a new default.
     */
    @Test
    void groupExchange() throws Exception {
        Path sessions = Files.createDirectories(directory.resolve("home/.putty/sessions"));
        Files.writeString(sessions.resolve("gex"), "KEX=dh-gex-sha1,ecdh,WARN,ntru-curve25519,dh-group18-sha512,dh-group14-sha1,rsa\n");
        List<String> load = new ArrayList<>(List.of("-load", "gex", "-i", ppk.toString()));
        PeerProcess.Result result = plink("tester", load, server.keys(), "echo gex-ok", null);
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("gex-ok\n", result.stdout());
        assertEquals("diffie-hellman-group-exchange-sha256", server.last().session().engine().suite().kexName());
    }

    @Test
    void inputArrivesIntact() throws Exception {
        byte[] data = new byte[8 * 1024 * 1024];
        new Random(11).nextBytes(data);
        PeerProcess.Result result = plink("tester", List.of("-i", ppk.toString()), server.keys(), "sha256sum", data);
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)) + "  -",
                result.stdout().strip());
    }

    @Test
    void aHostKeyOtherThanTheOneGivenIsRefused() throws Exception {
        List<KeyPair> others = List.of(KeyPairs.generate("ssh-ed25519"));
        PeerProcess.Result result = plink("tester", List.of("-i", ppk.toString()), others, "echo should-not-run", null);
        assertNotEquals(0, result.exitCode(), result::toString);
        assertEquals("", result.stdout());
    }
}
