// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.transport;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Derives the six per-direction keys from the shared secret (RFC 4253 section 7.2):
 * {@code K1 = HASH(K || H || X || session_id)}, {@code Kn = HASH(K || H || K1 || ... || Kn-1)},
 * concatenated and cut to the length the algorithm needs.
 */
final class KeyDerivation {
    /** The letters of RFC 4253 section 7.2. */
    static final char IV_CLIENT_TO_SERVER = 'A';
    static final char IV_SERVER_TO_CLIENT = 'B';
    static final char KEY_CLIENT_TO_SERVER = 'C';
    static final char KEY_SERVER_TO_CLIENT = 'D';
    static final char MAC_CLIENT_TO_SERVER = 'E';
    static final char MAC_SERVER_TO_CLIENT = 'F';

    private final String digestAlgorithm;
    private final byte[] sharedSecret;
    private final byte[] exchangeHash;
    private final byte[] sessionId;

    /**
     * @param sharedSecret K, encoded as it was hashed (mpint or string)
     */
    KeyDerivation(String digestAlgorithm, byte[] sharedSecret, byte[] exchangeHash, byte[] sessionId) {
        this.digestAlgorithm = digestAlgorithm;
        this.sharedSecret = sharedSecret;
        this.exchangeHash = exchangeHash;
        this.sessionId = sessionId;
    }

    /** Returns {@code length} bytes of the key named by {@code letter}. */
    byte[] derive(char letter, int length) throws GeneralSecurityException {
        if (length == 0) {
            return new byte[0];
        }
        MessageDigest digest = MessageDigest.getInstance(digestAlgorithm);
        digest.update(sharedSecret);
        digest.update(exchangeHash);
        digest.update((byte) letter);
        digest.update(sessionId);
        byte[] key = digest.digest();
        while (key.length < length) {
            digest.update(sharedSecret);
            digest.update(exchangeHash);
            digest.update(key);
            byte[] more = digest.digest();
            byte[] longer = Arrays.copyOf(key, key.length + more.length);
            System.arraycopy(more, 0, longer, key.length, more.length);
            Arrays.fill(key, (byte) 0);
            key = longer;
        }
        if (key.length == length) {
            return key;
        }
        byte[] cut = Arrays.copyOf(key, length);
        Arrays.fill(key, (byte) 0);
        return cut;
    }

    /** Overwrites the shared secret, which is no longer needed once the keys are derived. */
    void wipe() {
        Arrays.fill(sharedSecret, (byte) 0);
    }
}
