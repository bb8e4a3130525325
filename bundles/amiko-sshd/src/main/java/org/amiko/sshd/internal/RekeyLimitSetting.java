// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amiko.core.TimeSpec;
import org.amiko.core.TransportSettings;

/**
 * The {@code rekeyLimit} setting in sshd's {@code RekeyLimit} syntax (servconf.c): an amount of
 * data, in bytes or with a {@code K}, {@code M} or {@code G} suffix ({@code 1.5G}, as
 * {@code scan_scaled} reads it), or {@code default}; then, optionally, a time in ssh's format, or
 * {@code none} (or 0) for no time limit. Keys are exchanged again when either runs out.
 *
 * @param bytes the data, both directions together, after which keys are exchanged again
 * @param interval the time after which they are, or null for no time limit
 */
record RekeyLimitSetting(long bytes, Duration interval) {
    private static final Pattern AMOUNT = Pattern.compile("\\+?(\\d+(?:\\.\\d*)?|\\.\\d+)([bkmgtpe]?)");
    private static final String UNITS = "bkmgtpe";
    /** The smallest amount the transport takes. */
    private static final long MINIMUM = 16 * 1024;
    /** What "no time limit" is to the transport: longer than any connection lives. */
    private static final Duration NEVER = Duration.ofNanos(Long.MAX_VALUE);

    /**
     * @throws IllegalArgumentException for what sshd refuses, or an amount under 16 KiB
     */
    static RekeyLimitSetting parse(String setting) {
        String[] words = setting.strip().split("\\s+");
        if (words.length > 2 || words[0].isEmpty()) {
            throw new IllegalArgumentException("rekeyLimit: an amount of data and perhaps a time, not '" + setting + "'");
        }
        long bytes = words[0].equals("default") ? TransportSettings.defaults().rekeyBytes() : amount(words[0]);
        Duration interval = null;
        if (words.length == 2 && !words[1].equals("none")) {
            long seconds = TimeSpec.seconds(words[1], "rekeyLimit");
            interval = seconds == 0 ? null : Duration.ofSeconds(seconds);
        }
        return new RekeyLimitSetting(bytes, interval);
    }

    private static long amount(String text) {
        Matcher matcher = AMOUNT.matcher(text.toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("rekeyLimit: " + text + " is not an amount of data (1G, 512M, 1.5G)");
        }
        int unit = matcher.group(2).isEmpty() ? 0 : UNITS.indexOf(matcher.group(2));
        BigDecimal value = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(1024).pow(unit));
        if (value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("rekeyLimit: " + text + " is too large");
        }
        long bytes = value.longValue();
        if (bytes < MINIMUM) {
            throw new IllegalArgumentException("rekeyLimit: " + text + " is under 16K");
        }
        return bytes;
    }

    /** {@code settings} with these limits. */
    TransportSettings.Builder applyTo(TransportSettings.Builder settings) {
        return settings.rekeyBytes(bytes).rekeyInterval(interval == null ? NEVER : interval);
    }
}
