// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which threads the setup warm-up counts as the JIT's when it waits for the JIT to be quiet. */
class ThreadCpuTest {

    @Test
    void theCompilerThreadsAreC1AndC2AndOnlyWhatTheyUsedSinceTheBaseline() {
        Map<Long, String> names = Map.of(1L, "C2 CompilerThre", 2L, "C1 CompilerThre", 3L, "amiko-io-0", 4L,
                "C2 CompilerThre", 5L, "VM Thread");
        ThreadCpu before = new ThreadCpu(Map.of(1L, 100L, 2L, 7L, 3L, 500L), names);
        // thread 4 started after the baseline: all its ticks count; 3 and 5 are not the JIT's
        ThreadCpu after = new ThreadCpu(Map.of(1L, 130L, 2L, 9L, 3L, 900L, 4L, 5L, 5L, 40L), names);

        assertEquals(0.37, after.compilerSecondsSince(before), 1e-9);
        assertEquals(0, before.compilerSecondsSince(before), 1e-9);
    }
}
