// SPDX-License-Identifier: Apache-2.0
package org.amiko.testkit;

import java.text.MessageFormat;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * For tests: what a logger (and its children) logs while this is open, as records and as the
 * messages they format to, to be asserted on. The logger is held here, since java.util.logging
 * keeps loggers only weakly and a collected one would lose the handler.
 */
public final class LogRecorder implements AutoCloseable {
    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> unread = new LinkedBlockingQueue<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
            unread.add(format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogRecorder(String name) {
        this.logger = Logger.getLogger(name);
        logger.addHandler(handler);
    }

    /** Starts recording what {@code name} logs. */
    public static LogRecorder start(String name) {
        return new LogRecorder(name);
    }

    /**
     * A record's message with its parameters filled in, as a formatter shows it; the message as
     * it stands where it is no pattern, as {@link java.util.logging.Formatter#formatMessage} takes
     * it, so a stray brace never fails the code that logged.
     */
    public static String format(LogRecord record) {
        Object[] parameters = record.getParameters();
        if (parameters == null || parameters.length == 0) {
            return record.getMessage();
        }
        try {
            return new MessageFormat(record.getMessage()).format(parameters);
        } catch (IllegalArgumentException e) {
            return record.getMessage();
        }
    }

    /**
     * What was logged with a {@link RuntimeException} or an {@link Error}: an exception the code
     * that logged it did not expect, which hostile-input tests count as a fault.
     */
    public List<String> unexpectedExceptions() {
        return records.stream().filter(record -> record.getThrown() instanceof RuntimeException
                || record.getThrown() instanceof Error).map(record -> format(record) + ": " + record.getThrown()).toList();
    }

    /** Every record so far. */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** The messages so far of records at {@code level} or above. */
    public List<String> messages(Level level) {
        return records.stream().filter(record -> record.getLevel().intValue() >= level.intValue())
                .map(LogRecorder::format).toList();
    }

    /** The next message not yet taken, waiting at most {@code timeout}; null when none came. */
    public String next(Duration timeout) throws InterruptedException {
        return unread.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The messages logged and not yet taken by {@link #next}. */
    public List<String> untaken() {
        return List.copyOf(unread);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
