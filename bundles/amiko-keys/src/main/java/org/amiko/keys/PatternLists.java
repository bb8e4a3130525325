// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.net.InetAddress;

/**
 * OpenSSH's pattern lists (ssh_config(5) PATTERNS): comma-separated patterns where {@code *}
 * matches any run of characters and {@code ?} any one, and a pattern starting with {@code !}
 * excludes what it matches, whatever else does. Names keep their case, but for host names
 * ({@link #matchesHostname}), which match in lower case.
 */
public final class PatternLists {
    private PatternLists() {}

    /** Whether {@code text} matches the list (match.c {@code match_pattern_list}, case kept). */
    public static boolean matches(String text, String patterns) {
        return HostPatterns.matchList(text, patterns, false) > 0;
    }

    /**
     * Whether {@code text} matches the one pattern {@code pattern} (match.c {@code match_pattern},
     * case kept): no list, so a comma is itself and {@code !} is no negation.
     *
     * @since 1.6
     */
    public static boolean matchesPattern(String text, String pattern) {
        return HostPatterns.matches(text, pattern);
    }

    /**
     * Whether a host name matches the list, both in lower case (match.c {@code match_hostname}, as
     * ssh_config's {@code Match host} uses it).
     *
     * @since 1.8
     */
    public static boolean matchesHostname(String host, String patterns) {
        return HostPatterns.matchHostname(host, patterns) > 0;
    }

    /**
     * Whether a client host matches a list of host name patterns, address patterns and CIDR
     * networks (match.c {@code match_host_and_ip}, as sshd's {@code AllowUsers user@host} and
     * authorized_keys' {@code from=} use it): by its name ({@code host}, its address text where
     * names are not looked up) or its address; a negated match of either refuses, and a list with
     * an empty entry or a network with host bits set refuses everything.
     *
     * @since 1.9
     */
    public static boolean allowsHost(String host, InetAddress address, String patterns) {
        return AddressPatterns.allows(host, address, patterns);
    }

    /**
     * Whether {@code address} matches a list of address patterns ({@code *}, {@code ?}) and CIDR
     * networks, {@code !} excluding (match.c's {@code addr_match_list}, as sshd's
     * {@code Match Address} uses it): the pattern sees the address as OpenSSH prints it (dotted
     * quad, compressed IPv6); no names; a negated match, an empty entry or a network with host bits
     * set matches nothing.
     *
     * @since 1.10
     */
    public static boolean matchesAddress(InetAddress address, String patterns) {
        return AddressPatterns.matchList(address, patterns) == AddressPatterns.MATCH;
    }

    /**
     * Whether {@code address} is in a comma-separated list of addresses and CIDR networks
     * (match.c {@code addr_match_cidr_list}, as ssh_config's {@code Match localnetwork} and a
     * certificate's {@code source-address} use it): no wildcards, no negation, and a list with
     * any other entry matches nothing ({@link #isCidrList} tells).
     *
     * @since 1.9
     */
    public static boolean inCidrList(InetAddress address, String list) {
        return AddressPatterns.inCidrList(address, list);
    }

    /**
     * Whether every entry of a comma-separated list is an address or a CIDR network with no host
     * bits set past its prefix: what {@link #inCidrList} can match against.
     *
     * @since 1.9
     */
    public static boolean isCidrList(String list) {
        return AddressPatterns.isCidrList(list);
    }
}
