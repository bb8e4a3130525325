// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
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

    /** Addresses and CIDR networks, as Match localnetwork takes them; anything else makes no list. */
    @Test
    void cidrLists() throws Exception {
        String list = "10.0.0.0/8,192.168.1.7,2001:db8::/32";
        assertTrue(PatternLists.isCidrList(list));
        assertTrue(PatternLists.inCidrList(InetAddress.getByName("10.20.30.40"), list));
        assertTrue(PatternLists.inCidrList(InetAddress.getByName("192.168.1.7"), list));
        assertTrue(PatternLists.inCidrList(InetAddress.getByName("2001:db8::1"), list));
        assertFalse(PatternLists.inCidrList(InetAddress.getByName("192.168.1.8"), list));
        assertFalse(PatternLists.inCidrList(InetAddress.getByName("11.0.0.1"), list));
        for (String bad : new String[] {"10.0.0.1/8", "10.*", "!10.0.0.0/8", "host.example", "10.0.0.0/33", ""}) {
            assertFalse(PatternLists.isCidrList(bad), bad);
            assertFalse(PatternLists.inCidrList(InetAddress.getByName("10.0.0.1"), bad), bad);
        }
    }

    /** addr_match_list, as sshd's Match Address: patterns see the compressed text; negation wins; no names. */
    @Test
    void addressLists() throws Exception {
        InetAddress v6 = InetAddress.getByName("2001:db8::1");
        assertTrue(PatternLists.matchesAddress(v6, "2001:db8::*"));
        assertFalse(PatternLists.matchesAddress(v6, "2001:db8:0:0:*"), "OpenSSH's text is compressed");
        assertTrue(PatternLists.matchesAddress(v6, "2001:db8::/32"));
        InetAddress local = InetAddress.getByName("127.0.0.1");
        assertTrue(PatternLists.matchesAddress(local, "10.0.0.0/8,127.0.0.*"));
        assertFalse(PatternLists.matchesAddress(local, "*,!127.0.0.0/8"));
        assertFalse(PatternLists.matchesAddress(local, "!10.0.0.0/8"), "a negation alone matches nothing");
        assertFalse(PatternLists.matchesAddress(local, "localhost"), "names are not addresses");
        assertFalse(PatternLists.matchesAddress(local, "*,127.0.0.1/8"), "host bits set: nothing");
    }
}
