// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** sshd's and ssh's ChannelTimeout syntax: type=interval pairs in order, none, and what sshd refuses. */
class ChannelTimeoutSpecTest {
    @Test
    void pairsInTheOrderWritten() {
        Map<String, Duration> timeouts = ChannelTimeoutSpec.parse(" session:shell=1h30m  session=5m\t*-tcpip=90 global=2h ");
        assertEquals(List.of("session:shell", "session", "*-tcpip", "global"), List.copyOf(timeouts.keySet()));
        assertEquals(List.of(Duration.ofMinutes(90), Duration.ofMinutes(5), Duration.ofSeconds(90), Duration.ofHours(2)),
                List.copyOf(timeouts.values()));
        assertEquals(Duration.ofMinutes(5), ChannelTimeoutSpec.parse("session=5m session=1m").get("session"),
                "the first of a type written twice");
    }

    @Test
    void emptyOrNoneIsNoTimeout() {
        assertEquals(Map.of(), ChannelTimeoutSpec.parse(""));
        assertEquals(Map.of(), ChannelTimeoutSpec.parse("  none "));
    }

    @Test
    void whatSshdRefusesIsRefused() {
        for (String bad : List.of("session", "=5m", "session=", "session=5x", "session=5m none", "none session=5m")) {
            assertThrows(IllegalArgumentException.class, () -> ChannelTimeoutSpec.parse(bad), bad);
        }
    }
}
