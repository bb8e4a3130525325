// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import java.lang.System.Logger.Level;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * sshd's {@code PerSourcePenalties} (OpenSSH 9.8, srclimit.c): a client address whose connections
 * end badly before login (authentication that failed, none attempted, the login grace time run
 * out) collects a penalty of some seconds each time; penalties of one source (an address, or a
 * network of {@code PerSourceNetBlockSize} bits) add up to at most {@code max} and run down with
 * time, and while what is left exceeds {@code min} the server refuses that source's new
 * connections at once. A brute-force client is so slowed to a trickle, and a user who mistypes a
 * password now and then never notices.
 *
 * <p>At most {@code max-sources4} IPv4 and {@code max-sources6} IPv6 sources are tracked; past
 * that, {@code overflow:permissive} forgets the penalties closest to their end, and
 * {@code overflow:deny-all} refuses every new connection of that family until some run out. Where
 * sshd also penalises crashes, invalid users and RefuseConnection, this server has no such events
 * of its own: an unknown user's failure is a failed authentication here.
 *
 * @since 1.3
 */
public final class SourcePenalties {
    private static final System.Logger LOG = System.getLogger("org.amiko.core");

    /** How a connection ended before login, and the reason a penalty for it gives. */
    public enum Reason {
        /** Authentication attempted and failed ({@code authfail}, 5 s by default). */
        AUTHFAIL("authfail", 5, "failed authentication"),
        /** No authentication attempted ({@code noauth}, 1 s by default). */
        NOAUTH("noauth", 1, "connections without attempting authentication"),
        /** The login grace time ran out ({@code grace-exceeded}, 10 s by default). */
        GRACE_EXCEEDED("grace-exceeded", 10, "exceeded LoginGraceTime");

        private final String keyword;
        private final long defaultSeconds;
        private final String text;

        Reason(String keyword, long defaultSeconds, String text) {
            this.keyword = keyword;
            this.defaultSeconds = defaultSeconds;
            this.text = text;
        }

        /** {@code penalty: failed authentication}, as sshd says why it drops a connection. */
        public String describe() {
            return "penalty: " + text;
        }
    }

    /** The settings: seconds per reason, the bounds, the tables' sizes and the netblocks. */
    private final Map<Reason, Long> seconds;
    private final long minSeconds;
    private final long maxSeconds;
    private final int maxSources4;
    private final int maxSources6;
    private final boolean denyAllOnOverflow4;
    private final boolean denyAllOnOverflow6;
    private final NetBlock netBlock;
    private final Predicate<InetAddress> exempt;
    private final LongSupplier clock;

    /** One source's penalty: when it runs out, whether it refuses yet, and why. */
    private static final class Penalty {
        final ByteBuffer source;
        final long order;
        long expiry;
        boolean active;
        Reason reason;

        Penalty(ByteBuffer source, long order) {
            this.source = source;
            this.order = order;
        }
    }

    private final Map<ByteBuffer, Penalty> bySource = new HashMap<>();
    /**
     * The same penalties per family, soonest to run out first, so neither running out nor an
     * overflow costs a scan. A penalty's expiry changes only while it is out of its set.
     */
    private final TreeSet<Penalty> byExpiry4 = byExpiry();
    private final TreeSet<Penalty> byExpiry6 = byExpiry();
    private int sources4;
    private int sources6;
    private long created;

    private static TreeSet<Penalty> byExpiry() {
        return new TreeSet<>(Comparator.<Penalty>comparingLong(penalty -> penalty.expiry)
                .thenComparingLong(penalty -> penalty.order));
    }

    private SourcePenalties(Map<Reason, Long> seconds, long minSeconds, long maxSeconds, int maxSources4,
            int maxSources6, boolean denyAllOnOverflow4, boolean denyAllOnOverflow6, NetBlock netBlock,
            Predicate<InetAddress> exempt, LongSupplier clock) {
        this.seconds = seconds;
        this.minSeconds = minSeconds;
        this.maxSeconds = maxSeconds;
        this.maxSources4 = maxSources4;
        this.maxSources6 = maxSources6;
        this.denyAllOnOverflow4 = denyAllOnOverflow4;
        this.denyAllOnOverflow6 = denyAllOnOverflow6;
        this.netBlock = netBlock;
        this.exempt = exempt;
        this.clock = clock;
    }

