// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** ProxyCommand's tokens, as ssh_config(5) expands them. */
class ProxyCommandTest {
    @Test
    void hostPortAndPercentAreExpanded() {
        assertEquals("ssh -W db.internal:2222 bastion", ProxyCommand.expand("ssh -W %h:%p bastion", "db.internal", 2222));
        assertEquals("echo 100% %h", ProxyCommand.expand("echo 100%% %%h", "x", 1));
        assertEquals("trailing %", ProxyCommand.expand("trailing %", "x", 1));
    }

    @Test
    void aTokenNotKnownHereIsRefusedRatherThanPassedOn() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> ProxyCommand.expand("connect %r@%h", "x", 1));
        assertEquals("ProxyCommand token %r is not known here; %h, %p and %% are", refused.getMessage());
    }
}
