// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * sshd's and ssh's {@code ChannelTimeout} syntax (servconf.c, readconf.c, misc.c
 * {@code parse_pattern_interval}): {@code type=interval} pairs separated by white space
 * ({@code session=5m direct-tcpip=1h global=30m}), the interval in ssh's time format; {@code none}
 * alone, or nothing, for no timeout. For {@link org.amiko.Transport#setChannelTimeouts}.
 *
 * @since 1.4
 */
public final class ChannelTimeoutSpec {
    private ChannelTimeoutSpec() {}

    /**
     * The timeouts in the order written, unmodifiable; of a pattern written twice, the first.
     *
     * @throws IllegalArgumentException for a pair that is not {@code type=interval}
     */
    public static Map<String, Duration> parse(String setting) {
        Map<String, Duration> timeouts = new LinkedHashMap<>();
        String[] pairs = setting.strip().split("\\s+");
        if (pairs.length == 1 && (pairs[0].isEmpty() || pairs[0].equalsIgnoreCase("none"))) {
            return Map.of();
        }
        for (String pair : pairs) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("ChannelTimeout: " + pair + " is not type=interval"
                        + (pair.equalsIgnoreCase("none") ? " (none goes alone)" : ""));
            }
            String type = pair.substring(0, equals);
            long seconds = TimeSpec.seconds(pair.substring(equals + 1), "ChannelTimeout " + type);
            timeouts.putIfAbsent(type, Duration.ofSeconds(seconds));
        }
        // the order is the meaning: the first pattern that matches decides
        return Collections.unmodifiableMap(timeouts);
    }
}
