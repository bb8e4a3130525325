// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** OpenSSH pattern lists over names that keep their case, such as Kerberos principals. */
class PatternListsTest {
    @Test
    void wildcardsNegationAndCase() {
        String realm = "*@EXAMPLE.ORG,!guest@EXAMPLE.ORG";
        assertTrue(PatternLists.matches("alice@EXAMPLE.ORG", realm));
        assertFalse(PatternLists.matches("guest@EXAMPLE.ORG", realm), "a negated pattern wins");
        assertFalse(PatternLists.matches("alice@example.org", realm), "principals keep their case");
        assertFalse(PatternLists.matches("alice@EXAMPLE.ORG.evil", realm));
        assertTrue(PatternLists.matches("host/db1@EXAMPLE.ORG", "host/db?@EXAMPLE.ORG"));
        assertFalse(PatternLists.matches("alice@EXAMPLE.ORG", "!alice@EXAMPLE.ORG"), "only negations match nothing");
        assertFalse(PatternLists.matches("alice@EXAMPLE.ORG", ""));
    }
}
