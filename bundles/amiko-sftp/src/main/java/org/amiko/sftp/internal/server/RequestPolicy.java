// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.server;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.amiko.sftp.OpenFlag;
import org.amiko.sftp.SftpAttributes;
import org.amiko.sftp.SftpException;
import org.amiko.sftp.SftpStatus;
import org.amiko.sftp.internal.wire.PacketType;
import org.amiko.sftp.server.SftpServerOptions;
import org.amiko.sftp.server.SftpServerOptions.LogLevel;

/**
 * Which requests a session serves, as sftp-server's {@code request_permitted} decides from
 * {@code -R}, {@code -p} and {@code -P}: a refused request is answered
 * {@code SSH_FX_PERMISSION_DENIED} and logged at {@code VERBOSE}. The names and which of them
 * change something are sftp-server's handler table's; {@code init} is never refused.
 */
public final class RequestPolicy {
    /** Every request name, in the order {@code sftp-server -Q requests} prints them. */
    public static final List<String> NAMES = List.of("open", "close", "read", "write", "lstat", "fstat", "setstat",
            "fsetstat", "opendir", "readdir", "remove", "mkdir", "rmdir", "realpath", "stat", "rename", "readlink",
            "symlink", "posix-rename", "statvfs", "fstatvfs", "hardlink", "fsync", "lsetstat", "limits", "expand-path",
            "copy-data", "home-directory", "users-groups-by-id");

    /** Those sftp-server marks {@code does_write}, refused under {@code -R}. */
    private static final Set<String> WRITES = Set.of("write", "setstat", "fsetstat", "remove", "mkdir", "rmdir",
            "rename", "symlink", "posix-rename", "hardlink", "fsync", "lsetstat", "copy-data");

    private static final Map<String, String> EXTENSIONS = Map.ofEntries(
            Map.entry("posix-rename@openssh.com", "posix-rename"), Map.entry("statvfs@openssh.com", "statvfs"),
            Map.entry("fstatvfs@openssh.com", "fstatvfs"), Map.entry("hardlink@openssh.com", "hardlink"),
            Map.entry("fsync@openssh.com", "fsync"), Map.entry("lsetstat@openssh.com", "lsetstat"),
            Map.entry("limits@openssh.com", "limits"), Map.entry("expand-path@openssh.com", "expand-path"),
            Map.entry("copy-data", "copy-data"), Map.entry("home-directory", "home-directory"),
            Map.entry("users-groups-by-id@openssh.com", "users-groups-by-id"));

    private final boolean readOnly;
    private final SessionLog log;
    /** Each refused request's name and the line that says why: decided once, checked per request. */
    private final Map<String, String> refusals = new HashMap<>();

    RequestPolicy(SftpServerOptions options, SessionLog log) {
        this.readOnly = options.readOnly();
        this.log = log;
        for (String name : NAMES) {
            if (readOnly && WRITES.contains(name)) {
                refusals.put(name, "Refusing " + name + " request in read-only mode");
            } else if (options.deniedRequests().contains(name)) {
                refusals.put(name, "Refusing denylisted " + name + " request");
            } else if (!options.allows(name)) {
                refusals.put(name, "Refusing non-allowlisted " + name + " request");
            }
        }
    }

    /** The sftp-server name of a request type, or null for one it has no handler for. */
    static String name(int type) {
        return type >= PacketType.OPEN && type <= PacketType.SYMLINK ? NAMES.get(type - PacketType.OPEN) : null;
    }

    /** The sftp-server name of an extended request, or null for an extension it does not know. */
    static String extensionName(String wireName) {
        return EXTENSIONS.get(wireName);
    }

    /**
     * @param name the request's sftp-server name, or null for one sftp-server does not know (which
     *     is answered as unsupported, not refused)
     * @throws SftpException {@code SSH_FX_PERMISSION_DENIED} if the options refuse it
     */
    void check(String name) throws SftpException {
        String reason = name == null ? null : refusals.get(name);
        if (reason != null) {
            log.verbose(reason);
            throw new SftpException(SftpStatus.PERMISSION_DENIED, "Permission denied");
        }
    }

    /** Whether a request, by its sftp-server name, is served. */
    boolean permits(String name) {
        return name == null || !refusals.containsKey(name);
    }

    /**
     * An open under {@code -R}: reading only, neither creating nor truncating, as sftp-server's
     * {@code process_open}, which logs the open before it refuses it, so that the log names the file.
     */
    void checkOpen(String path, Set<OpenFlag> flags, SftpAttributes attributes) throws SftpException {
        if (readOnly && (flags.contains(OpenFlag.WRITE) || flags.contains(OpenFlag.APPEND)
                || flags.contains(OpenFlag.CREATE) || flags.contains(OpenFlag.TRUNCATE))) {
            if (log.logs(LogLevel.INFO)) {
                log.info(LoggedFileSystem.openLine(path, flags, attributes));
            }
            log.verbose("Refusing open request in read-only mode");
            throw new SftpException(SftpStatus.PERMISSION_DENIED, "Permission denied");
        }
    }
}
