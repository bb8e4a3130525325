// SPDX-License-Identifier: Apache-2.0
package org.amiko.logformat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * A record's time as {@code 2026-11-26 16:19:23} in the JVM's default time zone, formatted once per
 * second: a run of records within a second (a burst of failed logins, say) shares the text.
 * Thread-safe: a race only formats a second twice.
 */
final class SecondClock {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** The formatted second of the last record. */
    private record Second(long epochSecond, ZoneId zone, String text) {}

    private volatile Second last = new Second(Long.MIN_VALUE, null, "");

    String format(Instant instant) {
        ZoneId zone = ZoneId.systemDefault();
        long second = instant.getEpochSecond();
        Second cached = last;
        if (cached.epochSecond() != second || !zone.equals(cached.zone())) {
            cached = new Second(second, zone, DATE_TIME.format(instant.atZone(zone)));
            last = cached;
        }
        return cached.text();
    }
}
