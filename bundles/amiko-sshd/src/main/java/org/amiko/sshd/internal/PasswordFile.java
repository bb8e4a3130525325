// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Properties;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password users in {@code etc/users.properties}: {@code name = pbkdf2-sha256$iterations$salt$hash}
 * (PBKDF2 with HMAC-SHA256, a random 16-byte salt per user, base64). Passwords themselves are
 * never stored, compared in constant time, and never logged.
 */
public final class PasswordFile {
    private static final String SCHEME = "pbkdf2-sha256";
    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
    static final int ITERATIONS = 600_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private final Properties users;

    private PasswordFile(Properties users) {
        this.users = users;
    }

    /** Reads the file; a missing file has no users. */
    public static PasswordFile load(Path file) throws IOException {
        return new PasswordFile(UserSecrets.load(file));
    }

    public boolean isEmpty() {
        return users.isEmpty();
    }

    /** Whether {@code password} is {@code user}'s; false for unknown users, after the same work. */
    public boolean verify(String user, String password) {
        String stored = users.getProperty(user);
        String[] parts = stored == null ? null : stored.trim().split("\\$");
        if (parts == null || parts.length != 4 || !SCHEME.equals(parts[0])) {
            // spend the same time, so a timing probe cannot tell which users exist
            hash(password, new byte[SALT_BYTES], ITERATIONS);
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            if (iterations < 1 || iterations > 10_000_000) {
                return false;
            }
            return MessageDigest.isEqual(expected, hash(password, salt, iterations));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The stored form of a new password. */
    public static String encode(String password, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + ITERATIONS + "$" + base64.encodeToString(salt) + "$"
                + base64.encodeToString(hash(password, salt, ITERATIONS));
    }

    /** Sets {@code user}'s password in {@code file}, written atomically with mode 0600. */
    public static void setPassword(Path file, String user, String password, SecureRandom random) throws IOException {
        UserSecrets.set(file, user, encode(password, random), "Amiko password users: name = " + SCHEME
                + "$iterations$salt$hash");
    }

    private static byte[] hash(String password, byte[] salt, int iterations) {
        // PBEKeySpec keeps a clone, which clearPassword wipes; this copy is ours to wipe
        char[] characters = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(characters, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17 runtime", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(characters, '\0');
        }
    }
}
