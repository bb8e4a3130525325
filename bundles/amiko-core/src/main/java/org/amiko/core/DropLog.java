// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The log lines of connections refused before a word, as sshd's {@code drop_connection} (sshd.c)
 * writes them: {@code drop connection #3 from [192.0.2.7]:50022 on [127.0.0.1]:2222 Maxstartups}
 * at INFO, at most {@value #LINES_PER_MINUTE} a minute for one kind of refusal, so that a flood
 * cannot fill the log; the rest at DEBUG, and their number said once the minute is over, as sshd's
 * {@code Maxstartups logging rate-limited: additional 57 connections dropped}. Thread-safe.
 */
final class DropLog {
    static final int LINES_PER_MINUTE = 4;
    private static final System.Logger LOG = System.getLogger("org.amiko.core");
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final String kind;
    private final LongSupplier clock;
    private long minuteStarted;
    private int logged;
    private int unlogged;

    /** @param kind what sshd calls the refusal in its rate-limit line: {@code Maxstartups}, {@code PerSourcePenalties} */
    DropLog(String kind, LongSupplier clock) {
        this.kind = kind;
        this.clock = clock;
        this.minuteStarted = clock.getAsLong();
    }

    /**
     * Logs one refused connection.
     *
     * @param line sshd's words for it, without the level
     */
    void dropped(String line) {
        String summary = null;
        boolean loud;
        synchronized (this) {
            long now = clock.getAsLong();
            if (now - minuteStarted >= MINUTE) {
                if (unlogged > 0) {
                    summary = kind + " logging rate-limited: additional " + unlogged + " connections dropped";
                }
                minuteStarted = now;
                logged = 0;
                unlogged = 0;
            }
            loud = logged < LINES_PER_MINUTE;
            if (loud) {
                logged++;
            } else {
                unlogged++;
            }
        }
        if (summary != null) {
            LOG.log(Level.INFO, summary);
        }
        LOG.log(loud ? Level.INFO : Level.DEBUG, line);
    }
}
