// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amiko.keys.KeyFiles;
import org.amiko.keys.KeyPairs;
import org.amiko.keys.PublicKeyLine;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Felix distribution as a newcomer meets it: {@code bin/amiko} starts, creates host keys and
 * an admin user, logs where it listens; OpenSSH logs in with a key from {@code authorized_keys}
 * and gets a Gogo command's output and exit status; SIGTERM stops it; a restart reuses the keys.
 */
class DistributionTest {
    @TempDir
    Path work;

    @Test
    void newcomerStartsTheServerAndLogsInWithOpenSsh() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH client not installed");
        Path home = RunningDistribution.install(work);
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        KeyPair revoked = KeyPairs.generate("ssh-ed25519");
        Files.writeString(home.resolve("etc/authorized_keys"), PublicKeyLine.of(user.getPublic(), "me").format() + "\n"
                + PublicKeyLine.of(revoked.getPublic(), "lost laptop").format() + "\n", StandardOpenOptionAppend.APPEND);
        // the lost laptop's key, revoked in a KRL as an operator makes one
        Path revokedPub = Files.writeString(work.resolve("revoked.pub"),
                PublicKeyLine.of(revoked.getPublic(), "lost laptop").format() + "\n");
        PeerProcess.Result krl = PeerProcess.run(List.of("ssh-keygen", "-k", "-f",
                home.resolve("etc/revoked_keys").toString(), revokedPub.toString()), Map.of(), null, Duration.ofSeconds(30));
        assertEquals(0, krl.exitCode(), krl::toString);
        RunningDistribution.setting(home, "revokedKeys =", "revokedKeys = etc/revoked_keys");
        int port = OpenSshServer.freePort();
        String firstFingerprint;
        try (RunningDistribution server = new RunningDistribution(home, port)) {
            Matcher admin = server.await("Created user 'admin' with password (\\S+)");
            assertTrue(admin.group(1).length() >= 16);
            server.await("listening on /127.0.0.1:" + port);
            firstFingerprint = server.await("host key ssh-ed25519 (SHA256:\\S+)").group(1);
            for (String name : List.of("ssh_host_ed25519_key", "ssh_host_ecdsa_key", "ssh_host_rsa_key")) {
                Path key = home.resolve("etc").resolve(name);
                assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                        Files.getPosixFilePermissions(key), name);
                KeyFiles.load(key, null);
            }

            Path identity = work.resolve("id_ed25519");
            KeyFiles.writeOpenSsh(identity, user, "me");
            List<KeyPair> hostKeys = RunningDistribution.hostKeys(home);
            OpenSshClient ssh = new OpenSshClient(work, port, hostKeys);
            PeerProcess.Result listing = ssh.exec(identity, "lb");
            assertEquals(0, listing.exitCode(), listing::toString);
            assertTrue(listing.stdout().contains("Amiko core"), listing.stdout());
            Path revokedIdentity = work.resolve("id_revoked");
            KeyFiles.writeOpenSsh(revokedIdentity, revoked, "lost laptop");
            PeerProcess.Result refused = ssh.exec(revokedIdentity, "lb");
            assertEquals(255, refused.exitCode(), refused::toString);
            assertTrue(refused.stderr().contains("Permission denied"), refused::toString);
            PeerProcess.Result missing = ssh.exec(identity, "no-such-command");
            assertEquals(1, missing.exitCode(), missing::toString);
            assertTrue(missing.stderr().contains("no-such-command"), missing.stderr());
            // logins reach data/log in SimpleFormatter's layout, written by lib/'s LogLineFormatter
            // (a formatter java.util.logging cannot load would leave XML there)
            String log = Files.readString(home.resolve("data/log/amiko.log.0"));
            assertTrue(Pattern.compile("(?m)^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d INFO org\\.amiko\\.auth - "
                    + "Accepted publickey for tester from 127\\.0\\.0\\.1 port \\d+ ssh2: ssh-ed25519 SHA256:\\S+$").matcher(log).find(), log);

