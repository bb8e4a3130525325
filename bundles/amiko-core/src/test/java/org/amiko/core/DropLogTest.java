// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.amiko.testkit.LogRecorder;
import org.junit.jupiter.api.Test;

/** Refused connections' lines as sshd rate-limits them: four a minute at INFO, the rest counted once the minute ends. */
class DropLogTest {
    @Test
    void fourAMinuteThenTheCountOfTheRest() {
        AtomicLong now = new AtomicLong();
        DropLog log = new DropLog("Maxstartups", now::get);
        try (LogRecorder lines = LogRecorder.start("org.amiko.core")) {
            for (int i = 1; i <= 10; i++) {
                log.dropped("drop connection #" + i);
            }
            assertEquals(List.of("drop connection #1", "drop connection #2", "drop connection #3", "drop connection #4"),
                    lines.messages(Level.INFO), "the rest at DEBUG");
            now.addAndGet(TimeUnit.SECONDS.toNanos(61));
            log.dropped("drop connection #11");
            assertEquals(List.of("Maxstartups logging rate-limited: additional 6 connections dropped",
                    "drop connection #11"), lines.messages(Level.INFO).subList(4, 6));
        }
    }
}
