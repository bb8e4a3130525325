// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * ssh_config(5)'s {@code CanonicalizeHostname}, as ssh.c's {@code resolve_canonicalize}: a name
 * with at most {@code CanonicalizeMaxDots} dots is tried with each of {@code CanonicalDomains}
 * appended (anchored with a final dot, so the resolver's own search list stays out), and the first
 * that resolves, in the {@code AddressFamily} asked for, is the host's name from then on; a name
 * ending in a dot is only checked. Addresses are left as they are. CNAMEs are not followed
 * ({@code CanonicalizePermittedCNAMEs}): the JDK's resolver does not say what they are.
 */
final class HostCanonicalizer {
    /** Looks a name up; for tests, a resolver that knows fixed names. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String name) throws UnknownHostException;
    }

    /** The JDK's resolver (the system's: /etc/hosts, then DNS). */
    static final Resolver SYSTEM = InetAddress::getAllByName;

    private final Resolver resolver;
    private final String addressFamily;

    /** @param addressFamily {@code any}, {@code inet} or {@code inet6}: the addresses that count */
    HostCanonicalizer(Resolver resolver, String addressFamily) {
        this.resolver = resolver;
        this.addressFamily = addressFamily;
    }

    /**
     * The canonical name of {@code name} (lowercase, as ssh has it by then), or {@code name} itself
     * when it is an address, has more than {@code maxDots} dots, or none of {@code domains}
     * resolves and {@code fallbackLocal} lets the name stand.
     *
     * @param domains {@code CanonicalDomains}, lowercase; a {@code none} ends the list
     * @throws IllegalArgumentException when nothing resolves and {@code fallbackLocal} is off, as
     *     ssh ends there
     */
    String canonical(String name, List<String> domains, int maxDots, boolean fallbackLocal) {
        if (isAddress(name)) {
            return name;
        }
        if (name.endsWith(".")) {
            // an anchored name is resolved as it is, without its dot once found
            if (resolves(name)) {
                return name.substring(0, name.length() - 1);
            }
            return notFound(name, fallbackLocal);
        }
        if (name.chars().filter(c -> c == '.').count() > maxDots) {
            return name;
        }
        for (String domain : domains) {
            if (domain.equals("none")) {
                break;
            }
            String full = name + "." + domain + ".";
            if (resolves(full)) {
                return full.substring(0, full.length() - 1);
            }
        }
        return notFound(name, fallbackLocal);
    }

    private static String notFound(String name, boolean fallbackLocal) {
        if (!fallbackLocal) {
            throw new IllegalArgumentException("Could not resolve host \"" + name
                    + "\" (CanonicalizeFallbackLocal no)");
        }
        return name;
    }

    private boolean resolves(String name) {
        try {
            return Arrays.stream(resolver.resolve(name)).anyMatch(address -> switch (addressFamily) {
                case "inet" -> address instanceof Inet4Address;
                case "inet6" -> address instanceof Inet6Address;
                default -> true;
            });
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** ssh.c's {@code is_addr_fast}: a name that can only be an address (a scope, a colon, digits and dots). */
    static boolean isAddress(String name) {
        return name.indexOf('%') >= 0 || name.indexOf(':') >= 0 || name.chars().allMatch(c -> c == '.'
                || c >= '0' && c <= '9');
    }

    private static boolean isAsciiLetterOrDigit(int c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }

    /**
     * readconf.c's {@code valid_domain} for one {@code CanonicalDomains} entry: null when valid,
     * else why not.
     */
    static String domainProblem(String domain) {
        if (domain.isEmpty()) {
            return "empty domain name";
        }
        char start = Character.toLowerCase(domain.charAt(0));
        if (start != '_' && !isAsciiLetterOrDigit(start)) {
            return "domain name \"" + domain + "\" starts with invalid character";
        }
        if (domain.contains("..")) {
            return "domain name \"" + domain + "\" contains consecutive separators";
        }
        if (!domain.toLowerCase(Locale.ROOT).chars().allMatch(c -> c == '.' || c == '-' || c == '_'
                || isAsciiLetterOrDigit(c))) {
            return "domain name \"" + domain + "\" contains invalid characters";
        }
        return null;
    }
}