            // sftp from deploy/, rooted at data/sftp
            Path upload = Files.writeString(work.resolve("upload.txt"), "through sftp");
            List<String> sftp = new ArrayList<>(List.of("/usr/bin/sftp", "-F", "/dev/null", "-P", Integer.toString(port),
                    "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                    "-i", identity.toString(), "-b", "-", "tester@127.0.0.1"));
            byte[] batch = ("put " + upload + " copied.txt\nls\n").getBytes(StandardCharsets.UTF_8);
            // deploy/ is scanned as the framework starts: sftp may come a moment after the listener
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            PeerProcess.Result transfer;
            do {
                transfer = PeerProcess.run(sftp, Map.of(), batch, Duration.ofSeconds(60));
            } while (transfer.exitCode() != 0 && System.nanoTime() < deadline);
            assertEquals(0, transfer.exitCode(), transfer::toString);
            assertEquals("through sftp", Files.readString(home.resolve("data/sftp/copied.txt")));

            // operators' commands, over SSH itself
            PeerProcess.Result algorithms = ssh.exec(identity, "amiko:algorithms");
            assertEquals(0, algorithms.exitCode(), algorithms::toString);
            assertTrue(algorithms.stdout().contains("curve25519-sha256") && algorithms.stdout().contains("org.amiko.jca"),
                    algorithms.stdout());
            List<String> shellCommand = ssh.command(identity, "tester", List.of());
            shellCommand.add(1, "-T");
            Process shell = new ProcessBuilder(shellCommand).redirectErrorStream(true).start();
            try {
                // a line through the shell proves the session is up before it is listed
                shell.getOutputStream().write("echo shell-is-up\n".getBytes(StandardCharsets.UTF_8));
                shell.getOutputStream().flush();
                BufferedReader fromShell = new BufferedReader(new InputStreamReader(shell.getInputStream(),
                        StandardCharsets.UTF_8));
                String line;
                while ((line = fromShell.readLine()) != null && !line.contains("shell-is-up")) {
                    // prompt and echo lines before the output
                }
                PeerProcess.Result sessions = ssh.exec(identity, "amiko:sessions");
                assertEquals(0, sessions.exitCode(), sessions::toString);
                String[] rows = sessions.stdout().strip().split("\n");
                assertEquals(3, rows.length, sessions.stdout());
                assertTrue(rows[1].contains("publickey") && rows[1].contains("ssh-ed25519"), rows[1]);
                String shellId = rows[1].split("\\s+")[0];
                PeerProcess.Result killed = ssh.exec(identity, "amiko:kill " + shellId);
                assertTrue(killed.stdout().contains("disconnected session " + shellId), killed::toString);
                assertTrue(shell.waitFor(10, TimeUnit.SECONDS), "the killed session's ssh did not end");
                assertEquals(255, shell.exitValue());
            } finally {
                shell.destroyForcibly();
            }

            int exit = server.terminate();
            assertTrue(exit == 0 || exit == 143, "exit code " + exit);
        }
        try (RunningDistribution again = new RunningDistribution(home, port)) {
            assertEquals(firstFingerprint, again.await("host key ssh-ed25519 (SHA256:\\S+)").group(1),
                    "host keys are reused after a restart");
            assertTrue(again.seen.stream().noneMatch(line -> line.contains("Created user")),
                    "the admin password is printed once only");
        }
    }

