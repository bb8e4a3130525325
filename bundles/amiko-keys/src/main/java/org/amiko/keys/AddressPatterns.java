// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Address lists as sshd matches them in {@code from=} (OpenSSH addrmatch.c {@code addr_match_list}
 * and match.c {@code match_host_and_ip}): each entry, optionally negated with {@code !}, is an
 * address or CIDR network ({@code 192.168.0.0/16}, {@code 2001:db8::/32}) matched by prefix, or
 * else a {@code *}/{@code ?} pattern matched against the address text. Literals are parsed without
 * any name lookup, so a pattern can never make a DNS query.
 */
final class AddressPatterns {
    /** addr_match_list's answers. */
    static final int MATCH = 1;
    static final int NO_MATCH = 0;
    static final int NEGATED = -1;
    static final int INVALID = -2;

    private AddressPatterns() {
    }

    /**
     * match_host_and_ip: whether the client, known by {@code host} (its resolved name, or its
     * address text when names are not looked up) and {@code address}, is allowed by the list. A
     * negated match of either the address or the name refuses; an invalid entry (an empty one, or a
     * network with host bits set such as 10.1.2.3/8) refuses everything.
     */
    static boolean allows(String host, InetAddress address, String patterns) {
        int byAddress = matchList(address, patterns);
        if (byAddress == INVALID || byAddress == NEGATED) {
            return false;
        }
        int byName = HostPatterns.matchHostname(host, patterns);
        return byName != NEGATED && (byName == MATCH || byAddress == MATCH);
    }

    /** Whether every entry is an address or a CIDR network without host bits set past its prefix. */
    static boolean isCidrList(String list) {
        for (String entry : list.split(",", -1)) {
            Network network = Network.parse(entry);
            if (network == null || network == Network.INCONSISTENT) {
                return false;
            }
        }
        return true;
    }

    /**
     * addr_match_cidr_list, for a certificate's {@code source-address}: addresses and CIDR
     * networks only, no wildcards or negation; any other entry makes the whole list refuse.
     */
    static boolean inCidrList(InetAddress address, String list) {
        boolean matched = false;
        for (String entry : list.split(",", -1)) {
            Network network = Network.parse(entry);
            if (network == null || network == Network.INCONSISTENT) {
                return false;
            }
            matched |= network.contains(address);
        }
        return matched;
    }

    /** addr_match_list over the comma-separated entries. */
    static int matchList(InetAddress address, String patterns) {
        String text = text(address);
        int result = NO_MATCH;
        for (String entry : patterns.split(",", -1)) {
            boolean negated = entry.startsWith("!");
            String pattern = negated ? entry.substring(1) : entry;
            if (pattern.isEmpty()) {
                return INVALID;
            }
            boolean matched;
            Network network = Network.parse(pattern);
            if (network == Network.INCONSISTENT) {
                return INVALID;
            } else if (network != null) {
                matched = network.contains(address);
            } else {
                matched = HostPatterns.matches(text, pattern);
            }
            if (matched) {
                if (negated) {
                    return NEGATED;
                }
                result = MATCH;
            }
        }
        return result;
    }

    /** An address and prefix length; {@link #INCONSISTENT} when host bits are set past the prefix. */
    private record Network(byte[] prefix, int bits) {
        static final Network INCONSISTENT = new Network(new byte[0], -1);

        /** The network an entry names, or null when it is not an address (so it is a pattern). */
        static Network parse(String entry) {
            int slash = entry.indexOf('/');
            String literal = slash < 0 ? entry : entry.substring(0, slash);
            byte[] address = literal(literal);
            if (address == null) {
                return null;
            }
            int bits = 8 * address.length;
            if (slash >= 0) {
                String length = entry.substring(slash + 1);
                if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(c -> c >= '0' && c <= '9')
                        || Integer.parseInt(length) > bits) {
                    return null;
                }
                bits = Integer.parseInt(length);
            }
            for (int i = bits; i < 8 * address.length; i++) {
                if ((address[i / 8] & (0x80 >>> (i % 8))) != 0) {
                    return INCONSISTENT;
                }
            }
            return new Network(address, bits);
        }

        boolean contains(InetAddress candidate) {
            byte[] address = candidate.getAddress();
            if (address.length != prefix.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((address[i / 8] & mask) != (prefix[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The bytes of a dotted-quad IPv4 or an IPv6 literal, or null; never a name lookup. */
    static byte[] literal(String text) {
        if (text.indexOf(':') >= 0) {
            if (text.startsWith(".") || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                return null;
            }
            try {
                // With a colon in it, the JDK parses the text as an IPv6 literal and never resolves it.
                return InetAddress.getByName(text).getAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(part) > 255) {
                return null;
            }
            out[i] = (byte) Integer.parseInt(part);
        }
        return out;
    }

    /** The address as OpenSSH prints it: dotted quad, or RFC 5952 compressed lower-case IPv6. */
    static String text(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return address instanceof Inet6Address ? out.toString() : address.getHostAddress();
    }
}
