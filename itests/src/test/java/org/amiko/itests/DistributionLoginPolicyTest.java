// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.amiko.keys.KeyPairs;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's login settings as an operator writes them in etc/org.amiko.sshd.cfg, with
 * OpenSSH's ssh: {@code authenticationMethods = publickey,password} wants the key and then the
 * password, {@code banner} is shown first, {@code clientAliveInterval} has the server ask a silent
 * client and {@code clientAliveCountMax} says how many questions may go unanswered,
 * {@code pubkeyAcceptedAlgorithms} is what ssh is told it may sign with, and the console logs
 * each attempt, and a connection's end, in sshd's words.
 */
@Timeout(180)
class DistributionLoginPolicyTest {
    @TempDir
    Path work;

    /** ssh as admin with the key, then a password; extra arguments before the destination. */
    private static List<String> ssh(OpenSshClient client, Path identity, List<String> extra, String command) {
        return ssh(client, identity, "publickey,password", extra, command);
    }

    /** ssh as admin trying {@code methods} in order (the secret through askpass); extra arguments before the destination. */
    private static List<String> ssh(OpenSshClient client, Path identity, String methods, List<String> extra,
            String command) {
        List<String> line = new ArrayList<>(client.command(null, "admin", List.of("PreferredAuthentications=" + methods,
                "NumberOfPasswordPrompts=1", "KbdInteractiveAuthentication=yes")));
        String destination = line.remove(line.size() - 1);
        line.add(1, "-v"); // before the helper's LogLevel=ERROR: ssh then says how it got in
        line.addAll(List.of("-o", "IdentitiesOnly=yes", "-i", identity.toString()));
        line.addAll(extra);
        line.add(destination);
        if (command != null) {
            line.add(command);
        }
        return line;
    }

    private Map<String, String> askpass(String password) throws Exception {
        Path script = work.resolve("askpass-" + password.length() + ".sh");
        Files.writeString(script, "#!/bin/sh\necho '" + password + "'\n", StandardCharsets.UTF_8);
        assertTrue(script.toFile().setExecutable(true));
        return Map.of("SSH_ASKPASS", script.toString(), "SSH_ASKPASS_REQUIRE", "force", "DISPLAY", ":0");
    }

