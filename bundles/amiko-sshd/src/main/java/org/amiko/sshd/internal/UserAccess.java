// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.net.InetAddress;
import java.util.List;
import org.amiko.keys.PatternLists;

/**
 * Who may log in at all, whatever their credentials, as sshd's {@code DenyUsers} and
 * {@code AllowUsers} decide it (auth.c {@code allowed_user}): each list holds patterns separated
 * by white space, {@code user} or {@code user@host}, the user part a pattern
 * ({@code *}, {@code ?}), the host part a list of host patterns, addresses and CIDR networks
 * matched against the client's address (names are not looked up, as sshd's default
 * {@code UseDNS no}). A user a {@code DenyUsers} pattern matches is refused; when
 * {@code AllowUsers} has patterns, a user none of them matches is refused.
 *
 * @param allow the {@code AllowUsers} patterns; empty for everyone
 * @param deny the {@code DenyUsers} patterns; empty for no one
 */
record UserAccess(List<String> allow, List<String> deny) {
    /** Everyone may try. */
    static final UserAccess ANYONE = new UserAccess(List.of(), List.of());

    /**
     * The lists as the configuration writes them.
     *
     * @throws IllegalArgumentException for a host part no client could match (an empty entry, a
     *     network with host bits set), as sshd refuses such a pattern
     */
    static UserAccess parse(String allowUsers, String denyUsers) {
        UserAccess access = new UserAccess(words(allowUsers), words(denyUsers));
        for (String pattern : access.allow()) {
            check(pattern, "allowUsers");
        }
        for (String pattern : access.deny()) {
            check(pattern, "denyUsers");
        }
        return access;
    }

    private static List<String> words(String text) {
        return text.isBlank() ? List.of() : List.of(text.strip().split("\\s+"));
    }

    private static void check(String pattern, String setting) {
        // match.c's match_user splits at the last '@': a user part may hold one
        int at = pattern.lastIndexOf('@');
        if (at == 0 || at == pattern.length() - 1) {
            throw new IllegalArgumentException(setting + ": " + pattern + " has an empty user or host");
        }
        if (at >= 0) {
            checkHostList(pattern.substring(at + 1), setting + ": " + pattern);
        }
    }

    /**
     * Checks a list of host patterns, addresses and CIDR networks: match_host_and_ip refuses
     * everything for an empty entry or a network with host bits set, which is better said at
     * start than found out.
     *
     * @param what the setting and value, for the error
     * @throws IllegalArgumentException for such an entry
     */
    static void checkHostList(String hosts, String what) {
        for (String entry : hosts.split(",", -1)) {
            String bare = entry.startsWith("!") ? entry.substring(1) : entry;
            if (bare.isEmpty() || bare.indexOf('/') >= 0 && !PatternLists.isCidrList(bare)) {
                throw new IllegalArgumentException(what + ": " + entry
                        + " is neither a host pattern nor an address or network");
            }
        }
    }

    /**
     * Why {@code user} from {@code address} may not log in, in sshd's words ({@code User alice from
     * 192.0.2.7 not allowed because listed in DenyUsers}), or null when they may.
     */
    String refusal(String user, InetAddress address) {
        String from = address == null ? "an unknown address" : address.getHostAddress();
        for (String pattern : deny) {
            if (matches(user, address, pattern)) {
                return "User " + user + " from " + from + " not allowed because listed in DenyUsers";
            }
        }
        if (!allow.isEmpty() && allow.stream().noneMatch(pattern -> matches(user, address, pattern))) {
            return "User " + user + " from " + from + " not allowed because not listed in AllowUsers";
        }
        return null;
    }

    /** match.c's {@code match_user}: the user part, then, where there is one, the host part. */
    private static boolean matches(String user, InetAddress address, String pattern) {
        int at = pattern.lastIndexOf('@');
        if (at < 0) {
            return PatternLists.matchesPattern(user, pattern);
        }
        return PatternLists.matchesPattern(user, pattern.substring(0, at)) && address != null
                && PatternLists.allowsHost(address.getHostAddress(), address, pattern.substring(at + 1));
    }
}
