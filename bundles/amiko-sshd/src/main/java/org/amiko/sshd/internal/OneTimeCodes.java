// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One-time codes from an authenticator app, the {@code oneTimePasswords} file's: time-based codes
 * (TOTP, RFC 6238: HMAC-SHA-1 of the 30-second step, 6 digits, RFC 4226's truncation), the ones
 * Google Authenticator, FreeOTP and the like show. The file holds {@code user = BASE32SECRET}
 * lines, made by {@code bin/amiko otp USER}, and is read again when it changes. A code is taken
 * for the step before and after the server's clock too (a phone's clock drifts), and each step
 * once per user only: a code seen over someone's shoulder is spent.
 */
final class OneTimeCodes {
    static final int DIGITS = 6;
    static final long STEP_SECONDS = 30;
    /** RFC 4226 section 4's least secret, 128 bits; {@code bin/amiko otp} makes 160. */
    static final int MIN_SECRET_BYTES = 16;
    /** Steps either side of now that are taken (RFC 6238 section 5.2 allows for drift). */
    private static final int DRIFT_STEPS = 1;

    private final ReloadingFile<Properties> secrets;
    /** The last step each user's code was accepted for; kept for the server's life, across connections. */
    private final Map<String, Long> spent = new ConcurrentHashMap<>();

    OneTimeCodes(Path file) {
        this.secrets = new ReloadingFile<>(file, UserSecrets::load);
    }

    /**
     * Whether {@code code} is {@code user}'s code at {@code now}, give or take a step, and was not
     * used before; a code accepted is spent.
     */
    boolean accept(String user, String code, Instant now) {
        byte[] secret = secret(user);
        if (secret == null || code.length() != DIGITS) {
            return false;
        }
        long current = now.getEpochSecond() / STEP_SECONDS;
        byte[] given = code.getBytes(StandardCharsets.US_ASCII);
        for (long step = current - DRIFT_STEPS; step <= current + DRIFT_STEPS; step++) {
            if (MessageDigest.isEqual(given, code(secret, step).getBytes(StandardCharsets.US_ASCII))) {
                return spend(user, step);
            }
        }
        return false;
    }

    /** Takes {@code step} for {@code user} when it is later than the last one taken, atomically. */
    private boolean spend(String user, long step) {
        boolean[] taken = {false};
        spent.compute(user, (name, before) -> {
            if (before != null && before >= step) {
                return before; // this code, or an older one, was used already
            }
            taken[0] = true;
            return step;
        });
        return taken[0];
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
