// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.amiko.core.SshServer;
import org.junit.jupiter.api.Test;

/** maxStartups as sshd reads MaxStartups: a number, or begin:rate:full; what sshd refuses is refused. */
class MaxStartupsSettingTest {
    @Test
    void aNumberOrBeginRateFull() {
        for (String good : List.of("100", "0", " 10:30:100 ", "1:100:1")) {
            assertDoesNotThrow(() -> SshdComponent.maxStartups(SshServer.builder(), good), good);
        }
        for (String bad : List.of("", "lots", "-1", "10:30", "10:30:100:5", "10:0:100", "10:101:100", "100:30:10",
                "0:30:100", "10::100")) {
            assertThrows(IllegalArgumentException.class, () -> SshdComponent.maxStartups(SshServer.builder(), bad), bad);
        }
    }
}
