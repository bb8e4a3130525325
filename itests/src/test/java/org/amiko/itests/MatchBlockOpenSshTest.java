// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.amiko.keys.KeyPairs;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Match blocks in bin/amiko, as files FileInstall reads from {@code etc/} (factory PID
 * {@code org.amiko.match}), with OpenSSH's ssh and sftp logging in: sshd's {@code Match User
 * sftp* / ForceCommand internal-sftp}, with {@code sftpRoot = data/sftp/%u} as its
 * {@code ChrootDirectory}; then a block dropped in while the server runs, which cannot be used and
 * so refuses the logins it matches until it is removed.
 */
@Timeout(180)
class MatchBlockOpenSshTest {
    @TempDir
    Path work;

    private static PeerProcess.Result ssh(OpenSshClient ssh, Path identity, String user, String command)
            throws Exception {
        return ssh(ssh, identity, user, command, false);
    }

    /** As {@link #ssh}, at ssh's LogLevel INFO, which shows the server's banner on standard error. */
    private static PeerProcess.Result sshShowingBanner(OpenSshClient ssh, Path identity, String user, String command)
            throws Exception {
        return ssh(ssh, identity, user, command, true);
    }

    private static PeerProcess.Result ssh(OpenSshClient ssh, Path identity, String user, String command, boolean banner)
            throws Exception {
        List<String> line = new java.util.ArrayList<>(ssh.command(identity, user, List.of()));
        if (banner) {
            line.replaceAll(word -> word.equals("LogLevel=ERROR") ? "LogLevel=INFO" : word);
        }
        line.add(command);
        return PeerProcess.run(line, Map.of(), null, Duration.ofSeconds(60));
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void blocksFromEtcApplyToTheLoginsTheyMatchFromTheNextLogin() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH) && PeerProcess.available("/usr/bin/sftp"), "OpenSSH not installed");
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        Path home = RunningDistribution.install(work, user);
        // sshd's ChrootDirectory /srv/sftp/%u for the sftp-only users
        RunningDistribution.setting(home, "sftpRoot = data/sftp", "sftpRoot = data/sftp/%u");
        Files.createDirectories(home.resolve("data/sftp/sftpbob"));
        Files.writeString(home.resolve("etc/org.amiko.match-sftp.cfg"),
                "# sshd's Match User sftp*\nuser = sftp*\nforceCommand = internal-sftp\npermitTTY = false\n"
                + "banner = etc/sftp-banner.txt\n");
        Files.writeString(home.resolve("etc/sftp-banner.txt"), "Files only.\n");
        try (RunningDistribution server = new RunningDistribution(home, OpenSshServer.freePort())) {
            server.await("listening on /127.0.0.1:" + server.port());
            // said as the listener starts, from ConfigAdmin: the block was there before any login could come
            List<String> console = server.console();
            int block = indexOf(console, "match block org.amiko.match-sftp.cfg: for user sftp*: "
                    + "{banner=etc/sftp-banner.txt, forceCommand=internal-sftp, permitTTY=false}");
            assertTrue(block >= 0 && block < indexOf(console, "listening on"), () -> String.join("\n", console));
            server.await("subsystem sftp available");
            OpenSshClient ssh = server.openSsh(work);
            Path identity = ssh.identity("id_match", user);

            PeerProcess.Result sftpOnly = sshShowingBanner(ssh, identity, "sftpbob", "echo hello");
            assertEquals(1, sftpOnly.exitCode(), sftpOnly::toString);
            assertEquals("This service allows sftp connections only.\n", sftpOnly.stdout(), sftpOnly::toString);
            assertTrue(sftpOnly.stderr().contains("Files only."), sftpOnly::toString);
            List<String> withTerminal = new java.util.ArrayList<>(ssh.command(identity, "sftpbob", List.of()));
            withTerminal.add(1, "-tt");
            withTerminal.add("echo hello");
            PeerProcess.Result noTerminal = PeerProcess.run(withTerminal, Map.of(), null, Duration.ofSeconds(60));
            assertTrue(noTerminal.stderr().contains("PTY allocation request failed"), noTerminal::toString);
            Path upload = Files.writeString(work.resolve("upload.txt"), "bob's");
            List<String> sftp = List.of("/usr/bin/sftp", "-F", "/dev/null", "-P", Integer.toString(server.port()), "-o",
                    "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + work.resolve("known_hosts"), "-o",
                    "LogLevel=ERROR", "-o", "BatchMode=yes", "-i", identity.toString(), "-b", "-", "sftpbob@127.0.0.1");
            PeerProcess.Result put = PeerProcess.run(sftp, Map.of(),
                    ("put " + upload + " kept.txt\n").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    Duration.ofSeconds(60));
            assertEquals(0, put.exitCode(), put::toString);
            assertEquals("bob's", Files.readString(home.resolve("data/sftp/sftpbob/kept.txt")), "in sftpbob's own root");

            PeerProcess.Result other = sshShowingBanner(ssh, identity, "tester", "echo hello");
            assertEquals(0, other.exitCode(), other::toString);
            assertTrue(other.stdout().contains("hello"), other::toString);
            assertFalse(other.stderr().contains("Files only."), "the block's banner is for its users");

            // sshd -T -C user=sftpbob,addr=...: what a login would get, and from which file
            PeerProcess.Result settings = ssh(ssh, identity, "tester", "amiko:settings sftpbob 192.0.2.7");
            assertEquals(0, settings.exitCode(), settings::toString);
            assertTrue(settings.stdout().matches("(?s).*\\bforceCommand +internal-sftp +org\\.amiko\\.match-sftp\\.cfg\\b.*"),
                    settings::toString);
            assertTrue(settings.stdout().matches("(?s).*\\bmaxSessions +10 +org\\.amiko\\.sshd\\.cfg\\b.*"),
                    settings::toString);
            // and what only the server-wide file sets, as sshd -T shows every setting
            assertTrue(settings.stdout().matches("(?s).*\\bpermitUserEnvironment +no +org\\.amiko\\.sshd\\.cfg\\b.*"),
                    settings::toString);
            // sshd's Match LocalAddress and LocalPort, and -T -C laddr=,lport= for them
            Files.writeString(home.resolve("etc/org.amiko.match-inside.cfg"),
                    "localAddress = 10.0.0.1\nlocalPort = 2222\nmaxSessions = 3\n");
            server.await("match block org.amiko.match-inside.cfg: for localAddress 10.0.0.1 localPort 2222: "
                    + "\\{maxSessions=3\\}");
            PeerProcess.Result inside = ssh(ssh, identity, "tester", "amiko:settings tester 192.0.2.7 10.0.0.1 2222");
            assertTrue(inside.stdout().matches("(?s).*\\bmaxSessions +3 +org\\.amiko\\.match-inside\\.cfg\\b.*"),
                    inside::toString);
            PeerProcess.Result otherPort = ssh(ssh, identity, "tester", "amiko:settings tester 192.0.2.7 10.0.0.1 22");
            assertTrue(otherPort.stdout().matches("(?s).*\\bmaxSessions +10 +org\\.amiko\\.sshd\\.cfg\\b.*"),
                    otherPort::toString);
            Files.delete(home.resolve("etc/org.amiko.match-inside.cfg"));
            server.await("match block org.amiko.match-inside.cfg removed");

            Path broken = home.resolve("etc/org.amiko.match-tester.cfg");
            Files.writeString(broken, "user = tester\nmaxSessions = several\n");
            server.await("match block org.amiko.match-tester.cfg cannot be used: maxSessions must be a whole "
                    + "number, not several; the logins it matches \\(user tester\\) are refused");
            PeerProcess.Result refused = ssh(ssh, identity, "tester", "echo hello");
            assertEquals(255, refused.exitCode(), refused::toString);
            assertTrue(refused.stderr().contains("Permission denied"), refused::toString);
            server.await("User tester from 127.0.0.1 not allowed because match block org.amiko.match-tester.cfg "
                    + "cannot be used");
            assertEquals(0, ssh(ssh, identity, "alice", "echo hello").exitCode(), "other users still log in");
            PeerProcess.Result why = ssh(ssh, identity, "alice", "amiko:settings tester");
            assertTrue(why.stdout().startsWith("refused: match block org.amiko.match-tester.cfg cannot be used"),
                    why::toString);

            Files.delete(broken);
            server.await("match block org.amiko.match-tester.cfg removed: the logins from now on go without it");
            PeerProcess.Result again = ssh(ssh, identity, "tester", "echo hello");
            assertEquals(0, again.exitCode(), again::toString);
        }
    }

    /**
     * authorizedKeys with %u, as sshd's AuthorizedKeysFile: alice's key, in etc/keys/alice, logs
     * in as alice and as nobody else, so a user block holds for it.
     */
    @Test
    void keysOfTheirOwnBindKeysToUsers() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH not installed");
        KeyPair alice = KeyPairs.generate("ssh-ed25519");
        Path home = RunningDistribution.install(work);
        RunningDistribution.setting(home, "authorizedKeys = etc/authorized_keys", "authorizedKeys = etc/keys/%u");
        Files.createDirectories(home.resolve("etc/keys"));
        Files.writeString(home.resolve("etc/keys/alice"),
                org.amiko.keys.PublicKeyLine.of(alice.getPublic(), "alice").format() + "\n");
        // a block's file without its -NAME is a single configuration, not a block: said at start
        Files.writeString(home.resolve("etc/org.amiko.match.cfg"), "user = alice\nforceCommand = internal-sftp\n");
        try (RunningDistribution server = new RunningDistribution(home, OpenSshServer.freePort())) {
            server.await("listening on /127.0.0.1:" + server.port());
            server.await("org.amiko.match.cfg is no match block and is not read: name each block "
                    + "org.amiko.match-NAME.cfg");
            OpenSshClient ssh = server.openSsh(work);
            Path identity = ssh.identity("id_alice", alice);
            PeerProcess.Result asAlice = ssh(ssh, identity, "alice", "echo hello");
            assertEquals(0, asAlice.exitCode(), asAlice::toString);
            PeerProcess.Result asBob = ssh(ssh, identity, "bob", "echo hello");
            assertEquals(255, asBob.exitCode(), asBob::toString);
            assertTrue(asBob.stderr().contains("Permission denied"), asBob::toString);
        }
    }

    /**
     * sshd's AuthorizedKeysFile after Match: the sftp users' keys come from files of their own,
     * so the shared file's key, which logs in as anyone else, does not log in as them; the ops
     * users', from a list of files, their own and the administrators'.
     */
    @Test
    void aBlockNamesItsOwnKeyFiles() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH not installed");
        KeyPair shared = KeyPairs.generate("ssh-ed25519");
        KeyPair bob = KeyPairs.generate("ssh-ed25519");
        Path home = RunningDistribution.install(work, shared);
        Files.createDirectories(home.resolve("etc/keys"));
        Files.writeString(home.resolve("etc/keys/sftpbob"),
                org.amiko.keys.PublicKeyLine.of(bob.getPublic(), "bob").format() + "\n");
        Files.writeString(home.resolve("etc/org.amiko.match-sftp.cfg"), "user = sftp*\nauthorizedKeys = etc/keys/%u\n");
        // sshd's list of files: the ops users' own, and the administrators' for all of them
        Files.writeString(home.resolve("etc/org.amiko.match-ops.cfg"),
                "user = ops*\nauthorizedKeys = etc/keys/%u etc/admin_keys\n");
        Files.writeString(home.resolve("etc/admin_keys"),
                org.amiko.keys.PublicKeyLine.of(shared.getPublic(), "admin").format() + "\n");
        try (RunningDistribution server = new RunningDistribution(home, OpenSshServer.freePort())) {
            server.await("listening on /127.0.0.1:" + server.port());
            OpenSshClient ssh = server.openSsh(work);
            Path sharedIdentity = ssh.identity("id_shared", shared);
            Path bobIdentity = ssh.identity("id_bob", bob);
            PeerProcess.Result sharedAsBob = ssh(ssh, sharedIdentity, "sftpbob", "echo hello");
            assertEquals(255, sharedAsBob.exitCode(), sharedAsBob::toString);
            assertTrue(sharedAsBob.stderr().contains("Permission denied"), sharedAsBob::toString);
            PeerProcess.Result bobAsBob = ssh(ssh, bobIdentity, "sftpbob", "echo hello");
            assertEquals(0, bobAsBob.exitCode(), bobAsBob::toString);
            PeerProcess.Result sharedAsTester = ssh(ssh, sharedIdentity, "tester", "echo hello");
            assertEquals(0, sharedAsTester.exitCode(), sharedAsTester::toString);
            PeerProcess.Result adminAsOps = ssh(ssh, sharedIdentity, "opsjoe", "echo hello");
            assertEquals(0, adminAsOps.exitCode(), adminAsOps::toString);
            PeerProcess.Result bobAsOps = ssh(ssh, bobIdentity, "opsjoe", "echo hello");
            assertEquals(255, bobAsOps.exitCode(), bobAsOps::toString);
            PeerProcess.Result settings = ssh(ssh, sharedIdentity, "tester", "amiko:settings sftpbob");
            assertTrue(settings.stdout().matches("(?s).*\\bauthorizedKeys +etc/keys/%u +org\\.amiko\\.match-sftp\\.cfg\\b.*"),
                    settings::toString);
        }
    }
}
