// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * User and group names by numeric id, for {@code users-groups-by-id@openssh.com} (OpenSSH PROTOCOL
 * section 4.12): read once from {@code /etc/passwd} and {@code /etc/group}, which the JDK offers no
 * other way to search by id. Files past a size bound are ignored rather than read whole.
 */
public final class AccountNames {
    private static final long MAX_FILE = 4L * 1024 * 1024;
    private static volatile AccountNames system;

    private final Map<Integer, String> users;
    private final Map<Integer, String> groups;

    AccountNames(Map<Integer, String> users, Map<Integer, String> groups) {
        this.users = users;
        this.groups = groups;
    }

    /** The names of this host's accounts, read on first use. */
    public static AccountNames system() {
        AccountNames names = system;
        if (names == null) {
            names = new AccountNames(read(Path.of("/etc/passwd")), read(Path.of("/etc/group")));
            system = names;
        }
        return names;
    }

    /** The user name of {@code uid}, or empty when unknown. */
    public String user(int uid) {
        return users.getOrDefault(uid, "");
    }

    /** The group name of {@code gid}, or empty when unknown. */
    public String group(int gid) {
        return groups.getOrDefault(gid, "");
    }

    /** Reads {@code name:x:id:...} lines; malformed ones are skipped. */
    static Map<Integer, String> read(Path file) {
        Map<Integer, String> names = new HashMap<>();
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_FILE) {
                return Map.of();
            }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] fields = line.split(":", 4);
                if (fields.length < 3 || line.startsWith("#")) {
                    continue;
                }
                try {
                    names.putIfAbsent(Integer.parseUnsignedInt(fields[2]), fields[0]);
                } catch (NumberFormatException e) {
                    // a comment or a NIS marker, not an account
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return Collections.unmodifiableMap(names);
    }
}
