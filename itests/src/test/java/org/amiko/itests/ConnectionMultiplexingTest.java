// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.amiko.keys.KeyPairs;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenSSH's connection multiplexing ({@code ssh -o ControlMaster}, which Ansible runs by default)
 * against the distribution: commands go through one master connection; with
 * {@code maxSessions = 1}, as sshd's {@code MaxSessions 1}, a second session while one is open is
 * refused (ssh then says so and falls back to a connection of its own, as it does with sshd), and
 * goes through the master again once the first has ended.
 */
@Timeout(180)
class ConnectionMultiplexingTest {
    private static final Pattern REFUSED = Pattern.compile("session request failed: Session open refused by peer");

    @TempDir
    Path work;

    @Test
    void sessionsShareTheMasterConnectionUpToMaxSessions() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH client not installed");
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        try (RunningDistribution server = RunningDistribution.listening(work, user, "shell = gogo", "shell = os",
                "maxSessions = 10", "maxSessions = 1")) {
            OpenSshClient client = server.openSsh(work);
            Path identity = client.identity("id_mux", user);
            Path control = work.resolve("ctl");

            try (WatchedProcess master = WatchedProcess.start(ssh(client, identity, control, "-M", "-N", "-v"))) {
                master.awaitStderr(Pattern.compile("new mux listener"), Duration.ofSeconds(30));

                // the first session through the master holds it: its command waits for its input to end
                try (WatchedProcess first = WatchedProcess.start(
                        ssh(client, identity, control, "echo started; cat > /dev/null"))) {
                    first.awaitStdout(Pattern.compile("started"), Duration.ofSeconds(30));

                    PeerProcess.Result second = PeerProcess.run(ssh(client, identity, control, "echo second"),
                            Duration.ofSeconds(60));
                    assertTrue(REFUSED.matcher(second.stderr()).find(), second::toString);
                    server.await("no more sessions for /127\\.0\\.0\\.1:\\d+: 1 open \\(maxSessions\\)");

                    first.stdin().close();
                    assertEquals(0, first.awaitExit(Duration.ofSeconds(30)), first::toString);
                }
                // the first session's close reaches the server just after its client has gone: ask
                // again until the master takes the session, within a bound
                PeerProcess.Result again = throughMaster(client, identity, control);
                assertEquals(0, again.exitCode(), again::toString);
                assertEquals("again", again.stdout().strip(), again::toString);
            }
        }
    }

    /**
     * {@code echo again} through the master, asked until it is not refused (at most 20 times): a
     * refused one ran on a connection of its own.
     */
    private static PeerProcess.Result throughMaster(OpenSshClient client, Path identity, Path control)
            throws Exception {
        PeerProcess.Result result = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            result = PeerProcess.run(ssh(client, identity, control, "echo again"), Duration.ofSeconds(60));
            if (!REFUSED.matcher(result.stderr()).find()) {
                return result;
            }
        }
        assertFalse(REFUSED.matcher(result.stderr()).find(), "still refused after the first session ended: " + result);
        return result;
    }

    /** ssh through the control socket {@code control} (a master with -M), with arguments after the destination. */
    private static List<String> ssh(OpenSshClient client, Path identity, Path control, String... arguments) {
        List<String> line = new ArrayList<>(client.command(identity, "admin", List.of("ControlPath=" + control)));
        String destination = line.remove(line.size() - 1);
        List<String> options = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (String argument : arguments) {
            (argument.startsWith("-") ? options : rest).add(argument);
        }
        line.addAll(options);
        line.add(destination);
        line.addAll(rest);
        return line;
    }
}
