// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP address literals as OpenSSH reads and writes them in its files (known_hosts, authorized_keys'
 * {@code from=}, shosts.equiv): a dotted quad or an IPv6 literal, parsed without a name lookup, and
 * an address written as OpenSSH prints it, the RFC 5952 compressed form for IPv6.
 *
 * @since 1.6
 */
public final class AddressLiterals {
    private AddressLiterals() {}

    /** The address {@code text} spells, or null when it is not an address literal; never a name lookup. */
    public static InetAddress parse(String text) {
        byte[] bytes = AddressPatterns.literal(text);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null; // 4 or 16 bytes always make an address
        }
    }

    /** {@code address} as OpenSSH prints it: {@code 192.0.2.7}, {@code ::1}, {@code 2001:db8::1:0:0:1}. */
    public static String format(InetAddress address) {
        return AddressPatterns.text(address);
    }
}
