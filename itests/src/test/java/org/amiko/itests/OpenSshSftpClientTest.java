// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.amiko.keys.KeyFiles;
import org.amiko.keys.KeyPairs;
import org.amiko.sftp.server.RootedOptions;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenSSH's {@code sftp} (batch mode) and {@code scp} (SFTP-based, and legacy with {@code -O})
 * against the Amiko SFTP subsystem and SCP command over a rooted directory: one 100 MB round trip
 * with checksums, the namespace commands, resumed and recursive transfers, and root-escape
 * attempts, which must fail without anything outside the root being read or written.
 */
class OpenSshSftpClientTest {
    private static final String SFTP = "/usr/bin/sftp";
    private static final String SCP = "/usr/bin/scp";
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    @TempDir
    static Path directory;

    private static Path root;
    private static Path local;
    private static Path identity;
    private static Path knownHosts;
    private static SftpTestServer server;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(PeerProcess.available(SFTP) && PeerProcess.available(SCP), "OpenSSH sftp/scp not installed");
        root = Files.createDirectories(directory.resolve("root"));
        local = Files.createDirectories(directory.resolve("local"));
        Files.writeString(directory.resolve("outside.txt"), "outside the root");
        server = SftpTestServer.start(root, RootedOptions.DEFAULTS);
        var user = KeyPairs.generate("ssh-ed25519");
        server.authorize(user.getPublic());
        identity = directory.resolve("id_ed25519");
        KeyFiles.writeOpenSsh(identity, user, "tester");
        knownHosts = KnownHostsFile.write(directory.resolve("known_hosts"), server.port(),
                server.keys().stream().map(KeyPair::getPublic).toList());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static List<String> options() {
        return List.of("-F", "/dev/null", "-P", Integer.toString(server.port()), "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + knownHosts, "-o", "GlobalKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                "-o", "IdentitiesOnly=yes", "-i", identity.toString(), "-o", "LogLevel=ERROR");
    }

    /** Runs an sftp batch in {@code local}; lines starting with '-' may fail. */
    private static PeerProcess.Result sftp(String batch) throws IOException, InterruptedException {
        Path file = Files.writeString(directory.resolve("batch.txt"), batch);
        List<String> command = new ArrayList<>(List.of(SFTP));
        command.addAll(options());
        command.addAll(List.of("-b", file.toString(), "tester@127.0.0.1"));
        return inLocal(command);
    }

