// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amiko.keys.KeyPairs;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenSSH's client in bin/amiko's Gogo shell ({@code shell = gogo}, as shipped) on a terminal: the
 * Felix distribution wires JLine, so Up brings back the last line and Tab completes Gogo's command
 * names, as in Karaf's console; the lines are kept for the user's next session in
 * {@code data/history} ({@code shellHistory}, as shipped).
 */
@Timeout(180)
class GogoShellOpenSshTest {
    @TempDir
    Path work;

    @Test
    void upRecallsTheLastLineInTheGogoShell() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH client not installed");
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        try (RunningDistribution server = RunningDistribution.listening(work, user)) {
            OpenSshClient ssh = server.openSsh(work);
            List<String> command = ssh.command(ssh.identity("id_gogo", user), "tester", List.of("RequestTTY=force"));
            // typed ahead in one go: a line, Up and Enter, a command name completed with Tab, exit; ssh
            // -tt passes the keys on as they are
            byte[] keys = "echo recalled\r\u001b[A\rec\ttabbed\rexit\r".getBytes(StandardCharsets.US_ASCII);
            PeerProcess.Result result = PeerProcess.run(command, Map.of(), keys, Duration.ofSeconds(60));
            assertEquals(0, result.exitCode(), result::toString);
            // Keys that arrive before JLine's line reader has the terminal in raw mode are echoed
            // by the terminal, maybe amid other output; the reader turns bracketed paste on once
            // it has it, so the shell's work starts there
            int reading = result.stdout().indexOf("\u001b[?2004h");
            assertTrue(reading >= 0, "JLine's line reader drew the prompt");
            String shell = result.stdout().substring(reading);
            // Gogo's answer to each run of the line, apart from the echo of the line typed
            Matcher answers = Pattern.compile("(?<!echo )recalled\r\n").matcher(shell);
            int count = 0;
            while (answers.find()) {
                count++;
            }
            assertEquals(2, count, result::toString);
            assertTrue(Pattern.compile("(?<!echo |ec)tabbed\r\n").matcher(shell).find(), result::toString);
            // and the next session of tester brings the lines back: Up is the last session's exit,
            // Up again its last command
            byte[] recall = "\u001b[A\u001b[A\rexit\r".getBytes(StandardCharsets.US_ASCII);
            PeerProcess.Result next = PeerProcess.run(command, Map.of(), recall, Duration.ofSeconds(60));
            assertEquals(0, next.exitCode(), next::toString);
            assertTrue(Pattern.compile("(?<!echo )tabbed\r\n").matcher(next.stdout()).find(), next::toString);
            assertTrue(Files.readString(server.home().resolve("data/history/tester")).contains("echo tabbed"));
        }
    }
}
