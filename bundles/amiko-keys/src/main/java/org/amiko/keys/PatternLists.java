// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

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
}