    private static PeerProcess.Result scp(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(SCP));
        command.addAll(options());
        command.addAll(List.of(arguments));
        return inLocal(command);
    }

    private static PeerProcess.Result inLocal(List<String> command) throws IOException, InterruptedException {
        List<String> shell = new ArrayList<>(List.of("/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", local.toString()));
        shell.addAll(command);
        return PeerProcess.run(shell, Map.of(), null, DEADLINE);
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Streams.digest(in)[0];
        }
    }

    @Test
    void hundredMegabytesUpAndDownWithChecksums() throws Exception {
        Path big = local.resolve("big.bin");
        String sent;
        try (OutputStream out = Files.newOutputStream(big)) {
            sent = Streams.writeRandom(out, 100L * 1024 * 1024, 42);
        }
        long start = System.nanoTime();
        PeerProcess.Result result = sftp("put big.bin /big.bin\nget /big.bin big-back.bin\n");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(sent, sha256(root.resolve("big.bin")), "what the server stored");
        assertEquals(sent, sha256(local.resolve("big-back.bin")), "what came back");
        System.out.println("OpenSSH sftp put+get of 100 MiB: " + millis + " ms");
        Files.delete(big);
        Files.delete(local.resolve("big-back.bin"));
        Files.delete(root.resolve("big.bin"));
    }

    @Test
    void namespaceCommands() throws Exception {
        Files.writeString(local.resolve("small.txt"), "small file\n");
        PeerProcess.Result result = sftp("""
                mkdir /ns
                cd /ns
                put small.txt
                rename small.txt renamed.txt
                chmod 600 renamed.txt
                ln -s renamed.txt link
                ln renamed.txt hard
                ls -l
                df -h /
                pwd
                rm hard
                mkdir gone
                rmdir gone
                """);
        assertEquals(0, result.exitCode(), result::toString);
        Path ns = root.resolve("ns");
        assertEquals("small file\n", Files.readString(ns.resolve("renamed.txt")));
        assertEquals(0600, (Integer) Files.getAttribute(ns.resolve("renamed.txt"), "unix:mode") & 0777);
        assertEquals("renamed.txt", Files.readSymbolicLink(ns.resolve("link")).toString());
        assertFalse(Files.exists(ns.resolve("hard")));
        assertFalse(Files.exists(ns.resolve("gone")));
        // sftp formats ls -l itself from the attributes and users-groups-by-id names ("?" links)
        String owner = System.getProperty("user.name");
        assertTrue(result.stdout().matches("(?s).*-rw------- +\\S+ " + owner + " +\\S+ +11 .* renamed\\.txt.*"),
                result::toString);
        assertTrue(result.stdout().matches("(?s).*lrwxrwxrwx .* link.*"), result::toString);
        assertTrue(result.stdout().contains("Size") && result.stdout().contains("Avail"), "df: " + result);
        assertTrue(result.stdout().contains("Remote working directory: /ns"), result::toString);
    }

    @Test
    void resumedTransfers() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 7];
        new Random(9).nextBytes(data);
        Files.write(root.resolve("resume-down.bin"), data);
        Files.write(local.resolve("resume-down.bin"), Arrays.copyOf(data, 1_000_000));
        Files.write(local.resolve("resume-up.bin"), data);
        Files.write(root.resolve("resume-up.bin"), Arrays.copyOf(data, 2_000_000));
        PeerProcess.Result result = sftp("reget /resume-down.bin resume-down.bin\nreput resume-up.bin /resume-up.bin\n");
        assertEquals(0, result.exitCode(), result::toString);
        assertArrayEquals(data, Files.readAllBytes(local.resolve("resume-down.bin")));
        assertArrayEquals(data, Files.readAllBytes(root.resolve("resume-up.bin")));
    }

    @Test
    void recursiveTransfers() throws Exception {
        Path tree = Files.createDirectories(local.resolve("tree/a/b"));
        Files.writeString(local.resolve("tree/top.txt"), "top");
        Files.writeString(tree.resolve("deep.txt"), "deep");
        PeerProcess.Result result = sftp("put -r tree /tree-up\nget -r /tree-up tree-down\n");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("deep", Files.readString(root.resolve("tree-up/a/b/deep.txt")));
        assertEquals("top", Files.readString(local.resolve("tree-down/top.txt")));
        assertEquals("deep", Files.readString(local.resolve("tree-down/a/b/deep.txt")));
    }

    @Test
    void scpOverSftpBothWays() throws Exception {
        Path tree = Files.createDirectories(local.resolve("scp-tree/sub"));
        Files.writeString(tree.resolve("f.txt"), "via sftp");
        PeerProcess.Result up = scp("-r", "scp-tree", "tester@127.0.0.1:/scp-sftp");
        assertEquals(0, up.exitCode(), up::toString);
        assertEquals("via sftp", Files.readString(root.resolve("scp-sftp/sub/f.txt")));
        PeerProcess.Result down = scp("-r", "tester@127.0.0.1:/scp-sftp", "scp-sftp-back");
        assertEquals(0, down.exitCode(), down::toString);
        assertEquals("via sftp", Files.readString(local.resolve("scp-sftp-back/sub/f.txt")));
    }

    @Test
    void legacyScpBothWaysWithTimesAndRecursion() throws Exception {
        Path tree = Files.createDirectories(local.resolve("legacy/sub"));
        Files.writeString(tree.resolve("g.txt"), "via rcp protocol");
        Files.setLastModifiedTime(tree.resolve("g.txt"), FileTime.fromMillis(1_500_000_000_000L));
        byte[] data = new byte[2 * 1024 * 1024 + 1];
        new Random(11).nextBytes(data);
        Files.write(local.resolve("legacy/bin.dat"), data);
        PeerProcess.Result up = scp("-O", "-r", "-p", "legacy", "tester@127.0.0.1:/legacy-up");
        assertEquals(0, up.exitCode(), up::toString);
        assertEquals("via rcp protocol", Files.readString(root.resolve("legacy-up/sub/g.txt")));
        assertEquals(FileTime.fromMillis(1_500_000_000_000L), Files.getLastModifiedTime(root.resolve("legacy-up/sub/g.txt")));
        assertArrayEquals(data, Files.readAllBytes(root.resolve("legacy-up/bin.dat")));
        PeerProcess.Result down = scp("-O", "-r", "-p", "tester@127.0.0.1:/legacy-up", "legacy-down");
        assertEquals(0, down.exitCode(), down::toString);
        assertArrayEquals(data, Files.readAllBytes(local.resolve("legacy-down/bin.dat")));
        assertEquals(FileTime.fromMillis(1_500_000_000_000L),
                Files.getLastModifiedTime(local.resolve("legacy-down/sub/g.txt")));
        PeerProcess.Result one = scp("-O", "tester@127.0.0.1:/legacy-up/sub/g.txt", "single.txt");
        assertEquals(0, one.exitCode(), one::toString);
        assertEquals("via rcp protocol", Files.readString(local.resolve("single.txt")));
    }

    @Test
    void escapesFromTheRootFail() throws Exception {
        Files.createSymbolicLink(root.resolve("escape"), Path.of("/"));
        Files.createSymbolicLink(root.resolve("outside-link"), directory.resolve("outside.txt"));
        Files.writeString(local.resolve("payload.txt"), "payload");
        String outside = directory.resolve("outside.txt").toString();
        List<PeerProcess.Result> attempts = List.of(
                sftp("get /../../../../" + outside + " stolen1.txt\n"),
                sftp("get /escape" + outside + " stolen2.txt\n"),
                sftp("get /outside-link stolen3.txt\n"),
                sftp("put payload.txt /escape" + directory + "/planted1.txt\n"),
                sftp("ln -s / /escape/planted-link\n"),
                sftp("cd /escape" + directory + "\n"),
                scp("-O", "tester@127.0.0.1:/escape" + outside, "stolen4.txt"),
                scp("-O", "tester@127.0.0.1:/outside-link", "stolen5.txt"),
                scp("-O", "payload.txt", "tester@127.0.0.1:/escape" + directory + "/planted2.txt"),
                scp("payload.txt", "tester@127.0.0.1:/../../../.." + directory + "/planted3.txt"));
        for (PeerProcess.Result attempt : attempts) {
            assertNotEquals(0, attempt.exitCode(), attempt::toString);
        }
        assertTrue(attempts.get(1).stderr().contains("Permission denied")
                || attempts.get(1).stderr().contains("not found"), attempts.get(1)::toString);
        for (int i = 1; i <= 5; i++) {
            Path stolen = local.resolve("stolen" + i + ".txt");
            assertFalse(Files.exists(stolen) && Files.readString(stolen).contains("outside"), stolen.toString());
        }
        for (int i = 1; i <= 3; i++) {
            assertFalse(Files.exists(directory.resolve("planted" + i + ".txt")), "planted" + i);
        }
        assertFalse(Files.exists(Path.of("/planted-link"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("outside the root", Files.readString(directory.resolve("outside.txt"), StandardCharsets.UTF_8));
        Files.delete(root.resolve("escape"));
        Files.delete(root.resolve("outside-link"));
    }
}
