// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.amiko.spi.wire.PeerText;

/**
 * One-time codes from an authenticator app, the {@code oneTimePasswords} file's: time-based codes
 * (TOTP, RFC 6238: HMAC-SHA-1 of the 30-second step, 6 digits, RFC 4226's truncation), the ones
 * Google Authenticator, FreeOTP and the like show. The file holds {@code user = BASE32SECRET}
 * lines, made by {@code bin/amiko otp USER}, and is read again when it changes. A code is taken
 * for the step before and after the server's clock too (a phone's clock drifts), and each step
 * once per user only: a code seen over someone's shoulder is spent. After {@value #MAX_FAILURES}
 * wrong codes for a user within {@value #STEP_SECONDS} seconds, every code for that user is refused
 * until the oldest of them is that old (google-authenticator's {@code RATE_LIMIT}): a guesser who
 * has the user's key gets ten tries a minute, across all connections, against three good codes in
 * a million. The count is per user, as google-authenticator's: whoever passes the first step under
 * a user's name can keep that user's codes refused by giving wrong ones.
 */
final class OneTimeCodes {
    private static final System.Logger LOG = System.getLogger("org.amiko.sshd");
    static final int DIGITS = 6;
    static final long STEP_SECONDS = 30;
    /** RFC 4226 section 4's least secret, 128 bits; {@code bin/amiko otp} makes 160. */
    static final int MIN_SECRET_BYTES = 16;
    /** Steps either side of now that are taken (RFC 6238 section 5.2 allows for drift). */
    private static final int DRIFT_STEPS = 1;

    private final ReloadingFile<Properties> secrets;
    /** Wrong codes a user may give within {@link #STEP_SECONDS} before every code is refused. */
    static final int MAX_FAILURES = 5;

    /** The last step each user's code was accepted for; kept for the server's life, across connections. */
    private final Map<String, Long> spent = new ConcurrentHashMap<>();
    /**
     * When each user with a secret last gave wrong codes, the most recent {@link #MAX_FAILURES};
     * users without one are never counted, so the map cannot grow past the secrets file.
     */
    private final Map<String, ArrayDeque<Instant>> failures = new ConcurrentHashMap<>();

    OneTimeCodes(Path file) {
        this.secrets = new ReloadingFile<>(file, UserSecrets::load);
    }

    /**
     * Whether {@code code} is {@code user}'s code at {@code now}, give or take a step, and was not
     * used before; a code accepted is spent.
     */
    boolean accept(String user, String code, Instant now) {
        byte[] secret = secret(user);
        if (secret == null) {
            return false;
        }
        ArrayDeque<Instant> recent = failures.computeIfAbsent(user, name -> new ArrayDeque<>());
        // the limit's check, the comparison and the count are one step per user: answers sent at
        // once on parallel connections would otherwise all pass the check before any was counted
        synchronized (recent) {
            Instant since = now.minusSeconds(STEP_SECONDS);
            if (limited(recent, since)) {
                return false;
            }
            if (matches(user, secret, code, now)) {
                return true;
            }
            recent.addLast(now);
            while (recent.size() > MAX_FAILURES) {
                recent.removeFirst();
            }
            if (limited(recent, since)) {
                // once per lock-out, not once per refused code: a guesser does not choose the log's size
                LOG.log(Level.WARNING, "{0} wrong one-time codes for {1} in {2} seconds: its codes are refused for a while",
                        MAX_FAILURES, PeerText.printable(user, 64), STEP_SECONDS);
            }
            return false;
        }
    }

    /** Whether {@link #MAX_FAILURES} wrong codes came after {@code since}. */
    private static boolean limited(ArrayDeque<Instant> recent, Instant since) {
        return recent.size() >= MAX_FAILURES && recent.peekFirst().isAfter(since);
    }

    /** Whether {@code code} is the user's for a step around {@code now} not spent yet; spends it if so. */
    private boolean matches(String user, byte[] secret, String code, Instant now) {
        if (code.length() != DIGITS) {
            return false;
        }
        long current = now.getEpochSecond() / STEP_SECONDS;
        byte[] given = code.getBytes(StandardCharsets.US_ASCII);
        for (long step = current - DRIFT_STEPS; step <= current + DRIFT_STEPS; step++) {
            if (MessageDigest.isEqual(given, code(secret, step).getBytes(StandardCharsets.US_ASCII)) && spend(user, step)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Takes {@code step} for {@code user} when it is later than the last one taken. The caller
     * holds the user's lock, so the read and the write cannot interleave with another attempt.
     */
    private boolean spend(String user, long step) {
        Long before = spent.get(user);
        if (before != null && before >= step) {
            return false; // this code, or an older one, was used already
        }
        spent.put(user, step);
        return true;
    }

    private byte[] secret(String user) {
        String encoded;
        try {
            encoded = secrets.current().getProperty(user);
        } catch (UncheckedIOException e) {
            return null; // an unreadable file gives no codes; passwords and keys still work
        }
        if (encoded == null) {
            return null;
        }
        try {
            byte[] secret = Base32.decode(encoded.strip());
            // RFC 4226 section 4 wants 128 bits at least; an empty or short line gives no codes
            return secret.length >= MIN_SECRET_BYTES ? secret : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The code for {@code step} (RFC 4226 section 5.3 with the counter being the time step). */
    static String code(byte[] secret, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = hash[hash.length - 1] & 0x0F;
            int binary = ByteBuffer.wrap(hash, offset, 4).getInt() & 0x7FFFFFFF;
            return String.format("%0" + DIGITS + "d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA1", e);
        }
    }

    /**
     * Gives {@code user} a new random secret (160 bits, as RFC 4226 recommends) in {@code file},
     * kept readable by the server's user only, and returns it for the app.
     */
    static byte[] newSecret(Path file, String user, SecureRandom random) throws IOException {
        byte[] secret = new byte[20];
        random.nextBytes(secret);
        UserSecrets.set(file, user, Base32.encode(secret), "Amiko one-time code secrets: user = base32 secret"
                + " (bin/amiko otp USER)");
        return secret;
    }
}