    @Test
    void aKeyThenThePasswordAfterTheBannerAndSilentClientsAreAsked() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH client not installed");
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        Path home = RunningDistribution.install(work, user);
        Files.writeString(home.resolve("etc/banner.txt"), "Authorised use only.\n");
        RunningDistribution.setting(home, "authenticationMethods = any", "authenticationMethods = publickey,password");
        RunningDistribution.setting(home, "banner =", "banner = etc/banner.txt");
        RunningDistribution.setting(home, "clientAliveInterval = 0", "clientAliveInterval = 1");
        RunningDistribution.setting(home, "clientAliveCountMax = 3", "clientAliveCountMax = 1");
        RunningDistribution.setting(home, "pubkeyAcceptedAlgorithms =",
                "pubkeyAcceptedAlgorithms = ssh-ed25519,rsa-sha2-256,no-such-algorithm");
        int port = OpenSshServer.freePort();
        try (RunningDistribution server = new RunningDistribution(home, port)) {
            server.await("pubkeyAcceptedAlgorithms names algorithms not installed \\(accepted once they are\\): "
                    + "no-such-algorithm");
            String password = server.await("Created user 'admin' with password (\\S+)").group(1);
            server.await("listening on /127.0.0.1:" + port);
            OpenSshClient client = new OpenSshClient(work, port, RunningDistribution.hostKeys(home));
            Path identity = client.identity("id_policy", user);

            PeerProcess.Result keyOnly = PeerProcess.run(ssh(client, identity, List.of(), "echo no"),
                    askpass("not-" + password), null, Duration.ofSeconds(60));
            assertNotEquals(0, keyOnly.exitCode(), keyOnly::toString);
            assertTrue(keyOnly.stderr().contains("\"publickey\" with partial success"), keyOnly::toString);
            assertTrue(keyOnly.stderr().contains("Authorised use only."), keyOnly::toString);
            assertTrue(keyOnly.stderr().contains("server-sig-algs=<ssh-ed25519,rsa-sha2-256>"), keyOnly::toString);
            server.await("Partial publickey for admin from 127\\.0\\.0\\.1 port \\d+ ssh2: ssh-ed25519 SHA256:");
            server.await("Failed password for admin from 127\\.0\\.0\\.1");

            PeerProcess.Result both = PeerProcess.run(ssh(client, identity, List.of(), "echo policy-ok"),
                    askpass(password), null, Duration.ofSeconds(60));
            assertEquals(0, both.exitCode(), both::toString);
            assertTrue(both.stdout().contains("policy-ok"), both::toString);
            server.await("Accepted password for admin from 127\\.0\\.0\\.1");

            // a silent client is asked: ssh -v shows the server's keepalive questions, which it answers;
            // stopped, it answers no more, and one question unanswered ends its connection
            try (WatchedProcess silent = WatchedProcess.start(ssh(client, identity, List.of("-N"), null),
                    askpass(password))) {
                silent.awaitStderr(Pattern.compile("client_input_global_request: rtype keepalive@openssh.com"),
                        Duration.ofSeconds(30));
                assertEquals(0, PeerProcess.run(List.of("/bin/kill", "-STOP", Long.toString(silent.pid())),
                        Duration.ofSeconds(10)).exitCode());
                try {
                    server.await("Timeout, client not responding from user admin 127\\.0\\.0\\.1 port \\d+: .*"
                            + "no answer to 1 keepalive");
                } finally {
                    PeerProcess.run(List.of("/bin/kill", "-CONT", Long.toString(silent.pid())), Duration.ofSeconds(10));
                }
            }
        }
    }

    /**
     * unusedConnectionTimeout, as sshd's UnusedConnectionTimeout: ssh -N opens no channel, so its
     * connection is closed once the timeout has passed, and the console says so in sshd's words;
     * a command, which has its channel, runs.
     */
    @Test
    void anUnusedConnectionIsClosed() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH client not installed");
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        try (RunningDistribution server = RunningDistribution.listening(work, user,
                "unusedConnectionTimeout = 0", "unusedConnectionTimeout = 2")) {
            OpenSshClient client = server.openSsh(work);
            Path identity = client.identity("id_unused", user);
            PeerProcess.Result command = PeerProcess.run(ssh(client, identity, "publickey", List.of(), "echo used"),
                    Duration.ofSeconds(60));
            assertEquals(0, command.exitCode(), command::toString);
            assertTrue(command.stdout().contains("used"), command::toString);

            PeerProcess.Result idle = PeerProcess.run(ssh(client, identity, "publickey", List.of("-N"), null),
                    Duration.ofSeconds(60));
            assertNotEquals(0, idle.exitCode(), "ssh -N ends only when the server closes it: " + idle);
            server.await("terminating inactive connection from 127\\.0\\.0\\.1 port \\d+");
        }
    }

    /**
     * perSourcePenalties, as sshd's PerSourcePenalties: a failed login here adds more than the
     * threshold at once, so the address's next connection is closed before a word, even one with
     * a key that would be accepted, and the console says when the address starts being refused.
     */
    @Test
    void aFailedLoginGetsTheAddressRefusedForAWhile() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH client not installed");
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        try (RunningDistribution server = RunningDistribution.listening(work, user,
                "perSourcePenalties = yes", "perSourcePenalties = authfail:20s")) {
            OpenSshClient client = server.openSsh(work);
            Path identity = client.identity("id_penalty", user);
            KeyPair stranger = KeyPairs.generate("ssh-ed25519");
            Path unknown = client.identity("id_stranger", stranger);

            PeerProcess.Result refused = PeerProcess.run(ssh(client, unknown, "publickey", List.of(), "echo no"),
                    Duration.ofSeconds(60));
            assertNotEquals(0, refused.exitCode(), refused::toString);
            server.await("127\\.0\\.0\\.1/32 is refused for 2\\d s: penalty: failed authentication");

            PeerProcess.Result dropped = PeerProcess.run(ssh(client, identity, "publickey", List.of(), "echo no"),
                    Duration.ofSeconds(60));
            assertNotEquals(0, dropped.exitCode(), dropped::toString);
            assertTrue(dropped.stderr().contains("Connection closed by") || dropped.stderr().contains("reset by peer"),
                    dropped::toString);
        }
    }

    /**
     * A second factor from an authenticator app: bin/amiko otp gives admin a secret and prints the
     * otpauth URI; with publickey,keyboard-interactive, ssh answers "Verification code:" with the
     * code the app would show now, and the same code a second time is refused.
     */
    @Test
    void aKeyThenTheCodeFromAnAuthenticatorApp() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH client not installed");
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        Path home = RunningDistribution.install(work, user);
        PeerProcess.Result otp = PeerProcess.run(List.of(home.resolve("bin/amiko").toString(), "otp", "admin"),
                Duration.ofSeconds(60));
        assertEquals(0, otp.exitCode(), otp::toString);
        Matcher uri = Pattern.compile("otpauth://totp/Amiko%3Aadmin\\?secret=([A-Z2-7]+)&issuer=Amiko").matcher(otp.stdout());
        assertTrue(uri.find(), otp::toString);
        byte[] secret = base32(uri.group(1));
        RunningDistribution.setting(home, "oneTimePasswords =", "oneTimePasswords = etc/otp.properties");
        RunningDistribution.setting(home, "authenticationMethods = any", "authenticationMethods = publickey,keyboard-interactive");
        int port = OpenSshServer.freePort();
        try (RunningDistribution server = new RunningDistribution(home, port)) {
            server.await("listening on /127.0.0.1:" + port);
            OpenSshClient client = new OpenSshClient(work, port, RunningDistribution.hostKeys(home));
            Path identity = client.identity("id_otp", user);
            String methods = "publickey,keyboard-interactive";
            String code = totp(secret, Instant.now().getEpochSecond() / 30);
            PeerProcess.Result in = PeerProcess.run(ssh(client, identity, methods, List.of(), "echo second-factor-ok"),
                    askpass(code), null, Duration.ofSeconds(60));
            assertEquals(0, in.exitCode(), in::toString);
            assertTrue(in.stdout().contains("second-factor-ok"), in::toString);
            server.await("Accepted keyboard-interactive for admin from 127\\.0\\.0\\.1");

            PeerProcess.Result replayed = PeerProcess.run(ssh(client, identity, methods, List.of(), "echo no"),
                    askpass(code), null, Duration.ofSeconds(60));
            assertNotEquals(0, replayed.exitCode(), replayed::toString);
        }
    }

    /** RFC 4648 base 32, as the URI carries the secret (the test's own reading, not the server's code). */
    private static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : text.toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xFF);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }

    /** RFC 6238's code for {@code step}: what an authenticator app shows. */
    private static String totp(byte[] secret, long step) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secret, "HmacSHA1"));
        byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
        int offset = hash[hash.length - 1] & 0x0F;
        return String.format("%06d", (ByteBuffer.wrap(hash, offset, 4).getInt() & 0x7FFFFFFF) % 1_000_000);
    }
}
