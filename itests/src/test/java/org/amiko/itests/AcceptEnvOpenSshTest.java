// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import org.amiko.keys.KeyPairs;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code acceptEnv}, as sshd's AcceptEnv, with OpenSSH's {@code ssh -o SetEnv}: the variables it
 * names reach the command ({@code shell = os}), the others do not.
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
}
