// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

/**
 * Times as OpenSSH's configuration files write them, for ssh_config and sshd_config settings alike.
 *
 * @since 1.3
 */
public final class TimeSpec {
    private TimeSpec() {}

    /**
     * A time as ssh reads one (misc.c {@code convtime}): seconds, or numbers each followed by a
     * unit, {@code s}, {@code m}, {@code h}, {@code d} or {@code w} ({@code 1m30s}), added up.
     *
     * @param keyword the setting, for the error
     * @throws IllegalArgumentException for text that is no time, or more seconds than an int holds
     */
    public static long seconds(String text, String keyword) {
        long total = 0;
        int at = 0;
        while (at < text.length()) {
            if (text.charAt(at) == '+') {
                at++; // strtol's sign, which convtime takes
            }
            int digits = at;
            long value = 0;
            while (digits < text.length() && text.charAt(digits) >= '0' && text.charAt(digits) <= '9') {
                value = Math.min(value * 10 + text.charAt(digits) - '0', (long) Integer.MAX_VALUE + 1);
                digits++;
            }
            long unit = 1;
            int next = digits;
            if (digits < text.length()) {
                unit = switch (Character.toLowerCase(text.charAt(digits))) {
                    case 's' -> 1;
                    case 'm' -> 60;
                    case 'h' -> 3600;
                    case 'd' -> 86400;
                    case 'w' -> 604800;
                    default -> -1;
                };
                next = digits + 1;
            }
            if (digits == at || unit < 0) {
                throw new IllegalArgumentException(keyword + " " + text + " is not a time (seconds, or 1m30s)");
            }
            total += value * unit; // value is capped just past INT_MAX, so this cannot overflow
            if (total > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(keyword + " " + text + " is too long a time");
            }
            at = next;
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException(keyword + " without a time");
        }
        return total;
    }
}
