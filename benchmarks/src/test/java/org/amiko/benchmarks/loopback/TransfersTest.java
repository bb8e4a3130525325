// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TransfersTest {
    @Test
    void aSuiteFromTheCommandLineIsLabelledLikeTheDefaults() {
        Transfers.Suite umac = Transfers.Suite.parse("aes128-ctr/umac-64-etm@openssh.com");
        assertEquals("aes128-ctr + umac-64-etm", umac.label());
        assertEquals("aes128-ctr", umac.cipher());
        assertEquals("umac-64-etm@openssh.com", umac.mac());
        Transfers.Suite aead = Transfers.Suite.parse("aes256-gcm@openssh.com");
        assertEquals("aes256-gcm", aead.label());
        assertNull(aead.mac());
        assertThrows(IllegalArgumentException.class, () -> Transfers.Suite.parse("aes128-ctr/"));
        assertThrows(IllegalArgumentException.class, () -> Transfers.Suite.parse("/hmac-sha1"));
    }

    @Test
    void addedSuitesFollowTheDefaultsOnce() {
        Transfers.Suite umac = Transfers.Suite.parse("aes128-ctr/umac-64-etm@openssh.com");
        List<Transfers.Suite> all = Transfers.suites(List.of(umac, umac, Transfers.Suite.parse("aes128-gcm@openssh.com")));
        assertEquals(Transfers.SUITES.size() + 1, all.size());
        assertEquals(Transfers.SUITES, all.subList(0, Transfers.SUITES.size()));
        assertEquals(umac, all.get(Transfers.SUITES.size()));
    }
}
