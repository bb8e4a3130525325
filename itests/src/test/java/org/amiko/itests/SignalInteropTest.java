// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.amiko.keys.KeyFiles;
import org.amiko.keys.KeyPairs;
import org.amiko.testkit.PeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's AsyncSSH sends signals ({@code send_signal}, {@code terminate}: RFC 4254 section 6.9)
 * to commands of bin/amiko with {@code shell = os}, with and without a terminal, as sshd takes
 * them ({@code peers/asyncssh_signal.py}).
 */
@Timeout(180)
class SignalInteropTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path work;

    @Test
    void asyncSshSignalsReachTheCommand() throws Exception {
        assumeTrue(PeerProcess.available(PYTHON), PYTHON + " not installed");
        PeerProcess.Result probe = PeerProcess.run(List.of(PYTHON, "-c", "import asyncssh"), Duration.ofSeconds(30));
        assumeTrue(probe.exitCode() == 0, "python3-asyncssh not installed: " + probe.stderr());
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        Path key = work.resolve("id_ed25519");
        KeyFiles.writeOpenSsh(key, user, "tester");
        try (RunningDistribution server = RunningDistribution.listening(work, user, "shell = gogo", "shell = os")) {
            Path knownHosts = KnownHostsFile.write(work.resolve("known_hosts"), server.port(),
                    RunningDistribution.hostKeys(server.home()).stream().map(KeyPair::getPublic).toList());
            Path script = Path.of(getClass().getResource("/peers/asyncssh_signal.py").toURI());
            PeerProcess.Result result = PeerProcess.run(List.of(PYTHON, script.toString(), "127.0.0.1",
                    Integer.toString(server.port()), "tester", key.toString(), knownHosts.toString()),
                    Duration.ofSeconds(120));
            PeerChecks.assertAllPassed(List.of("signal", "signal-on-terminal", "terminate"), result);
        }
    }
}