    /** sshd's defaults: {@code PerSourcePenalties yes}, {@code PerSourceNetBlockSize 32:128}. */
    public static SourcePenalties defaults() {
        return parse("yes", "32:128");
    }

    /**
     * Reads the settings as sshd_config writes them.
     *
     * @param penalties {@code yes} (the defaults), {@code no}, or words such as
     *     {@code authfail:5s noauth:1s grace-exceeded:10s max:10m min:15s max-sources4:65536
     *     max-sources6:65536 overflow:permissive overflow6:deny-all} ({@code crash},
     *     {@code invaliduser} and {@code refuseconnection} are read and have no event here)
     * @param netBlockSize {@code PerSourceNetBlockSize}: {@code 32:128} by default, the bits of an
     *     IPv4 and (optionally) IPv6 address that make one source
     * @return the penalties, or null for {@code no}
     * @throws IllegalArgumentException for a word sshd would refuse
     */
    public static SourcePenalties parse(String penalties, String netBlockSize) {
        List<String> words = List.of(penalties.strip().split("\\s+"));
        if (words.size() == 1 && words.get(0).equalsIgnoreCase("no")) {
            return null;
        }
        // each word read, the first of a kind kept, as servconf.c keeps the first value
        Map<String, String> given = new HashMap<>();
        for (String word : words) {
            if (word.equalsIgnoreCase("yes") && words.size() == 1) {
                continue;
            }
            int colon = word.indexOf(':');
            String key = colon < 0 ? word : word.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = colon < 0 ? "" : word.substring(colon + 1);
            switch (key) {
                case "authfail", "noauth", "grace-exceeded", "crash", "invaliduser", "refuseconnection", "min", "max" ->
                    time(value, word);
                case "max-sources4", "max-sources6" -> count(value, word);
                case "overflow", "overflow6" -> overflow(value, word);
                default -> throw new IllegalArgumentException("PerSourcePenalties: " + word + " is not a penalty setting"
                        + (word.equalsIgnoreCase("yes") || word.equalsIgnoreCase("no") ? " (yes and no stand alone)" : ""));
            }
            given.putIfAbsent(key, value);
        }
        Map<Reason, Long> seconds = new EnumMap<>(Reason.class);
        for (Reason reason : Reason.values()) {
            String value = given.get(reason.keyword);
            seconds.put(reason, value == null ? reason.defaultSeconds : time(value, reason.keyword));
        }
        long min = given.containsKey("min") ? time(given.get("min"), "min") : 15;
        long max = given.containsKey("max") ? time(given.get("max"), "max") : 600;
        int sources4 = given.containsKey("max-sources4") ? count(given.get("max-sources4"), "max-sources4") : 65536;
        int sources6 = given.containsKey("max-sources6") ? count(given.get("max-sources6"), "max-sources6") : 65536;
        Boolean denyAll4 = given.containsKey("overflow") ? overflow(given.get("overflow"), "overflow") : null;
        Boolean denyAll6 = given.containsKey("overflow6") ? overflow(given.get("overflow6"), "overflow6") : null;
        boolean deny4 = denyAll4 != null && denyAll4;
        // overflow6 follows overflow where it is not set, as servconf.c fills it in
        boolean deny6 = denyAll6 != null ? denyAll6 : deny4;
        return new SourcePenalties(Map.copyOf(seconds), min, max, sources4, sources6, deny4, deny6,
                NetBlock.parse(netBlockSize), address -> false, System::nanoTime);
    }

    /** These penalties, never given to the addresses {@code exempt} accepts ({@code PerSourcePenaltyExemptList}). */
    public SourcePenalties exempting(Predicate<InetAddress> exempt) {
        return new SourcePenalties(seconds, minSeconds, maxSeconds, maxSources4, maxSources6, denyAllOnOverflow4,
                denyAllOnOverflow6, netBlock, Objects.requireNonNull(exempt), clock);
    }

    /** These penalties on another clock, in nanoseconds as {@link System#nanoTime}: for tests. */
    SourcePenalties withClock(LongSupplier nanos) {
        return new SourcePenalties(seconds, minSeconds, maxSeconds, maxSources4, maxSources6, denyAllOnOverflow4,
                denyAllOnOverflow6, netBlock, exempt, nanos);
    }

