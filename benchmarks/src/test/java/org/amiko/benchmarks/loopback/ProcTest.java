// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How the harness counts a client's CPU: what a child and its own children used, once reaped. */
class ProcTest {

    @Test
    void aReapedChildsCpuIncludesWhatItsOwnChildUsed() throws Exception {
        // sh starts a second sh that counts long enough for many 10 ms clock ticks, as sftp starts ssh
        double before = Proc.reapedChildrenSeconds();
        Process child = new ProcessBuilder("/bin/sh", "-c",
                "/bin/sh -c 'i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done'; exit 3").start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the counting child did not end");
        assertEquals(3, child.exitValue());
        double used = Proc.reapedChildrenSeconds() - before;
        assertTrue(used > 0, "no CPU counted for a child that counted to 400,000: " + used + " s");
    }
}
