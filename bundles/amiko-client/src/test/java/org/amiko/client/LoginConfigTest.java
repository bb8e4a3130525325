// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The login methods a host's configuration leaves, in its order: PreferredAuthentications, and
 * the flags that turn a method off; and the signature algorithms of its publickey logins; as
 * {@code ssh -G} reads them.
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

        SshG.assumeInstalled();
        for (String host : List.of("ordered", "off", "bound", "other")) {
            List<String> lines = SshG.lines(file, host);
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

    /**
     * PubkeyAcceptedAlgorithms, or its old name PubkeyAcceptedKeyTypes, as written: the first
     * line wins (either name), a line with two values is refused, and ssh -G reads the same.
     */
    @Test
    void thePublicKeyAlgorithmsAreReadAsSshReadsThem() throws Exception {
        Path file = Files.writeString(directory.resolve("config"), """
                Host legacy
                  PubkeyAcceptedKeyTypes +ssh-rsa
                  PubkeyAcceptedAlgorithms ssh-ed25519
                Host narrow
                  PubkeyAcceptedAlgorithms ssh-ed25519 rsa-sha2-512
                  PubkeyAcceptedAlgorithms ssh-ed25519,rsa-sha2-512
                """);
        SshConfig config = SshConfig.load(file);
        assertEquals("+ssh-rsa", config.lookup("legacy").pubkeyAcceptedAlgorithms());
        assertEquals("ssh-ed25519,rsa-sha2-512", config.lookup("narrow").pubkeyAcceptedAlgorithms());
        assertNull(config.lookup("other").pubkeyAcceptedAlgorithms());
        assertEquals(1, config.problems().size(), config.problems().toString());
        assertTrue(config.problems().get(0).contains("line 5"), config.problems().toString());

        SshG.assumeInstalled();
        // ssh -G refuses the whole file for the bad line, so it reads the file without it
        Path good = Files.writeString(directory.resolve("good"), Files.readString(file)
                .replace("  PubkeyAcceptedAlgorithms ssh-ed25519 rsa-sha2-512\n", ""));
        assertTrue(SshG.lines(good, "narrow").contains("pubkeyacceptedalgorithms ssh-ed25519,rsa-sha2-512"));
        assertTrue(SshG.lines(good, "legacy").stream().anyMatch(line -> line.startsWith("pubkeyacceptedalgorithms ")
                && line.endsWith(",ssh-rsa")), "+ssh-rsa appended to ssh's defaults");
    }
}