    /**
     * The first run records a class-data-sharing archive when it stops; the next start maps it (the
     * JVM that {@code bin/amiko} execs is given that file).
     */
    /**
     * Kerberos as an operator sets it up: the host key in a keytab, the KDC in JAVA_OPTS, allowed
     * principals in the cfg; OpenSSH's ssh with a ticket from kinit logs in, a principal outside
     * gssapiUsers does not.
     */
    @Test
    void kerberosLoginWithOpenSsh() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH client not installed");
        assumeTrue(MitKdc.available() && PeerProcess.available("/usr/bin/kinit"), "MIT Kerberos not installed");
        Path home = RunningDistribution.install(work);
        try (MitKdc kdc = MitKdc.start(Files.createDirectories(work.resolve("kdc")))) {
            Path hostKeytab = kdc.principalWithKeytab("host/127.0.0.1");
            RunningDistribution.setting(home, "gssapiKeytab =", "gssapiKeytab = " + hostKeytab);
            RunningDistribution.setting(home, "gssapiPrincipal =", "gssapiPrincipal = host/127.0.0.1@" + MitKdc.REALM);
            RunningDistribution.setting(home, "gssapiUsers =", "gssapiUsers = alice@" + MitKdc.REALM);
            int port = OpenSshServer.freePort();
            try (RunningDistribution server = new RunningDistribution(home, port, "-Djava.security.krb5.conf=" + kdc.config())) {
                server.await("listening on /127.0.0.1:" + port);
                OpenSshClient ssh = new OpenSshClient(work, port, RunningDistribution.hostKeys(home));
                for (String principal : List.of("alice", "mallory")) {
                    Path keytab = kdc.principalWithKeytab(principal);
                    Map<String, String> environment = Map.of("KRB5_CONFIG", kdc.config().toString(), "KRB5CCNAME",
                            "FILE:" + work.resolve("ccache_" + principal));
                    PeerProcess.Result kinit = PeerProcess.run(List.of("/usr/bin/kinit", "-k", "-t", keytab.toString(),
                            principal), environment, null, Duration.ofSeconds(30));
                    assertEquals(0, kinit.exitCode(), kinit::toString);
                    List<String> command = ssh.command(null, "anyone", List.of("BatchMode=yes", "GSSAPIAuthentication=yes",
                            "PreferredAuthentications=gssapi-with-mic"));
                    command.add("lb");
                    PeerProcess.Result result = PeerProcess.run(command, environment, null, Duration.ofSeconds(60));
                    if (principal.equals("alice")) {
                        assertEquals(0, result.exitCode(), result::toString);
                        assertTrue(result.stdout().contains("Amiko core"), result::toString);
                    } else {
                        assertEquals(255, result.exitCode(), result::toString);
                        assertTrue(result.stderr().contains("Permission denied"), result::toString);
                    }
                }
            }
        }
    }

    @Test
    void restartMapsTheClassArchiveTheFirstRunRecorded() throws Exception {
        Path home = RunningDistribution.install(work);
        int port = OpenSshServer.freePort();
        try (RunningDistribution first = new RunningDistribution(home, port)) {
            first.await("listening on");
            int exit = first.terminate();
            assertTrue(exit == 0 || exit == 143, "exit code " + exit);
        }
        List<Path> archives = classArchives(home);
        assertEquals(1, archives.size(), "one archive recorded: " + archives);
        assertTrue(Files.size(archives.get(0)) > 0, "the archive has content");
        try (RunningDistribution again = new RunningDistribution(home, port)) {
            again.await("listening on");
            List<String> arguments = again.jvmArguments();
            assertTrue(arguments.contains("-XX:SharedArchiveFile=" + archives.get(0)), "JVM arguments: " + arguments);
        }
    }

    /** A JAVA_OPTS that makes its own class-sharing choice is left to it, and the server starts. */
    @Test
    void ownClassSharingChoiceIsRespected() throws Exception {
        Path home = RunningDistribution.install(work);
        int port = OpenSshServer.freePort();
        try (RunningDistribution server = new RunningDistribution(home, port, "-Xshare:off")) {
            server.await("listening on");
            int exit = server.terminate();
            assertTrue(exit == 0 || exit == 143, "exit code " + exit);
        }
        assertEquals(List.of(), classArchives(home), "no archive recorded with -Xshare:off");
    }

    /**
     * bin/amiko starts the JVM with its footprint defaults (serial collector, small initial heap),
     * and a JAVA_OPTS that picks its own collector and heap replaces them: the JVM would refuse to
     * start with two collectors, or with an initial heap above the maximum.
     */
    @Test
    void footprintDefaultsGiveWayToJavaOpts() throws Exception {
        Path home = RunningDistribution.install(work);
        int port = OpenSshServer.freePort();
        try (RunningDistribution server = new RunningDistribution(home, port)) {
            server.await("listening on");
            List<String> arguments = server.jvmArguments();
            assertTrue(arguments.contains("-XX:+UseSerialGC") && arguments.contains("-Xms32m")
                    && arguments.contains("-Xmn16m"),
                    "JVM arguments: " + arguments);
        }
        try (RunningDistribution server = new RunningDistribution(home, port, "-Xmx64m -XX:+UseParallelGC")) {
            server.await("listening on");
            List<String> arguments = server.jvmArguments();
            assertFalse(arguments.contains("-XX:+UseSerialGC") || arguments.contains("-Xms32m")
                    || arguments.contains("-Xmn16m"),
                    "JVM arguments: " + arguments);
            assertTrue(arguments.contains("-XX:+UseParallelGC"), "JVM arguments: " + arguments);
        }
    }

    private static List<Path> classArchives(Path home) throws IOException {
        try (var files = Files.list(home.resolve("data"))) {
            return files.filter(file -> file.getFileName().toString().matches("cds-.*\\.jsa")).toList();
        }
    }

    /**
     * The live plug-in story as an operator sees it: log in with chacha20-poly1305 (from
     * deploy/amiko-bc.jar), keep that session, move the jar out of deploy/: new logins asking for
     * chacha20-poly1305 are refused within seconds while the first session keeps working (re-keyed
     * onto what remains); moving the jar back restores it.
     */
    @Test
    void movingAmikoBcOutOfDeployWithdrawsItsAlgorithmsLive() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH client not installed");
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        Path home = RunningDistribution.install(work, user);
        Path plugin = home.resolve("deploy/amiko-bc.jar");
        assumeTrue(Files.exists(plugin), "amiko-bc is not in this distribution's deploy/");
        RunningDistribution.setting(home, "shell = gogo", "shell = os");
        int port = OpenSshServer.freePort();
        try (RunningDistribution server = new RunningDistribution(home, port)) {
            server.await("listening on /127.0.0.1:" + port);
            Path identity = work.resolve("id_live");
            KeyFiles.writeOpenSsh(identity, user, "me");
            OpenSshClient ssh = new OpenSshClient(work, port, RunningDistribution.hostKeys(home));
            String chacha = "Ciphers=chacha20-poly1305@openssh.com";
            // deploy/ is scanned once a second after start: wait until amiko-bc serves
            awaitExit(ssh, identity, chacha, 0);

            // the first session prefers chacha20-poly1305 but can fall back, as real clients can
            List<String> command = ssh.command(identity, "tester",
                    List.of("Ciphers=chacha20-poly1305@openssh.com,aes128-ctr"));
            command.add("cat");
            Process first = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (var toCat = first.getOutputStream();
                    var fromCat = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8))) {
                toCat.write("before\n".getBytes(StandardCharsets.UTF_8));
                toCat.flush();
                assertEquals("before", fromCat.readLine());

                Files.move(plugin, work.resolve("amiko-bc.jar"));
                awaitExit(ssh, identity, chacha, 255);

                toCat.write("after\n".getBytes(StandardCharsets.UTF_8));
                toCat.flush();
                assertEquals("after", fromCat.readLine(), "the first session keeps working");
            } finally {
                first.destroy();
            }
            Files.move(work.resolve("amiko-bc.jar"), plugin);
            awaitExit(ssh, identity, chacha, 0);
        }
    }

    /** Logs in with {@code option} until ssh exits with {@code expected}, within 20 seconds. */
    private static void awaitExit(OpenSshClient ssh, Path identity, String option, int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        PeerProcess.Result result;
        do {
            result = ssh.exec(identity, "true", option);
        } while (result.exitCode() != expected && System.nanoTime() < deadline);
        assertEquals(expected, result.exitCode(), result::toString);
    }

    /** Appends to a file. */
    private static final class StandardOpenOptionAppend {
        static final OpenOption APPEND = StandardOpenOption.APPEND;
    }
}
