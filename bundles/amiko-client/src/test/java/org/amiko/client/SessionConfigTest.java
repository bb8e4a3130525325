// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RemoteCommand (the rest of the line, tokens expanded, {@code none} for none), RequestTTY,
 * SessionType, ForwardX11 and ForwardX11Trusted as readconf.c reads them ({@code true} and {@code false} taken as yes and no), and
 * as {@code ssh -G} shows them.
 */
class SessionConfigTest {
    @TempDir
    Path directory;

    @Test
    void theSessionKeywordsAreReadAsSshReadsThem() throws Exception {
        Path file = Files.writeString(directory.resolve("config"), """
                Host box
                  User ops
                  RemoteCommand echo "%r on %h" && tmux attach
                  RequestTTY force
                Host sftp-only
                  RemoteCommand sftp
                  SessionType subsystem
                  RequestTTY true
                Host plain
                  RemoteCommand none
                  RequestTTY FORCE
                  ForwardX11 yes
                  ForwardX11Trusted no
                Host *
                  RemoteCommand echo later
                """);
        SshConfig config = SshConfig.load(file);
        HostConfig box = config.lookup("box");
        assertEquals("echo \"ops on box\" && tmux attach", box.remoteCommand(), "the whole rest of the line");
        assertEquals("force", box.requestTty());
        assertEquals("default", box.sessionType());
        assertEquals("subsystem", config.lookup("sftp-only").sessionType());
        assertEquals("yes", config.lookup("sftp-only").requestTty(), "true is yes");
        assertNull(config.lookup("plain").remoteCommand(), "none, first, wins and means none");
        assertEquals("force", config.lookup("plain").requestTty(), "case ignored");
        assertEquals(Boolean.TRUE, config.lookup("plain").forwardX11());
        assertEquals(Boolean.FALSE, config.lookup("plain").forwardX11Trusted());
        assertNull(config.lookup("box").forwardX11(), "not set");
        assertEquals("auto", config.lookup("other").requestTty());
        assertEquals("echo later", config.lookup("other").remoteCommand());

        SshG.assumeInstalled();
        List<String> ssh = SshG.lines(file, "box");
        assertTrue(ssh.contains("remotecommand " + box.remoteCommand()), ssh.toString());
        assertTrue(ssh.contains("requesttty force"));
        assertTrue(SshG.lines(file, "sftp-only").contains("sessiontype subsystem"));
        List<String> plain = SshG.lines(file, "plain");
        assertTrue(plain.stream().noneMatch(line -> line.startsWith("remotecommand")));
        assertTrue(plain.contains("forwardx11 yes") && plain.contains("forwardx11trusted no"), plain.toString());
    }

    /** A token ssh does not know in RemoteCommand fails the lookup, as ssh refuses it. */
    @Test
    void anUnknownTokenInTheRemoteCommandIsRefused() throws Exception {
        Path file = Files.writeString(directory.resolve("config"), "RemoteCommand date +%s\n");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> SshConfig.load(file).lookup("box"));
        assertTrue(refused.getMessage().contains("%s"), refused.getMessage());
        assertFalse(refused.getMessage().contains("date"), "the token, not the command line");
        SshG.assumeInstalled();
        assertEquals(255, SshG.exitStatus(file, "box"), "ssh -G refuses it too");
    }

    @Test
    void badValuesAreReported() throws Exception {
        for (String line : List.of("RequestTTY sometimes", "SessionType shell", "RequestTTY yes no", "ForwardX11 bogus",
                "ForwardX11Trusted maybe")) {
            SshConfig config = SshConfig.load(Files.writeString(directory.resolve("bad"), line + "\n"));
            assertEquals(1, config.problems().size(), line + ": " + config.problems());
            assertEquals("auto", config.lookup("x").requestTty(), line);
            assertEquals("default", config.lookup("x").sessionType(), line);
        }
    }

    /** ChannelTimeout as readconf.c reads it: type=interval pairs in order, none alone, and what it refuses. */
    @Test
    void channelTimeoutIsReadAsSshReadsIt() throws Exception {
        SshConfig config = SshConfig.parse("Host a\n  ChannelTimeout session:shell=1h session=5m global=2h\n"
                + "Host b\n  ChannelTimeout none\nHost c\n  ChannelTimeout session\nHost *\n  ChannelTimeout *=1m\n");
        assertEquals(List.of("session:shell", "session", "global"),
                List.copyOf(config.lookup("a").channelTimeouts().keySet()), "the first line, in its order");
        assertEquals(Duration.ofMinutes(5), config.lookup("a").channelTimeouts().get("session"));
        assertEquals(Map.of(), config.lookup("b").channelTimeouts(), "none, first, wins");
        assertEquals(Map.of("*", Duration.ofMinutes(1)), config.lookup("d").channelTimeouts());
        assertEquals(Map.of(), SshConfig.parse("Port 22\n").lookup("x").channelTimeouts());
        assertTrue(config.problems().stream().anyMatch(problem -> problem.contains("session is not type=interval")),
                config.problems().toString());
    }
}
