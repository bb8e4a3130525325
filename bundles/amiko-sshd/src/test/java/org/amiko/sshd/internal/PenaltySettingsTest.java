// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.Map;
import org.amiko.core.SourcePenalties;
import org.junit.jupiter.api.Test;

/** perSourcePenalties and its neighbours as the configuration writes them, checked at start as sshd checks them. */
class PenaltySettingsTest {
    @Test
    void onByDefaultOffWithNoAndTheExemptListChecked() throws Exception {
        assertNotNull(SshdComponent.penalties(TestConfigs.sshd(Map.of())), "on by default, as in sshd");
        assertNull(SshdComponent.penalties(TestConfigs.sshd(Map.of("perSourcePenalties", "no"))));
        SourcePenalties exempting = SshdComponent.penalties(TestConfigs.sshd(Map.of("perSourcePenalties", "authfail:20s",
                "perSourcePenaltyExemptList", "127.0.0.0/8,192.0.2.*")));
        for (String address : new String[] {"127.0.0.1", "192.0.2.9", "198.51.100.1"}) {
            exempting.penalise(InetAddress.getByName(address), SourcePenalties.Reason.AUTHFAIL);
        }
        assertNull(exempting.refusal(InetAddress.getByName("127.0.0.1")), "a network of the list");
        assertNull(exempting.refusal(InetAddress.getByName("192.0.2.9")), "a pattern of the list");
        assertEquals("penalty: failed authentication", exempting.refusal(InetAddress.getByName("198.51.100.1")));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> SshdComponent.penalties(
                TestConfigs.sshd(Map.of("perSourcePenaltyExemptList", "10.0.0.1/8"))));
        assertEquals("perSourcePenaltyExemptList 10.0.0.1/8: 10.0.0.1/8 is neither a host pattern nor an address or "
                + "network", bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SshdComponent.penalties(TestConfigs.sshd(Map.of("perSourcePenalties",
                "authfail"))));
    }
}
