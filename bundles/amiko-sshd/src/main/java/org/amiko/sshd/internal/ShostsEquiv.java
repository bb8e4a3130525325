// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.amiko.keys.AddressLiterals;

/**
 * Which users of which client hosts may log in by {@code hostbased}, in the format of sshd's
 * {@code /etc/ssh/shosts.equiv} (hosts.equiv(5), as OpenSSH's auth-rhosts.c reads it). One entry
 * per line, the first that matches deciding:
 * <ul>
 * <li>{@code host}: a user of {@code host} logs in under the same user name;
 * <li>{@code host user}: {@code user} of {@code host} logs in under any user name;
 * <li>a {@code -} before the host or the user refuses what the line matches; a {@code +} before
 *     either means nothing.
 * </ul>
 * The host is a name, compared without regard to case, or an address, compared as an address
 * ({@code ::1} matches {@code 0:0:0:0:0:0:0:1}). As in sshd, a wildcard ({@code +} or {@code -}
 * alone) is ignored, never a licence for every host. Netgroups ({@code @group}) are not served
 * here: a line naming one is ignored, but a refusing one ({@code -@group}) refuses everyone from
 * there on, so that its members never get in by a later line; each is noted in
 * {@link #problems()}. {@code #} starts a comment line.
 */
final class ShostsEquiv {
    /**
     * One usable line: host (and its address, for an address literal) and user, the user null for
     * "the same name"; or, {@code everyone}, a refusing netgroup line that matches all.
     */
    private record Entry(String host, InetAddress address, String user, boolean negated, boolean everyone) {
        boolean matches(String hostName, InetAddress peer, String clientUser, String localUser) {
            if (everyone) {
                return true;
            }
            boolean hostMatches = host.equals(hostName) || address != null && address.equals(peer);
            return hostMatches && clientUser.equals(user == null ? localUser : user);
        }
    }

    private final List<Entry> entries;
    private final List<String> problems;

    private ShostsEquiv(List<Entry> entries, List<String> problems) {
        this.entries = entries;
        this.problems = problems;
    }

    /** Reads a file; a file that does not exist trusts nobody. */
    static ShostsEquiv load(Path file) throws IOException {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return parse("");
        }
    }

    static ShostsEquiv parse(String text) {
        List<Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("\\s+");
            if (words.length > 2) {
                problems.add("line " + (i + 1) + ": more than a host and a user");
                continue;
            }
            boolean negated = words[0].startsWith("-") || words.length == 2 && words[1].startsWith("-");
            String host = unsigned(words[0]);
            String user = words.length == 2 ? unsigned(words[1]) : null;
            if (host.isEmpty() || user != null && user.isEmpty()) {
                problems.add("line " + (i + 1) + ": a wildcard, ignored as sshd ignores it");
            } else if (host.startsWith("@") || user != null && user.startsWith("@")) {
                if (negated) {
                    problems.add("line " + (i + 1) + ": a netgroup, which is not served; as it refuses, it refuses "
                            + "everyone from here on");
                    entries.add(new Entry(host, null, null, true, true));
                } else {
                    problems.add("line " + (i + 1) + ": a netgroup, which is not served");
                }
            } else {
                entries.add(new Entry(host.toLowerCase(Locale.ROOT), AddressLiterals.parse(host), user, negated, false));
            }
        }
        return new ShostsEquiv(List.copyOf(entries), List.copyOf(problems));
    }

    private static String unsigned(String word) {
        return word.startsWith("-") || word.startsWith("+") ? word.substring(1) : word;
    }

    /**
     * Whether {@code clientUser} of the client host, known as {@code hostName} or by
     * {@code address} (null when it is known by name only), may log in as {@code user}: the first
     * line matching all three decides, and no line allows.
     */
    boolean allows(String hostName, InetAddress address, String clientUser, String user) {
        String host = hostName.toLowerCase(Locale.ROOT);
        for (Entry entry : entries) {
            if (entry.matches(host, address, clientUser, user)) {
                return !entry.negated();
            }
        }
        return false;
    }

    /** One message per line left out, {@code "line N: reason"}. */
    List<String> problems() {
        return problems;
    }
}
