// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.lang.reflect.Array;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.amiko.keys.PatternLists;

/**
 * Settings for some logins only, as an sshd_config(5) {@code Match} block: one configuration of
 * factory PID {@code org.amiko.match} ({@code etc/org.amiko.match-NAME.cfg}). Its {@code user}
 * and {@code address} say which logins it is for, as sshd's {@code Match User} (match.c's
 * {@code match_pattern_list}) and {@code Match Address} ({@code addr_match_list}): pattern lists
 * separated by commas (or spaces), {@code !} excluding, the addresses also CIDR networks; its
 * {@code localAddress} and {@code localPort}, as sshd's {@code Match LocalAddress} (such a list,
 * of the address the client connected to) and {@code Match LocalPort} (one port, as sshd takes
 * one). A login must match every criterion given. Its other entries are settings of
 * {@link LoginSettings#KEYS}, which replace the server-wide ones for such logins.
 *
 * <p>A block that cannot be read keeps what went wrong in {@code problem}: the logins it matches
 * are then refused, or every login when one of its criteria itself cannot be read,
 * as sshd will not start with a block it cannot read, rather than let such logins in without the
 * settings meant for them. A block that says nothing (a file just made, its lines blank) matches no login.
 *
 * @param name the block's name for messages and for its order among blocks: its file's name,
 *     else its PID
 * @param users the {@code user} pattern list, or null for any user
 * @param addresses the {@code address} list, or null for any address
 * @param localAddresses the {@code localAddress} list, or null for any
 * @param localPort the {@code localPort}, or 0 for any
 * @param settings the settings it sets, in key order
 * @param problem why it cannot be used, or null
 * @param empty whether it says nothing, and so is for no login
 */
