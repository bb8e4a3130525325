// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.amiko.keys.KeyPairs;
import org.amiko.keys.PublicKeyLine;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's login settings as an operator writes them in etc/org.amiko.sshd.cfg, with
 * OpenSSH's ssh: {@code authenticationMethods = publickey,password} wants the key and then the
 * password, {@code banner} is shown first, {@code clientAliveInterval} has the server ask a silent
 * client, and the console logs each attempt in sshd's words.
 */
@Timeout(180)
class DistributionLoginPolicyTest {
    @TempDir
    Path work;

    /** ssh with the key and, through askpass, {@code password}; extra arguments before the destination. */
    private static List<String> ssh(OpenSshClient client, Path identity, List<String> extra, String command) {
        List<String> line = new ArrayList<>(client.command(null, "admin", List.of("PreferredAuthentications=publickey,password",
                "NumberOfPasswordPrompts=1")));
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
        Path home = RunningDistribution.install(work);
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        Files.writeString(home.resolve("etc/authorized_keys"), PublicKeyLine.of(user.getPublic(), "me").format() + "\n",
                StandardOpenOption.APPEND);
        Files.writeString(home.resolve("etc/banner.txt"), "Authorised use only.\n");
        Path config = home.resolve("etc/org.amiko.sshd.cfg");
        String settings = Files.readString(config);
        for (String setting : List.of("authenticationMethods = any", "banner =", "clientAliveInterval = 0")) {
            assertTrue(settings.contains(setting + "\n"), setting);
        }
        Files.writeString(config, settings.replace("authenticationMethods = any", "authenticationMethods = publickey,password")
                .replace("banner =\n", "banner = etc/banner.txt\n").replace("clientAliveInterval = 0", "clientAliveInterval = 1"));
        int port = OpenSshServer.freePort();
        try (RunningDistribution server = new RunningDistribution(home, port)) {
            String password = server.await("Created user 'admin' with password (\\S+)").group(1);
            server.await("listening on /127.0.0.1:" + port);
            OpenSshClient client = new OpenSshClient(work, port, RunningDistribution.hostKeys(home));
            Path identity = client.identity("id_policy", user);

            PeerProcess.Result keyOnly = PeerProcess.run(ssh(client, identity, List.of(), "echo no"),
                    askpass("not-" + password), null, Duration.ofSeconds(60));
            assertNotEquals(0, keyOnly.exitCode(), keyOnly::toString);
            assertTrue(keyOnly.stderr().contains("\"publickey\" with partial success"), keyOnly::toString);
            assertTrue(keyOnly.stderr().contains("Authorised use only."), keyOnly::toString);
            server.await("Partial publickey for admin from 127\\.0\\.0\\.1 port \\d+ ssh2: ssh-ed25519 SHA256:");
            server.await("Failed password for admin from 127\\.0\\.0\\.1");

            PeerProcess.Result both = PeerProcess.run(ssh(client, identity, List.of(), "echo policy-ok"),
                    askpass(password), null, Duration.ofSeconds(60));
            assertEquals(0, both.exitCode(), both::toString);
            assertTrue(both.stdout().contains("policy-ok"), both::toString);
            server.await("Accepted password for admin from 127\\.0\\.0\\.1");

            // a silent client is asked: ssh -v shows the server's keepalive questions, which it answers
            try (WatchedProcess silent = WatchedProcess.start(ssh(client, identity, List.of("-N"), null),
                    askpass(password))) {
                silent.awaitStderr(Pattern.compile("client_input_global_request: rtype keepalive@openssh.com"),
                        Duration.ofSeconds(30));
            }
        }
    }
}
