// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.amiko.core.internal.Wildcards;

/**
 * How long a channel may go without data before it is closed, as sshd's and ssh's
 * {@code ChannelTimeout} (OpenSSH 9.2, channels.c {@code channel_add_timeout} and
 * {@code lookup_timeout}): channel type patterns with their timeouts, the first that matches
 * deciding, and {@value #GLOBAL}, the time all channels together may go without data before every
 * one of them is closed. Immutable.
 */
public final class ChannelTimeouts {
    /** The key of the timeout of all channels taken together; no wildcard matches it. */
    static final String GLOBAL = "global";
    public static final ChannelTimeouts NONE = new ChannelTimeouts(List.of(), 0);

    private record Rule(Pattern type, long nanos) {}

    private final List<Rule> rules;
    private final long globalNanos;

    private ChannelTimeouts(List<Rule> rules, long globalNanos) {
        this.rules = rules;
        this.globalNanos = globalNanos;
    }

    /**
     * @param timeouts type patterns ({@code *}, {@code ?}) and {@value #GLOBAL} to timeouts, in the
     *     map's order; {@link Duration#ZERO} never times out
     * @throws IllegalArgumentException for an empty pattern or a negative timeout
     */
    public static ChannelTimeouts of(Map<String, Duration> timeouts) {
        List<Rule> rules = new ArrayList<>();
        long global = 0;
        for (Map.Entry<String, Duration> timeout : timeouts.entrySet()) {
            String type = timeout.getKey();
            Duration after = timeout.getValue();
            if (type == null || type.isBlank() || after == null || after.isNegative()) {
                throw new IllegalArgumentException("bad channel timeout: " + type + "=" + after);
            }
            if (type.equals(GLOBAL)) {
                global = after.toNanos();
            } else {
                rules.add(new Rule(Wildcards.pattern(type), after.toNanos()));
            }
        }
        // only zeros: no channel ever times out, and the once-a-second check can skip the connection
        boolean none = global == 0 && rules.stream().allMatch(rule -> rule.nanos() == 0);
        return none ? NONE : new ChannelTimeouts(List.copyOf(rules), global);
    }

    /**
     * The timeout in nanoseconds of a channel of {@code type} whose use has been named
     * {@code extendedType} ({@code session:shell}, {@code session:command},
     * {@code session:subsystem:sftp}, as sshd names them; null before): the first pattern that
     * matches either decides, 0 for none.
     */
    long nanosFor(String type, String extendedType) {
        String name = sshdName(type);
        for (Rule rule : rules) {
            if (rule.type().matcher(name).matches()
                    || extendedType != null && rule.type().matcher(extendedType).matches()) {
                return rule.nanos();
            }
        }
        return 0;
    }

    /**
     * The name sshd gives channels of a wire type, which its ChannelTimeout patterns match: its own
     * for X11, agent and tunnel channels ({@code x11-connection}, {@code agent-connection},
     * {@code tun-connection}), the wire type for the others.
     */
    static String sshdName(String type) {
        return switch (type) {
            case "x11" -> "x11-connection";
            case "auth-agent@openssh.com" -> "agent-connection";
            case "tun@openssh.com" -> "tun-connection";
            default -> type;
        };
    }

    long globalNanos() {
        return globalNanos;
    }

    boolean isEmpty() {
        return this == NONE;
    }
}
