// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.amiko.keys.KeyPairs;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rekeyLimit}, as sshd's RekeyLimit, with OpenSSH's ssh: with {@code 1M none} a download of
 * 8 MB goes through, the keys exchanged again several times on the way (ssh -v says so each time).
 */
@Timeout(180)
class RekeyLimitOpenSshTest {
    @TempDir
    Path work;

    @Test
    void keysAreExchangedAgainAfterTheAmountOfData() throws Exception {
        assumeTrue(PeerProcess.available(OpenSshClient.SSH), "OpenSSH client not installed");
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        try (RunningDistribution server = RunningDistribution.listening(work, user, "shell = gogo", "shell = os",
                "rekeyLimit = 1G 1h", "rekeyLimit = 1M none")) {
            OpenSshClient ssh = server.openSsh(work);
            List<String> command = ssh.command(ssh.identity("id_rekey", user), "tester", List.of());
            command.add(1, "-v");
            command.add("head -c 8000000 /dev/zero");
            PeerProcess.Result result = PeerProcess.run(command, Map.of(), null, Duration.ofSeconds(120));
            assertEquals(0, result.exitCode(), result::toString);
            assertEquals(8_000_000, result.stdout().length());
            long exchanges = result.stderr().lines().filter(line -> line.contains("SSH2_MSG_KEXINIT received")).count();
            assertTrue(exchanges >= 5, "1 + about one per MB: " + exchanges + " key exchanges");
        }
    }
}
