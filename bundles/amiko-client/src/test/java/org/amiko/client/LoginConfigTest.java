// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The login methods a host's configuration leaves, in its order: PreferredAuthentications, and
 * the flags that turn a method off, as {@code ssh -G} reads them.
 */
class LoginConfigTest {
    private static final String CONFIG = """
            Host ordered
              PreferredAuthentications keyboard-interactive,hostbased,password,publickey,password
            Host off
              PubkeyAuthentication no
              ChallengeResponseAuthentication no
              KbdInteractiveAuthentication yes
              GSSAPIAuthentication yes
            Host bound
              PubkeyAuthentication unbound
              PasswordAuthentication no
              GSSAPIAuthentication no
            """;

    @TempDir
    Path directory;

    @Test
    void theMethodsAreOrderedAndTurnedOffAsSshReadsThem() throws Exception {
        Path file = Files.writeString(directory.resolve("config"), CONFIG);
        SshConfig config = SshConfig.load(file);
        assertEquals(List.of("keyboard-interactive", "password", "publickey"), config.lookup("ordered").authentications(),
                "hostbased is not offered by this client; each once");
        assertNull(config.lookup("ordered").gssapiAuthentication(), "not set");
        assertEquals(List.of("gssapi-with-mic", "password"), config.lookup("off").authentications(),
                "the deprecated alias, first, wins over KbdInteractiveAuthentication");
        assertEquals(Boolean.TRUE, config.lookup("off").gssapiAuthentication());
        assertEquals(List.of("publickey", "keyboard-interactive"), config.lookup("bound").authentications());
        assertEquals(Boolean.FALSE, config.lookup("bound").gssapiAuthentication());
        assertEquals(HostConfig.DEFAULT_AUTHENTICATIONS, config.lookup("other").authentications());

        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh")), "OpenSSH client not installed");
        for (String host : List.of("ordered", "off", "bound", "other")) {
            Process ssh = new ProcessBuilder("/usr/bin/ssh", "-G", "-F", file.toString(), host)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            ssh.getOutputStream().close();
            List<String> lines = new String(ssh.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertTrue(ssh.waitFor(30, TimeUnit.SECONDS));
            List<String> ours = config.lookup(host).authentications();
            for (String method : List.of("password", "keyboard-interactive")) {
                String keyword = method.equals("password") ? "passwordauthentication" : "kbdinteractiveauthentication";
                assertTrue(lines.contains(keyword + " " + (ours.contains(method) ? "yes" : "no")), host + " " + method);
            }
            // 9.2 shows this flag as true, false or unbound
            List<String> pubkey = ours.contains("publickey") ? List.of("true", "yes", "unbound") : List.of("false", "no");
            assertTrue(pubkey.stream().anyMatch(value -> lines.contains("pubkeyauthentication " + value)), host);
            Boolean gssapi = config.lookup(host).gssapiAuthentication();
            assertTrue(lines.contains("gssapiauthentication " + (Boolean.TRUE.equals(gssapi) ? "yes" : "no")), host);
        }
    }
}
