// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.amiko.keys.KeyPairs;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ssh -t} against bin/amiko with {@code shell = os}: the command runs on a pseudo-terminal
 * of the client's size and modes, as with sshd. For the second test ssh itself runs on a terminal
 * (util-linux's {@code script}), so it sends that terminal's size and modes as it does for a user.
 */
@Timeout(180)
class TerminalOpenSshTest {
    private static final String SCRIPT = "/usr/bin/script";

    @TempDir
    Path work;

    /** With osShell = /bin/bash, as an operator sets it for line editing. */
    @Test
    void sshTtGetsATerminal() throws Exception {
        assumeTrue(PeerProcess.available("/bin/bash"), "no bash");
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        try (RunningDistribution server = osShell(user, "osShell = /bin/sh", "osShell = /bin/bash")) {
            OpenSshClient ssh = server.openSsh(work);
            PeerProcess.Result result = ssh.exec(ssh.identity("id_tty", user),
                    "tty; echo \"$SSH_TTY\"; echo \"$SHELL ${BASH_VERSION:+bash}\"; exit 5", "RequestTTY=force");
            assertEquals(5, result.exitCode(), result::toString);
            String[] lines = result.stdout().split("\r\n");
            assertTrue(lines[0].matches("/dev/pts/\\d+"), result::toString);
            assertEquals(lines[0], lines[1], result::toString);
            assertEquals("/bin/bash bash", lines[2], result::toString);
        }
    }

    @Test
    void theClientsTerminalSizeAndModesReachTheCommand() throws Exception {
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        try (RunningDistribution server = osShell(user)) {
            OpenSshClient ssh = server.openSsh(work);
            List<String> command = new ArrayList<>(ssh.command(ssh.identity("id_modes", user), "tester", List.of()));
            String destination = command.remove(command.size() - 1);
            command.addAll(List.of("-t", destination, "stty size; stty -a"));
            // ssh's own terminal: 33 rows of 111 columns, erase ^H, intr ^A
            String local = "stty rows 33 cols 111 erase ^H intr ^A; exec " + command.stream().map(TerminalOpenSshTest::quoted)
                    .collect(Collectors.joining(" "));
            PeerProcess.Result result = PeerProcess.run(List.of(SCRIPT, "-q", "-e", "-c", local, "/dev/null"), Map.of(),
                    new byte[0], Duration.ofSeconds(60));
            assertEquals(0, result.exitCode(), result::toString);
            // script(1) passes the end of its own input on as a character, which ssh sends and the
            // remote terminal echoes as ^@, wherever it comes in the output
            String out = result.stdout().replace("^@", "");
            assertTrue(out.startsWith("33 111\r\nspeed "), result::toString);
            assertTrue(out.contains("intr = ^A;"), result::toString);
            assertTrue(out.contains("erase = ^H;"), result::toString);
        }
    }

    /** bin/amiko with shell = os, and the settings {@code shippedAndWanted} changes. */
    private RunningDistribution osShell(KeyPair user, String... shippedAndWanted) throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH client not installed");
        assumeTrue(PeerProcess.available(SCRIPT), "util-linux script not installed");
        List<String> settings = new ArrayList<>(List.of("shell = gogo", "shell = os"));
        settings.addAll(List.of(shippedAndWanted));
        return RunningDistribution.listening(work, user, settings.toArray(String[]::new));
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
