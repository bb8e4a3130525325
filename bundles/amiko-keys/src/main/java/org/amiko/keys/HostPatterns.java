// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Host name patterns as OpenSSH matches them (ssh_config(5) PATTERNS; match.c, hostfile.c):
 * {@code *} and {@code ?} wildcards, comma-separated lists where a {@code !}-negated match vetoes
 * the whole list, host names compared in lower case, {@code [host]:port} for ports other than 22,
 * and hashed known_hosts names {@code |1|base64(salt)|base64(HMAC-SHA1(salt, name))}.
 */
final class HostPatterns {
    static final int DEFAULT_PORT = 22;
    private static final String HASH_MAGIC = "|1|";
    private static final int SHA1_BYTES = 20;
    /** match.c gives up on (treats as not matching) a subpattern this long. */
    private static final int MAX_SUBPATTERN = 1023;
    private static final SecureRandom RANDOM = new SecureRandom();

    private HostPatterns() {
    }

    /**
     * Whether {@code text} matches {@code pattern}, where {@code *} matches any run of characters
     * and {@code ?} any one (match.c {@code match_pattern}). Linear backtracking over the last star,
     * so hostile patterns cost at most length times length.
     */
    static boolean matches(String text, String pattern) {
        int t = 0;
        int p = 0;
        int starPattern = -1;
        int starText = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                t++;
                p++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                starPattern = p++;
                starText = t;
            } else if (starPattern >= 0) {
                p = starPattern + 1;
                t = ++starText;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /**
     * match.c {@code match_pattern_list}: 1 if some subpattern matches, -1 if a negated one does
     * (which wins over any positive match), 0 otherwise.
     */
    static int matchList(String text, String patterns, boolean lowercase) {
        boolean positive = false;
        for (String sub : patterns.split(",", -1)) {
            boolean negated = sub.startsWith("!");
            String pattern = negated ? sub.substring(1) : sub;
            if (pattern.length() >= MAX_SUBPATTERN) {
                return 0;
            }
            if (matches(text, lowercase ? pattern.toLowerCase(Locale.ROOT) : pattern)) {
                if (negated) {
                    return -1;
                }
                positive = true;
            }
        }
        return positive ? 1 : 0;
    }

    /** match.c {@code match_hostname}: the host and the patterns both in lower case. */
    static int matchHostname(String host, String patterns) {
        return matchList(host.toLowerCase(Locale.ROOT), patterns, true);
    }

    /** The name known_hosts uses for a host and port (misc.c {@code put_host_port}). */
    static String hostPort(String host, int port) {
        String lower = host.toLowerCase(Locale.ROOT);
        return port == 0 || port == DEFAULT_PORT ? lower : "[" + lower + "]:" + port;
    }

    static boolean isHashed(String field) {
        return field.startsWith("|");
    }

    /**
     * Whether a hashed name field is {@code name} hashed with the field's salt (hostfile.c
     * {@code match_maybe_hashed}).
     *
     * @throws IllegalArgumentException if the field is not a well-formed {@code |1|salt|hash}
     */
    static boolean matchesHashed(String name, String field) {
        byte[] salt = salt(field);
        byte[] expected = Base64.getDecoder().decode(field.substring(field.indexOf('|', HASH_MAGIC.length()) + 1));
        return MessageDigest.isEqual(hmac(salt, name), expected);
    }

    /** The salt of a hashed name field, checked as hostfile.c {@code extract_salt} checks it. */
    static byte[] salt(String field) {
        if (!field.startsWith(HASH_MAGIC)) {
            throw new IllegalArgumentException("hashed host name does not start with |1|");
        }
        int delimiter = field.indexOf('|', HASH_MAGIC.length());
        if (delimiter < 0 || delimiter == HASH_MAGIC.length() || delimiter - HASH_MAGIC.length() > 1024) {
            throw new IllegalArgumentException("hashed host name has no salt");
        }
        byte[] salt = Base64.getDecoder().decode(field.substring(HASH_MAGIC.length(), delimiter));
        byte[] hash = Base64.getDecoder().decode(field.substring(delimiter + 1));
        if (salt.length != SHA1_BYTES || hash.length != SHA1_BYTES) {
            throw new IllegalArgumentException("hashed host name salt or hash is not 20 bytes");
        }
        return salt;
    }

    /** A new hashed name field for {@code name}, with fresh salt (hostfile.c {@code host_hash}). */
    static String hash(String name) {
        byte[] salt = new byte[SHA1_BYTES];
        RANDOM.nextBytes(salt);
        return hash(name, salt);
    }

    static String hash(String name, byte[] salt) {
        Base64.Encoder base64 = Base64.getEncoder();
        return HASH_MAGIC + base64.encodeToString(salt) + "|" + base64.encodeToString(hmac(salt, name));
    }

    private static byte[] hmac(byte[] salt, String name) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            return mac.doFinal(name.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is required of every Java SE runtime", e);
        }
    }
}
