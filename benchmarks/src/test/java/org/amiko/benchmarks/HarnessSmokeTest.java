// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.amiko.benchmarks.loopback.AmikoRuntime;
import org.amiko.benchmarks.loopback.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the loopback harness once with {@code --smoke}: each piece (servers, transfers, connection
 * setup, SFTP, idle sessions, the Amiko client's ceiling and load generator) for 1 MiB or a
 * handful of connections. It checks that the pieces work and report; no figure is judged here.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class HarnessSmokeTest {

    @Test
    void everyPieceRunsAndReports() throws Exception {
        assumeTrue(Files.isExecutable(AmikoRuntime.locate().resolve("bin/amiko")), "distribution not built");
        Path out = Path.of("target/smoke-report.md");
        Path work = Path.of("/dev/shm/amiko-bench-smoke-" + ProcessHandle.current().pid());
        int status;
        try {
            status = Harness.main(new String[] {"--smoke", "--suite", "aes128-ctr/umac-64-etm@openssh.com", "--work",
                    work.toString(), "--out", out.toString()});
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
        assertEquals(0, status);
        String report = Files.readString(out);
        assertTrue(report.contains("| aes128-gcm | up | MINA |"), report);
        // the added suite gets rows of its own, measured for the servers that speak it
        assertTrue(Pattern.compile("\\| aes128-ctr \\+ umac-64-etm \\| down \\| Amiko \\| \\d").matcher(report).find(), report);
        assertTrue(report.contains("### Amiko client to Amiko server"), report);
        assertTrue(report.contains("### Targets"), report);
    }
}
