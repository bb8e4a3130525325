// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.server;

/**
 * How a {@link RootedFileSystem} serves its directory.
 *
 * @param readOnly refuse every change with {@code SSH_FX_PERMISSION_DENIED}, as OpenSSH's
 *     {@code sftp-server -R}
 * @param umask permission bits removed from files and directories the clients create (0 to 0777),
 *     as OpenSSH's {@code sftp-server -u}
 */
public record RootedOptions(boolean readOnly, int umask) {
    /** Read-write with umask 022. */
    public static final RootedOptions DEFAULTS = new RootedOptions(false, 022);

    public RootedOptions {
        if (umask < 0 || umask > 0777) {
            throw new IllegalArgumentException("umask must be between 0 and 0777, not 0" + Integer.toOctalString(umask));
        }
    }

    public RootedOptions withReadOnly(boolean value) {
        return new RootedOptions(value, umask);
    }

    public RootedOptions withUmask(int value) {
        return new RootedOptions(readOnly, value);
    }

    /**
     * Parses an octal umask as configuration and sftp-server's {@code -u} give it ({@code 022},
     * {@code 0022}, {@code 22}; any number of leading zeros, as {@code strtol} takes them).
     *
     * @throws IllegalArgumentException when it is not octal or out of range
     */
    public static int parseUmask(String text) {
        String digits = text.strip().replaceFirst("^0+(?=.)", "");
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '7')) {
            throw new IllegalArgumentException(text + " is not an octal umask such as 022");
        }
        if (digits.length() > 3) { // three octal digits are at most 0777
            throw new IllegalArgumentException(text + ": a umask is at most 0777");
        }
        return Integer.parseInt(digits, 8);
    }
}
