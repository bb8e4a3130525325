// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Match exec}, {@code Match localnetwork} and {@code Match tagged} as readconf.c decides
 * them: a command run with the tokens of what the blocks before it set, and only when the
 * criteria before it held; this machine's interfaces; the {@code Tag} so far. Where OpenSSH's ssh
 * is installed, {@code ssh -G} reads the same file the same way (9.2 has no {@code tagged}).
 */
class MatchProbesTest {
    @TempDir
    Path directory;

    /** The blocks; with {@code localNetwork}, the {@code localnetwork} ones, which OpenSSH 9.2 does not know. */
    private String config(boolean localNetwork) {
        return "Host t\n  HostName target.example\n  Port 2200\n  User bob\n"
                // the tokens are what the blocks above set
                + "Match exec \"test %h = target.example -a %p = 2200 -a %r = bob -a %n = t\"\n  Compression yes\n"
                + "Match !exec false\n  ServerAliveInterval 5\n"
                // %k is the host name so far where no HostKeyAlias is set, in a Match exec only
                + "Match exec \"test %k = target.example\"\n  IdentitiesOnly yes\n"
                // a command after a criterion that failed is not run
                + "Match host nothing-matches exec \"touch " + directory.resolve("ran") + "\"\n  Port 1\n"
                + (localNetwork ? "Match localnetwork 127.0.0.0/8\n  ConnectTimeout 7\n"
                        // TEST-NET-1, RFC 5737: on no interface
                        + "Match localnetwork 192.0.2.0/24\n  User on-test-net\n" : "");
    }

    @Test
    void execAndLocalnetworkDecideAsSshDecides() throws Exception {
        Path file = Files.writeString(directory.resolve("config"), config(true));
        SshConfig config = SshConfig.load(file);
        assertEquals(List.of(), config.problems());
        HostConfig t = config.lookup("t");
        assertTrue(t.compression(), "the command saw the host name, port, user and name so far");
        assertEquals(Duration.ofSeconds(5), t.serverAliveInterval(), "a negated exec that fails holds");
        assertTrue(t.identitiesOnly(), "%k: the host name so far");
        assertEquals(2200, t.port());
        assertFalse(Files.exists(directory.resolve("ran")), "not run after a criterion that failed");
        assertEquals(Duration.ofSeconds(7), t.connectTimeout(), "loopback is on an interface that is up");
        assertEquals("bob", t.user(), "192.0.2.0/24 is on none");
        assertFalse(config.lookup("other").compression(), "the command failed for another host");

        SshG.assumeInstalled();
        file = Files.writeString(directory.resolve("config"), config(false));
        config = SshConfig.load(file);
        for (String host : List.of("t", "other")) {
            List<String> lines = SshG.lines(file, host);
            HostConfig ours = config.lookup(host);
            assertTrue(lines.contains("compression " + (ours.compression() ? "yes" : "no")), host);
            assertTrue(lines.contains("serveraliveinterval " + ours.serverAliveInterval().toSeconds()), host);
            assertTrue(lines.contains("user " + ours.user()), host);
            assertTrue(lines.contains("port " + ours.port()), host);
            assertTrue(lines.contains("identitiesonly " + (ours.identitiesOnly() ? "yes" : "no")), host);
        }
    }

    /**
     * A host or user name a shell would act on never reaches a Match exec command (CVE-2023-51385,
     * refused by ssh since 9.6): the lookup fails, and nothing is run; a command that does not use
     * the name does not care.
     */
    @Test
    void aNameAShellWouldActOnIsRefusedWhereACommandUsesIt() throws Exception {
        Path ran = directory.resolve("pwned");
        SshConfig config = SshConfig.parse("Match exec \"test %h = x\"\n  Port 2\n");
        for (String host : List.of("x;touch " + ran, "$(touch " + ran + ")", "-oProxyCommand=x", "a b")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> config.lookup(host));
            assertTrue(refused.getMessage().contains("Match exec"), refused.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> SshConfig.parse("Match exec \"test %r = x\"\n  Port 2\n")
                .lookup("h", "u;touch " + ran));
        assertFalse(Files.exists(ran));
        assertEquals(22, SshConfig.parse("Match exec true\n  Compression yes\n").lookup("x;y").port(),
                "a command without the name runs");
    }

    /** {@code Tag} sets the tag {@code Match tagged} sees; the first value wins, as ever. */
    @Test
    void taggedSeesTheTagSoFar() throws Exception {
        SshConfig config = SshConfig.parse("Host work-*\n  Tag work\nHost *\n  Tag home\nMatch tagged work\n  User worker\n"
                + "Match tagged home,!work\n  User dweller\nMatch tagged \"\"\n  Port 2\n");
        assertEquals("worker", config.lookup("work-db").user());
        assertEquals("dweller", config.lookup("nas").user());
        assertEquals(22, config.lookup("nas").port(), "a tag is set");
        assertEquals(2, SshConfig.parse("Match tagged \"\"\n  Port 2\n").lookup("x").port(), "no tag: the empty one");
        assertEquals(22, SshConfig.parse("Match tagged *\n  Port 2\n").lookup("x").port(), "which * does not match");
        assertEquals(2, SshConfig.parse("Match !tagged *\n  Port 2\n").lookup("x").port());
    }
}
