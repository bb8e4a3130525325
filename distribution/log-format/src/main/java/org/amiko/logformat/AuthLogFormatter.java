// SPDX-License-Identifier: Apache-2.0
package org.amiko.logformat;

import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * The auth log's line: {@code 2026-11-26 16:19:23 amiko-sshd[4321]: Failed password for alice from
 * 192.0.2.7 port 50022 ssh2}, a syslog line with the year and without the host name. The message
 * after the tag is sshd's own words (the server writes them so), so fail2ban's stock {@code sshd}
 * filter reads the file as it reads sshd's {@code auth.log}: its date detector takes the time,
 * and its prefix takes {@code amiko-sshd[4321]:} as it takes a syslog host name.
 *
 * <p>One record is one line, always: a line break or other control character in a message is
 * written as a backslash escape ({@code \n}, {@code \r}, {@code \x1b}; a {@code u} and four hex
 * digits for the C1 controls and Unicode's line and paragraph separators), so nothing a client
 * sends can forge a line that would have fail2ban ban somebody else's address. A record's stack
 * trace, if it has one, is left to the main log. Thread-safe, as handlers require.
 */
public final class AuthLogFormatter extends Formatter {
    /** The program name the lines carry, in syslog's place for it. */
    public static final String TAG = "amiko-sshd";

    private final SecondClock clock = new SecondClock();
    private final String tag = TAG + "[" + ProcessHandle.current().pid() + "]: ";

    public AuthLogFormatter() {}

    @Override
    public String format(LogRecord record) {
        String message = String.valueOf(formatMessage(record));
        StringBuilder line = new StringBuilder(48 + message.length());
        line.append(clock.format(record.getInstant())).append(' ').append(tag);
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c == '\n') {
                line.append("\\n");
            } else if (c == '\r') {
                line.append("\\r");
            } else if (c < 0x20 || c == 0x7f) {
                line.append(String.format("\\x%02x", (int) c));
            } else if ((c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                // what some readers take for a line break
                line.append(String.format("\\u%04x", (int) c));
            } else {
                line.append(c);
            }
        }
        return line.append(System.lineSeparator()).toString();
    }
}
