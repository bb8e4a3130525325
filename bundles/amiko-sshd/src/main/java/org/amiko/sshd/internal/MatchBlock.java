// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.net.InetAddress;
import java.util.Map;
import java.util.TreeMap;
import org.amiko.keys.PatternLists;

/**
 * Settings for some logins only, as an sshd_config(5) {@code Match} block: one configuration of
 * factory PID {@code org.amiko.sshd.match} ({@code etc/org.amiko.sshd.match-NAME.cfg}). Its
 * {@code user} and {@code address} say which logins it is for, as sshd's {@code Match User} and
 * {@code Match Address}: comma-separated (or space-separated) pattern lists, {@code !} excluding,
 * the addresses also CIDR networks; a login must match both when both are given. Its other
 * entries are settings of {@link LoginSettings#KEYS}, which replace the server-wide ones for such
 * logins.
 *
 * <p>A block that cannot be read keeps what went wrong in {@code problem}: the logins it matches
 * are then refused, or every login when its {@code user} or {@code address} itself cannot be read,
 * as sshd will not start with a block it cannot read, rather than let such logins in without the
 * settings meant for them.
 *
 * @param name the block's name for messages and for its order among blocks: its file's name,
 *     else its PID
 * @param users the {@code user} pattern list, or null for any user
 * @param addresses the {@code address} list, or null for any address
 * @param settings the settings it sets, in key order
 * @param problem why it cannot be used, or null
 */
record MatchBlock(String name, String users, String addresses, Map<String, String> settings, String problem) {
    /** The factory PID of match blocks. */
    static final String FACTORY_PID = "org.amiko.sshd.match";
    /** Where FileInstall (and Karaf) say which file a configuration came from. */
    private static final String FILE_NAME = "felix.fileinstall.filename";

    MatchBlock {
        settings = Map.copyOf(settings);
    }

    /**
     * The block a configuration describes. Entries with a dot in their key are the configuration
     * system's own ({@code service.pid}, {@code felix.fileinstall.filename}) and are skipped.
     *
     * @param pid the configuration's PID, its name when no file is named
     */
    static MatchBlock of(String pid, Map<String, ?> properties) {
        String name = name(pid, properties.get(FILE_NAME));
        String users = list(properties.get("user"));
        String addresses = list(properties.get("address"));
        Map<String, String> settings = new TreeMap<>();
        try {
            if (users == null && addresses == null) {
                throw new IllegalArgumentException("it says neither user nor address (user = * is for every login)");
            }
            if (addresses != null) {
                UserAccess.checkHostList(addresses, "address " + addresses);
            }
        } catch (IllegalArgumentException e) {
            // which logins it is for is unknown: it is taken for all of them
            return new MatchBlock(name, null, null, Map.of(), e.getMessage());
        }
        String problem = null;
        for (Map.Entry<String, ?> entry : properties.entrySet()) {
            String key = entry.getKey();
            if (key.indexOf('.') >= 0 || key.equals("user") || key.equals("address")) {
                continue;
            }
            String value = String.valueOf(entry.getValue());
            try {
                LoginSettings.check(key, value);
                settings.put(key, value);
            } catch (IllegalArgumentException e) {
                problem = problem == null ? e.getMessage() : problem + "; " + e.getMessage();
            }
        }
        return new MatchBlock(name, users, addresses, settings, problem);
    }

    /** Whether a login by {@code user} from {@code address} (null when unknown) is one this block is for. */
    boolean matches(String user, InetAddress address) {
        if (users != null && !PatternLists.matches(user, users)) {
            return false;
        }
        return addresses == null
                || address != null && PatternLists.allowsHost(address.getHostAddress(), address, addresses);
    }

    /** What it is for, as its log lines say it: {@code user alice,bob address 10.0.0.0/8}, or {@code every login}. */
    String criteria() {
        if (users == null && addresses == null) {
            return "every login";
        }
        return (users == null ? "" : "user " + users + (addresses == null ? "" : " ")) + (addresses == null ? ""
                : "address " + addresses);
    }

    /** A criterion's list with commas between entries, sshd's form; null when not given or blank. */
    private static String list(Object value) {
        if (value == null || String.valueOf(value).isBlank()) {
            return null;
        }
        return String.join(",", String.valueOf(value).strip().split("[,\\s]+"));
    }

    private static String name(String pid, Object file) {
        if (file == null) {
            return pid;
        }
        String path = String.valueOf(file);
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
