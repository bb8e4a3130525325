// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The signals a client may send a command: sshd's names only, and at most so many a second. */
class CommandControlTest {
    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final List<String> sent = new ArrayList<>();
    private final CommandControl control = new CommandControl(80, 24, now::get);

    @Test
    void onlySshdsNamesAndOnlyOnceACommandRuns() {
        assertFalse(control.signal("TERM"), "no command yet");
        control.onSignal(sent::add);
        for (String name : List.of("HUP", "INT", "KILL", "QUIT", "TERM", "USR1", "USR2")) {
            assertTrue(control.signal(name), name);
        }
        for (String name : List.of("STOP", "CONT", "SIGTERM", "15", "term", "INFO@openssh.com", "")) {
            assertFalse(control.signal(name), name);
        }
        assertEquals(List.of("HUP", "INT", "KILL", "QUIT", "TERM", "USR1", "USR2"), sent);
    }

    @Test
    void aFloodIsRefusedUntilTheNextSecond() {
        control.onSignal(sent::add);
        for (int i = 0; i < CommandControl.SIGNALS_PER_SECOND; i++) {
            assertTrue(control.signal("USR1"));
        }
        assertFalse(control.signal("USR1"));
        now.addAndGet(999_000_000L);
        assertFalse(control.signal("USR1"), "the same second");
        now.addAndGet(1_000_000L);
        assertTrue(control.signal("USR1"));
        assertEquals(CommandControl.SIGNALS_PER_SECOND + 1, sent.size());
    }

    @Test
    void windowChangesReachTheListener() {
        List<String> seen = new ArrayList<>();
        control.onWindowChange(() -> seen.add(control.columns() + "x" + control.rows()));
        control.changeWindow(132, 50);
        assertEquals(List.of("132x50"), seen);
    }
}
