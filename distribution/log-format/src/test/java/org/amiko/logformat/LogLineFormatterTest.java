// SPDX-License-Identifier: Apache-2.0
package org.amiko.logformat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.TimeZone;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * LogLineFormatter writes exactly what SimpleFormatter writes with the distribution's old format,
 * for plain messages, parameters, every level, a record without a logger name, a stack trace, and
 * times within, across and between seconds and time zones.
 */
class LogLineFormatterTest {
    private String savedFormat;
    private TimeZone savedZone;

    @BeforeEach
    void useTheDistributionsSimpleFormat() {
        // each new SimpleFormatter reads its format from this property when LogManager has none
        savedFormat = System.setProperty("java.util.logging.SimpleFormatter.format", LogLineFormatter.SIMPLE_FORMAT);
        savedZone = TimeZone.getDefault();
    }

    @AfterEach
    void restore() {
        if (savedFormat == null) {
            System.clearProperty("java.util.logging.SimpleFormatter.format");
        } else {
            System.setProperty("java.util.logging.SimpleFormatter.format", savedFormat);
        }
        TimeZone.setDefault(savedZone);
    }

    private static LogRecord record(Level level, String logger, String message, Instant at, Object... parameters) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName(logger);
        record.setInstant(at);
        record.setParameters(parameters.length == 0 ? null : parameters);
        return record;
    }

    private static void assertSameAsSimpleFormatter(LogLineFormatter formatter, LogRecord record) {
        assertEquals(new SimpleFormatter().format(record), formatter.format(record));
    }

    @Test
    void writesSimpleFormattersLine() {
        LogLineFormatter formatter = new LogLineFormatter();
        Instant at = Instant.parse("2026-11-26T16:19:23.250Z");
        List<LogRecord> records = List.of(
                record(Level.INFO, "org.amiko.auth", "Accepted publickey for root from 127.0.0.1 port 60812 ssh2", at),
                record(Level.WARNING, "org.amiko.sshd", "maximum authentication attempts exceeded for {0} from {1}",
                        at.plusMillis(300), "alice", "192.0.2.7 port 50022 ssh2"),
                record(Level.SEVERE, "org.amiko.core", "a brace '{' and no parameters", at.plusMillis(900)),
                record(Level.FINE, null, "no logger name", at.plusSeconds(1)),
                record(Level.CONFIG, "x", "", at.plusSeconds(3600)));
        for (LogRecord record : records) {
            assertSameAsSimpleFormatter(formatter, record);
        }
    }

    @Test
    void writesTheStackTraceOnTheLinesAfter() {
        LogRecord record = record(Level.WARNING, "org.amiko.sshd", "cannot read the host key", Instant.now());
        record.setThrown(new IOException("gone", new IllegalStateException("cause")));
        String line = new LogLineFormatter().format(record);
        assertSameAsSimpleFormatter(new LogLineFormatter(), record);
        assertTrue(line.contains(System.lineSeparator() + "java.io.IOException: gone"), line);
        assertTrue(line.contains("Caused by: java.lang.IllegalStateException: cause"), line);
    }

    @Test
    void writesNullForARecordWithoutAMessage() {
        LogRecord bare = record(Level.WARNING, "org.amiko.sshd", null, Instant.now());
        assertSameAsSimpleFormatter(new LogLineFormatter(), bare);
        assertTrue(new LogLineFormatter().format(bare).contains("org.amiko.sshd - null"));
        LogRecord thrown = record(Level.SEVERE, "org.amiko.core", null, Instant.now());
        thrown.setThrown(new IllegalStateException());
        assertSameAsSimpleFormatter(new LogLineFormatter(), thrown);
    }

    @Test
    void followsTheDefaultTimeZoneWithinTheSameSecond() {
        LogLineFormatter formatter = new LogLineFormatter();
        Instant at = Instant.parse("2026-11-26T23:59:59Z");
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        LogRecord record = record(Level.INFO, "org.amiko.auth", "one", at);
        assertTrue(formatter.format(record).startsWith("2026-11-26 23:59:59 INFO"), formatter.format(record));
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Tokyo"));
        assertTrue(formatter.format(record).startsWith("2026-11-27 08:59:59 INFO"), formatter.format(record));
        assertSameAsSimpleFormatter(formatter, record);
    }
}