record MatchBlock(String name, String users, String addresses, String localAddresses, int localPort,
        Map<String, String> settings, String problem, boolean empty) {
    /** The factory PID of match blocks: its files sort before {@code org.amiko.sshd.cfg} (see {@link MatchBlocks}). */
    static final String FACTORY_PID = "org.amiko.match";
    /** Where FileInstall (and Karaf) say which file a configuration came from. */
    private static final String FILE_NAME = "felix.fileinstall.filename";

    MatchBlock {
        settings = Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /**
     * The block a configuration describes. Entries with a dot in their key are the configuration
     * system's own ({@code service.pid}, {@code felix.fileinstall.filename}) and are skipped. Values
     * may be typed (a {@code .config} file's, Karaf's): a criterion may be a list, a setting a
     * single value.
     *
     * @param pid the configuration's PID, its name when no file is named
     */
    static MatchBlock of(String pid, Map<String, ?> properties) {
        String name = name(pid, properties.get(FILE_NAME));
        Map<String, Object> entries = new TreeMap<>();
        properties.forEach((key, value) -> {
            if (key.indexOf('.') < 0) {
                entries.put(key, value);
            }
        });
        String users;
        String addresses;
        String localAddresses;
        int localPort;
        try {
            users = list("user", entries.remove("user"));
            addresses = list("address", entries.remove("address"));
            localAddresses = list("localAddress", entries.remove("localAddress"));
            localPort = port(entries.remove("localPort"));
            boolean criteria = users != null || addresses != null || localAddresses != null || localPort != 0;
            if (!criteria && entries.isEmpty()) {
                return new MatchBlock(name, null, null, null, 0, Map.of(), null, true);
            }
            if (!criteria) {
                throw new IllegalArgumentException("it says no user, address, localAddress or localPort"
                        + " (user = * is for every login)");
            }
            if (addresses != null) {
                UserAccess.checkHostList(addresses, "address " + addresses);
            }
            if (localAddresses != null) {
                UserAccess.checkHostList(localAddresses, "localAddress " + localAddresses);
            }
        } catch (IllegalArgumentException e) {
            // which logins it is for is unknown: it is taken for all of them
            return new MatchBlock(name, null, null, null, 0, Map.of(), e.getMessage(), false);
        }
        Map<String, String> settings = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        entries.forEach((key, value) -> {
            try {
                if (value == null || value.getClass().isArray() || value instanceof Collection) {
                    throw new IllegalArgumentException(key + " takes one value, not a list");
                }
                if (value.toString().isBlank()) {
                    // server-wide, blank means none or any; in a block that would undo the server's
                    // setting unseen, so a block says none or any (sshd refuses a keyword without argument)
                    throw new IllegalArgumentException(key
                            + " has no value (write none or any where the setting takes them)");
                }
                LoginSettings.check(key, value.toString());
                settings.put(key, value.toString());
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        });
        return new MatchBlock(name, users, addresses, localAddresses, localPort, settings,
                problems.isEmpty() ? null : String.join("; ", problems), false);
    }

    /**
     * Whether a login by {@code user} from {@code address} to {@code local} (either null when
     * unknown, which no criterion on it matches) is one this block is for.
     */
    boolean matches(String user, InetAddress address, InetSocketAddress local) {
        if (empty || users != null && !PatternLists.matches(user, users)) {
            return false;
        }
        if (addresses != null && (address == null || !PatternLists.matchesAddress(address, addresses))) {
            return false;
        }
        InetAddress localAddress = local == null || local.isUnresolved() ? null : local.getAddress();
        if (localAddresses != null && (localAddress == null
                || !PatternLists.matchesAddress(localAddress, localAddresses))) {
            return false;
        }
        return localPort == 0 || local != null && local.getPort() == localPort;
    }

    /** What it is for, as its log lines say it: {@code user alice,bob address 10.0.0.0/8}, or {@code every login}. */
    String criteria() {
        if (empty) {
            return "no login";
        }
        List<String> criteria = new ArrayList<>();
        if (users != null) {
            criteria.add("user " + users);
        }
        if (addresses != null) {
            criteria.add("address " + addresses);
        }
        if (localAddresses != null) {
            criteria.add("localAddress " + localAddresses);
        }
        if (localPort != 0) {
            criteria.add("localPort " + localPort);
        }
        return criteria.isEmpty() ? "every login" : String.join(" ", criteria);
    }

    /** The {@code localPort} criterion: one port, as sshd's {@code Match LocalPort} takes one; 0 when not given. */
    private static int port(Object value) {
        return value == null || value.toString().isBlank() ? 0 : localPort(value.toString().strip());
    }

    /**
     * A local port as a block or {@code amiko:settings} gives it: a number from 1 to 65535.
     *
     * @throws IllegalArgumentException for anything else
     */
    static int localPort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("localPort " + text + " is not one port from 1 to 65535");
    }

    /**
     * A criterion's list in sshd's form, commas between entries: from text with commas or spaces,
     * or from a typed list; null when not given or blank.
     */
    private static String list(String key, Object value) {
        List<String> words = new ArrayList<>();
        if (value == null) {
            return null;
        } else if (asList(value) instanceof Collection<?> collection) {
            collection.forEach(entry -> words.add(String.valueOf(entry)));
        } else if (value instanceof String text) {
            words.add(text);
        } else {
            throw new IllegalArgumentException(key + " must be text, not " + value.getClass().getSimpleName());
        }
        List<String> entries = new ArrayList<>();
        for (String word : words) {
            for (String entry : word.strip().split("[,\\s]+")) {
                if (!entry.isEmpty()) {
                    entries.add(entry);
                }
            }
        }
        return entries.isEmpty() ? null : String.join(",", entries);
    }

    /**
     * A typed configuration's array as a list (arrays compare by identity, lists by content, and a
     * block read again is known by its properties' content); any other value as it is.
     */
    static Object asList(Object value) {
        if (value == null || !value.getClass().isArray()) {
            return value;
        }
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < Array.getLength(value); i++) {
            list.add(Array.get(value, i));
        }
        return list;
    }

    private static String name(String pid, Object file) {
        if (file == null) {
            return pid;
        }
        String path = String.valueOf(file);
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
