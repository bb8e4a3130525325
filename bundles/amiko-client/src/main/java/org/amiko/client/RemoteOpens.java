// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * ssh_config's {@code PermitRemoteOpen}: where a remote SOCKS proxy ({@code RemoteForward}
 * without a target) may connect on this side. {@code any} (or not set) anywhere, {@code none}
 * nowhere, else {@code host:port} entries, {@code [IPv6]:port} for an address with colons,
 * {@code *} for any host or any port; a host is compared with what the SOCKS client named, as
 * channels.c's {@code open_match} compares it.
 */
final class RemoteOpens implements BiPredicate<String, Integer> {
    private record Entry(String host, Integer port) {}

    /** Null for any place. */
    private final List<Entry> entries;

    private RemoteOpens(List<Entry> entries) {
        this.entries = entries;
    }

    /**
     * The setting's words as written; null (not set) permits anything.
     *
     * @throws IllegalArgumentException for a malformed entry, or any or none beside others
     */
    static RemoteOpens parse(List<String> words) {
        if (words == null) {
            return new RemoteOpens(null);
        }
        if (words.size() == 1 && (words.get(0).equalsIgnoreCase("any") || words.get(0).equalsIgnoreCase("none"))) {
            return new RemoteOpens(words.get(0).equalsIgnoreCase("any") ? null : List.of());
        }
        List<Entry> entries = new ArrayList<>();
        for (String word : words) {
            if (word.equalsIgnoreCase("any") || word.equalsIgnoreCase("none")) {
                throw new IllegalArgumentException("PermitRemoteOpen " + word + " must appear alone");
            }
            entries.add(entry(word));
        }
        return new RemoteOpens(List.copyOf(entries));
    }

    private static Entry entry(String word) {
        String host;
        String port;
        if (word.startsWith("[")) {
            int close = word.indexOf(']');
            if (close < 0 || close + 1 >= word.length() || word.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("PermitRemoteOpen " + word + ": [address]:port expected");
            }
            host = word.substring(1, close);
            port = word.substring(close + 2);
        } else {
            int colon = word.indexOf(':');
            if (colon < 0 || word.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("PermitRemoteOpen " + word + ": host:port expected");
            }
            host = word.substring(0, colon);
            port = word.substring(colon + 1);
        }
        if (host.isEmpty() || port.isEmpty()) {
            throw new IllegalArgumentException("PermitRemoteOpen " + word + ": missing host or port");
        }
        return new Entry(host, port.equals("*") ? null : SshConfig.port(port, "PermitRemoteOpen " + word));
    }

    @Override
    public boolean test(String host, Integer port) {
        return entries == null || entries.stream().anyMatch(entry -> (entry.port() == null || entry.port().equals(port))
                && (entry.host().equals("*") || entry.host().equals(host)));
    }
}
