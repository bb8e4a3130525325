// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp;

import java.util.Optional;

/**
 * The SFTP extensions of OpenSSH PROTOCOL section 4 that Amiko speaks, each with its wire name and
 * the version a server advertises in {@code SSH_FXP_VERSION} (section 4.2). A client uses one only
 * when the server advertised it with this version.
 */
public enum SftpExtension {
    /** Section 4.3: rename with POSIX semantics (replaces an existing target). */
    POSIX_RENAME("posix-rename@openssh.com", "1"),
    /** Section 4.4: file-system statistics of a path. */
    STATVFS("statvfs@openssh.com", "2"),
    /** Section 4.4: file-system statistics of an open file. */
    FSTATVFS("fstatvfs@openssh.com", "2"),
    /** Section 4.5: a hard link. */
    HARDLINK("hardlink@openssh.com", "1"),
    /** Section 4.6: {@code fsync(2)} on an open file. */
    FSYNC("fsync@openssh.com", "1"),
    /** Section 4.7: {@code setstat} that does not follow a final symbolic link. */
    LSETSTAT("lsetstat@openssh.com", "1"),
    /** Section 4.8: the server's packet, read, write and handle limits. */
    LIMITS("limits@openssh.com", "1"),
    /** Section 4.9: {@code REALPATH} with {@code ~} and {@code ~user} expansion. */
    EXPAND_PATH("expand-path@openssh.com", "1"),
    /** Section 4.10: copy between two open files on the server. */
    COPY_DATA("copy-data", "1"),
    /** Section 4.11: a user's home directory. */
    HOME_DIRECTORY("home-directory", "1"),
    /** Section 4.12: user and group names of numeric ids. */
    USERS_GROUPS_BY_ID("users-groups-by-id@openssh.com", "1");

    private final String wireName;
    private final String version;

    SftpExtension(String wireName, String version) {
        this.wireName = wireName;
        this.version = version;
    }

    /** The name in {@code SSH_FXP_VERSION} and {@code SSH_FXP_EXTENDED}. */
    public String wireName() {
        return wireName;
    }

    /** The version this implementation speaks. */
    public String version() {
        return version;
    }

    /** The extension of a wire name, if Amiko knows it. */
    public static Optional<SftpExtension> of(String wireName) {
        for (SftpExtension extension : values()) {
            if (extension.wireName.equals(wireName)) {
                return Optional.of(extension);
            }
        }
        return Optional.empty();
    }
}
