// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.amiko.keys.KeyPairs;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code acceptEnv}, as sshd's AcceptEnv, with OpenSSH's {@code ssh -o SetEnv}: the variables it
 * names reach the command ({@code shell = os}), the others do not; and the rest of the environment
 * sshd gives a command, with {@code setEnv}.
 */
@Timeout(180)
class AcceptEnvOpenSshTest {
    @TempDir
    Path work;

    @Test
    void theVariablesAcceptEnvNamesReachTheCommand() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH client not installed");
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        try (RunningDistribution server = RunningDistribution.listening(work, user, "shell = gogo", "shell = os",
                "acceptEnv = LANG LC_*", "acceptEnv = TZ AMIKO_*")) {
            OpenSshClient ssh = server.openSsh(work);
            PeerProcess.Result result = ssh.exec(ssh.identity("id_env", user),
                    "echo \"$TZ|$AMIKO_COLOUR|${LC_AMIKO_REFUSED:-unset}\"",
                    "SetEnv=TZ=UTC AMIKO_COLOUR=blue LC_AMIKO_REFUSED=C");
            assertEquals(0, result.exitCode(), result::toString);
            assertEquals("UTC|blue|unset", result.stdout().strip(), result::toString);
        }
    }

    /**
     * The rest of the session's environment, as sshd sets it: the connection's addresses, the
     * account's name and home (where the command starts), none of the server's own variables, and
     * setEnv over the client's.
     */
    @Test
    void theCommandGetsSshdsSessionEnvironmentAndSetEnv() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH client not installed");
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        try (RunningDistribution server = RunningDistribution.listening(work, user, "shell = gogo", "shell = os",
                "acceptEnv = LANG LC_*", "acceptEnv = GREETING",
                "setEnv =", "setEnv = GREETING=\"hello world\" PATH=/usr/bin:/bin")) {
            OpenSshClient ssh = server.openSsh(work);
            PeerProcess.Result result = ssh.exec(ssh.identity("id_env", user),
                    "echo \"$SSH_CONNECTION|$USER|$HOME|$(pwd)|$GREETING|$PATH|${"
                            + RunningDistribution.SERVER_ONLY_VARIABLE + ":-unset}\"",
                    "SetEnv=GREETING=client");
            assertEquals(0, result.exitCode(), result::toString);
            String home = System.getProperty("user.home");
            String[] fields = result.stdout().strip().split("\\|");
            assertTrue(fields[0].matches("127\\.0\\.0\\.1 \\d+ 127\\.0\\.0\\.1 " + server.port()), fields[0]);
            assertEquals(List.of(System.getProperty("user.name"), home, Path.of(home).toRealPath().toString(),
                    "hello world", "/usr/bin:/bin", "unset"),
                    List.of(fields).subList(1, fields.length), result::toString);
        }
    }

    /** With shell = gogo, setEnv's variables are the session's Gogo variables. */
    @Test
    void setEnvGivesGogoSessionVariables() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH client not installed");
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        try (RunningDistribution server = RunningDistribution.listening(work, user,
                "setEnv =", "setEnv = GREETING=\"hello gogo\"")) {
            OpenSshClient ssh = server.openSsh(work);
            PeerProcess.Result result = ssh.exec(ssh.identity("id_gogo", user), "echo $GREETING");
            assertEquals(0, result.exitCode(), result::toString);
            assertEquals("hello gogo", result.stdout().strip(), result::toString);
        }
    }
}