    /**
     * Why a new connection from {@code address} is refused ({@code penalty: failed
     * authentication}, {@code too many penalised addresses}), or null when it may go on.
     */
    public synchronized String refusal(InetAddress address) {
        if (exempt.test(address)) {
            return null;
        }
        long now = clock.getAsLong();
        expire(now);
        boolean v4 = address instanceof Inet4Address;
        if ((v4 ? sources4 >= maxSources4 && denyAllOnOverflow4 : sources6 >= maxSources6 && denyAllOnOverflow6)) {
            return "too many penalised addresses";
        }
        Penalty penalty = bySource.get(netBlock.source(address));
        return penalty == null || !penalty.active ? null : penalty.reason.describe();
    }

    /** Adds the penalty for a connection from {@code address} that ended before login as {@code reason} says. */
    public synchronized void penalise(InetAddress address, Reason reason) {
        if (exempt.test(address)) {
            return;
        }
        long penaltyNanos = Duration.ofSeconds(seconds.get(reason)).toNanos();
        if (penaltyNanos == 0) {
            return;
        }
        long now = clock.getAsLong();
        expire(now);
        boolean v4 = address instanceof Inet4Address;
        if (v4 ? sources4 >= maxSources4 && denyAllOnOverflow4 : sources6 >= maxSources6 && denyAllOnOverflow6) {
            return; // full: every new connection of the family is refused until some run out, as srclimit.c
        }
        TreeSet<Penalty> byExpiry = v4 ? byExpiry4 : byExpiry6;
        ByteBuffer source = netBlock.source(address);
        Penalty penalty = bySource.get(source);
        if (penalty == null) {
            penalty = new Penalty(source, created++);
            penalty.expiry = now + penaltyNanos;
            bySource.put(source, penalty);
            if (v4) {
                sources4++;
            } else {
                sources6++;
            }
        } else {
            byExpiry.remove(penalty);
            penalty.expiry = Math.min(penalty.expiry + penaltyNanos, now + Duration.ofSeconds(maxSeconds).toNanos());
        }
        penalty.reason = reason;
        byExpiry.add(penalty);
        if (!penalty.active && penalty.expiry - now > Duration.ofSeconds(minSeconds).toNanos()) {
            penalty.active = true;
            LOG.log(Level.INFO, "{0} is refused for {1} s: {2}", netBlock.describe(address),
                    Long.toString(Duration.ofNanos(penalty.expiry - now).toSeconds()), reason.describe());
        }
        forgetPastLimit(v4);
    }

    /** Penalties that have run out go. */
    private void expire(long now) {
        for (TreeSet<Penalty> byExpiry : List.of(byExpiry4, byExpiry6)) {
            while (!byExpiry.isEmpty() && byExpiry.first().expiry < now) {
                forget(byExpiry.pollFirst());
            }
        }
    }

    /** overflow:permissive past a table's size: the penalties closest to their end go first. */
    private void forgetPastLimit(boolean v4) {
        TreeSet<Penalty> byExpiry = v4 ? byExpiry4 : byExpiry6;
        while (v4 ? sources4 > maxSources4 : sources6 > maxSources6) {
            forget(byExpiry.pollFirst());
        }
    }

    private void forget(Penalty penalty) {
        bySource.remove(penalty.source);
        if (penalty.source.capacity() == 4) {
            sources4--;
        } else {
            sources6--;
        }
    }

    private static long time(String value, String word) {
        try {
            return TimeSpec.seconds(value, "PerSourcePenalties " + word);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PerSourcePenalties: " + word + " has no time", e);
        }
    }

    private static int count(String value, String word) {
        if (!value.matches("\\d{1,9}")) {
            throw new IllegalArgumentException("PerSourcePenalties: " + word + " is not a count");
        }
        return Integer.parseInt(value);
    }

    private static boolean overflow(String value, String word) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "deny-all" -> true;
            case "permissive" -> false;
            default -> throw new IllegalArgumentException("PerSourcePenalties: " + word
                    + ": overflow is deny-all or permissive");
        };
    }
}
