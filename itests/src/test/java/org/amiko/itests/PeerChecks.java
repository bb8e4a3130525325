// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.amiko.keys.KeyFiles;
import org.amiko.keys.KeyPairs;
import org.amiko.testkit.PeerProcess;

/**
 * The output of the python peers under {@code peers/}: one {@code ok NAME} or
 * {@code fail NAME: WHY} line per check. Every expected check must have passed.
 */
final class PeerChecks {
    private static final String PYTHON = "/usr/bin/python3";

    private PeerChecks() {}

    /**
     * Runs {@code peers/SCRIPT 127.0.0.1 PORT tester KEY KNOWN_HOSTS} against bin/amiko with
     * {@code shell = os}, once Debian's python3 has {@code module}; every expected check must pass.
     */
    static void passAgainstOsShell(Path work, String module, String script, List<String> expected) throws Exception {
        assumeTrue(PeerProcess.available(PYTHON), PYTHON + " not installed");
        PeerProcess.Result probe = PeerProcess.run(List.of(PYTHON, "-c", "import " + module), Duration.ofSeconds(30));
        assumeTrue(probe.exitCode() == 0, "python3-" + module + " not installed: " + probe.stderr());
        assumeTrue(PeerProcess.available("/usr/bin/script"), "util-linux script not installed");
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        Path key = work.resolve("id_ed25519");
        KeyFiles.writeOpenSsh(key, user, "tester");
        try (RunningDistribution server = RunningDistribution.listening(work, user, "shell = gogo", "shell = os")) {
            Path knownHosts = KnownHostsFile.write(work.resolve("known_hosts"), server.port(),
                    RunningDistribution.hostKeys(server.home()).stream().map(KeyPair::getPublic).toList());
            Path peer = Path.of(PeerChecks.class.getResource("/peers/" + script).toURI());
            assertAllPassed(expected, PeerProcess.run(List.of(PYTHON, peer.toString(), "127.0.0.1",
                    Integer.toString(server.port()), "tester", key.toString(), knownHosts.toString()),
                    Duration.ofSeconds(150)));
        }
    }

    static void assertAllPassed(List<String> expected, PeerProcess.Result result) {
        List<String> passed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (String line : result.stdout().split("\n")) {
            if (line.startsWith("ok ")) {
                passed.add(line.substring(3).strip());
            } else if (line.startsWith("fail ")) {
                failed.add(line.substring(5));
            }
        }
        assertEquals(List.of(), failed, result::toString);
        assertEquals(expected, passed, result::toString);
        assertEquals(0, result.exitCode(), result::toString);
    }
}
