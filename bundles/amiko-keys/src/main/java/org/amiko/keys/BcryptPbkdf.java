// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * bcrypt_pbkdf, the KDF of encrypted OpenSSH private keys (OpenSSH PROTOCOL.key, kdfname
 * {@code bcrypt}; OpenBSD bcrypt_pbkdf.c): PBKDF2's structure with SHA-512 and a bcrypt-based hash
 * in place of HMAC, and the output bytes spread across blocks rather than concatenated.
 */
final class BcryptPbkdf {
    private static final int HASH_BYTES = 32;
    private static final byte[] MAGIC = "OxychromaticBlowfishSwatDynamite".getBytes(StandardCharsets.US_ASCII);

    private BcryptPbkdf() {
    }

    /**
     * Derives {@code length} bytes (1 to 1024) from a password and salt (both non-empty) with
     * {@code rounds} (at least 1) iterations.
     */
    static byte[] derive(byte[] password, byte[] salt, int rounds, int length) {
        if (rounds < 1 || password.length == 0 || salt.length == 0 || length < 1 || length > HASH_BYTES * HASH_BYTES) {
            throw new IllegalArgumentException("bcrypt_pbkdf parameters out of range");
        }
        MessageDigest sha512 = sha512();
        byte[] key = new byte[length];
        int stride = (length + HASH_BYTES - 1) / HASH_BYTES;
        int amount = (length + stride - 1) / stride;
        byte[] sha2pass = sha512.digest(password);
        byte[] out = new byte[HASH_BYTES];
        byte[] tmp = null;
        int remaining = length;
        try {
            for (int count = 1; remaining > 0; count++) {
                sha512.update(salt);
                sha512.update(new byte[] {(byte) (count >>> 24), (byte) (count >>> 16), (byte) (count >>> 8), (byte) count});
                tmp = hash(sha2pass, sha512.digest());
                System.arraycopy(tmp, 0, out, 0, HASH_BYTES);
                for (int round = 1; round < rounds; round++) {
                    // each round's hash is key material like out; wipe it before the next replaces it
                    byte[] previous = tmp;
                    tmp = hash(sha2pass, sha512.digest(previous));
                    Arrays.fill(previous, (byte) 0);
                    for (int j = 0; j < HASH_BYTES; j++) {
                        out[j] ^= tmp[j];
                    }
                }
                // Unlike PBKDF2, output byte i of block "count" lands at i * stride + count - 1.
                int i = 0;
                for (; i < Math.min(amount, remaining); i++) {
                    int destination = i * stride + (count - 1);
                    if (destination >= length) {
                        break;
                    }
                    key[destination] = out[i];
                }
                remaining -= i;
                Arrays.fill(tmp, (byte) 0);
            }
            return key;
        } finally {
            Arrays.fill(sha2pass, (byte) 0);
            Arrays.fill(out, (byte) 0);
            if (tmp != null) {
                Arrays.fill(tmp, (byte) 0);
            }
        }
    }

    /** bcrypt_hash: an EksBlowfish state keyed by both inputs encrypts the magic 64 times. */
    private static byte[] hash(byte[] sha2pass, byte[] sha2salt) {
        EksBlowfish state = new EksBlowfish();
        state.expandState(sha2salt, sha2pass);
        for (int i = 0; i < 64; i++) {
            state.expand0State(sha2salt);
            state.expand0State(sha2pass);
        }
        int[] data = state.words(MAGIC, HASH_BYTES / 4);
        for (int i = 0; i < 64; i++) {
            for (int block = 0; block < data.length; block += 2) {
                state.encipher(data, block);
            }
        }
        state.wipe();
        byte[] out = new byte[HASH_BYTES];
        for (int i = 0; i < data.length; i++) {
            out[4 * i] = (byte) data[i];
            out[4 * i + 1] = (byte) (data[i] >>> 8);
            out[4 * i + 2] = (byte) (data[i] >>> 16);
            out[4 * i + 3] = (byte) (data[i] >>> 24);
        }
        Arrays.fill(data, 0);
        Arrays.fill(sha2salt, (byte) 0);
        return out;
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is required of every Java SE runtime", e);
        }
    }
}
