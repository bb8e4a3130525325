// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.util.Objects;

/**
 * One option of an authorized_keys line (sshd(8) AUTHORIZED_KEYS FILE FORMAT), such as
 * {@code no-pty} or {@code command="uptime"}.
 *
 * @param name the option name in lower case, with its {@code no-} prefix if it had one
 *     ({@code no-pty}, {@code no-x11-forwarding}, {@code permitopen})
 * @param value the unquoted value with {@code \"} turned into {@code "}; null for flag options
 */
public record KeyOption(String name, String value) {

    public KeyOption {
        Objects.requireNonNull(name, "name");
    }

    /** A flag option, one without a value. */
    public static KeyOption flag(String name) {
        return new KeyOption(name, null);
    }

    /** The option as it would be written in authorized_keys, quoting and escaping the value. */
    @Override
    public String toString() {
        return value == null ? name : name + "=\"" + value.replace("\"", "\\\"") + "\"";
    }
}
