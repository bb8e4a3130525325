// SPDX-License-Identifier: Apache-2.0
package org.amiko.logformat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * The distribution's log line: what {@link java.util.logging.SimpleFormatter} writes with the
 * format {@value #SIMPLE_FORMAT}, that is {@code 2026-11-26 16:19:23 INFO org.amiko.auth - Accepted
 * publickey for ...}, then a stack trace on the next lines when the record has one.
 *
 * <p>Why not SimpleFormatter itself: it asks every record for its source class, which makes
 * java.util.logging walk the caller's stack, though the format never prints it (records that come
 * through {@link System.Logger}, as all of Amiko's do, carry no source), and it formats the time
 * with {@link String#format}. For the one line a login writes that was about a tenth of the
 * server's CPU per connection. Here the time is formatted once per second, and the source is never
 * asked for.
 *
 * <p>One difference: the date and time are always in ASCII digits, where SimpleFormatter uses the
 * digits of the default format locale (Thai digits under {@code th-TH-u-nu-thai}, say). Tools that
 * parse the log expect ASCII.
 *
 * <p>java.util.logging loads formatters by name from the system class path, so this class lives in
 * a jar in {@code lib/}, next to Felix, rather than in a bundle. Thread-safe, as handlers require.
 */
public final class LogLineFormatter extends Formatter {
    /** The SimpleFormatter format whose output this formatter reproduces. */
    public static final String SIMPLE_FORMAT = "%1$tF %1$tT %4$s %3$s - %5$s%6$s%n";

    private final SecondClock clock = new SecondClock();

    /** Formats with the JVM's default time zone, as SimpleFormatter does. */
    public LogLineFormatter() {}

    @Override
    public String format(LogRecord record) {
        // a record without a message (log(level, null, thrown), say) prints "null", as SimpleFormatter
        String message = String.valueOf(formatMessage(record));
        StringBuilder line = new StringBuilder(48 + message.length());
        line.append(clock.format(record.getInstant())).append(' ')
                .append(record.getLevel().getLocalizedName()).append(' ')
                .append(record.getLoggerName()).append(" - ")
                .append(message);
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            // as SimpleFormatter: a line break, then the trace as printStackTrace prints it
            StringWriter trace = new StringWriter();
            try (PrintWriter out = new PrintWriter(trace)) {
                out.println();
                thrown.printStackTrace(out);
            }
            line.append(trace);
        }
        return line.append(System.lineSeparator()).toString();
    }
}
