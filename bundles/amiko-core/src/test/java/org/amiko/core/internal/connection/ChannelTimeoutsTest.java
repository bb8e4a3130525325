// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which ChannelTimeout applies to a channel: the first pattern that matches, in order, as sshd's lookup_timeout. */
class ChannelTimeoutsTest {
    private static final long SECOND = 1_000_000_000L;

    private static ChannelTimeouts of(Object... typesAndSeconds) {
        Map<String, Duration> timeouts = new LinkedHashMap<>();
        for (int i = 0; i < typesAndSeconds.length; i += 2) {
            timeouts.put((String) typesAndSeconds[i], Duration.ofSeconds((Integer) typesAndSeconds[i + 1]));
        }
        return ChannelTimeouts.of(timeouts);
    }

    @Test
    void theFirstPatternThatMatchesDecides() {
        ChannelTimeouts timeouts = of("session:shell", 60, "session", 300, "*-tcpip", 30, "*", 3600);
        assertEquals(60 * SECOND, timeouts.nanosFor("session", "session:shell"));
        assertEquals(300 * SECOND, timeouts.nanosFor("session", "session:command"));
        assertEquals(300 * SECOND, timeouts.nanosFor("session", null));
        assertEquals(30 * SECOND, timeouts.nanosFor("direct-tcpip", null));
        assertEquals(30 * SECOND, timeouts.nanosFor("forwarded-tcpip", null));
        assertEquals(3600 * SECOND, timeouts.nanosFor("direct-streamlocal@openssh.com", null));
        assertEquals(0, of("session", 60).nanosFor("direct-tcpip", null));
        assertEquals(60 * SECOND, of("session:subsystem:*", 60).nanosFor("session", "session:subsystem:sftp"));
    }

    @Test
    void x11AgentAndTunnelChannelsGoBySshdsNames() {
        ChannelTimeouts timeouts = of("x11-connection", 1, "agent-connection", 2, "tun-connection", 3);
        assertEquals(SECOND, timeouts.nanosFor("x11", null));
        assertEquals(2 * SECOND, timeouts.nanosFor("auth-agent@openssh.com", null));
        assertEquals(3 * SECOND, timeouts.nanosFor("tun@openssh.com", null));
        assertEquals(0, of("x11", 1).nanosFor("x11", null), "sshd's name, not the wire type");
    }

    @Test
    void globalIsItsOwnAndNoWildcardMatchesIt() {
        ChannelTimeouts timeouts = of("global", 600, "*", 0);
        assertEquals(600 * SECOND, timeouts.globalNanos());
        assertEquals(0, timeouts.nanosFor("session", null));
        assertEquals(0, of("*", 5).globalNanos());
        assertSame(ChannelTimeouts.NONE, of("session", 0, "global", 0));
    }

    @Test
    void badEntriesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> of("", 5));
        assertThrows(IllegalArgumentException.class, () -> ChannelTimeouts.of(Map.of("session", Duration.ofSeconds(-1))));
    }
}
