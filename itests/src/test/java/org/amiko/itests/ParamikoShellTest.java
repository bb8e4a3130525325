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
 * Debian's paramiko 2.12, the way its users most often use a server: {@code invoke_shell} on
 * bin/amiko with {@code shell = os}. The shell runs on a terminal of paramiko's size, Ctrl-C
 * interrupts it, a window change reaches it, and its exit status comes back
 * ({@code peers/paramiko_shell.py}).
 */
@Timeout(180)
class ParamikoShellTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path work;

    @Test
    void invokeShellGetsATerminal() throws Exception {
        assumeTrue(PeerProcess.available(PYTHON), PYTHON + " not installed");
        PeerProcess.Result probe = PeerProcess.run(List.of(PYTHON, "-c", "import paramiko"), Duration.ofSeconds(30));
        assumeTrue(probe.exitCode() == 0, "python3-paramiko not installed: " + probe.stderr());
        assumeTrue(PeerProcess.available("/usr/bin/script"), "util-linux script not installed");
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        Path key = work.resolve("id_ed25519");
        KeyFiles.writeOpenSsh(key, user, "tester");
        try (RunningDistribution server = RunningDistribution.listening(work, user, "shell = gogo", "shell = os")) {
            Path knownHosts = KnownHostsFile.write(work.resolve("known_hosts"), server.port(),
                    RunningDistribution.hostKeys(server.home()).stream().map(KeyPair::getPublic).toList());
            Path script = Path.of(getClass().getResource("/peers/paramiko_shell.py").toURI());
            PeerProcess.Result result = PeerProcess.run(List.of(PYTHON, script.toString(), "127.0.0.1",
                    Integer.toString(server.port()), "tester", key.toString(), knownHosts.toString()),
                    Duration.ofSeconds(150));
            PeerChecks.assertAllPassed(List.of("size", "ctrl-c", "window-change", "exit-status"), result);
        }
    }
}
