// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.kex;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The randomness the known-answer harness gave OpenSSH's sntrup761 code (vectors/README.md): the
 * blocks {@code SHA-512("amiko kat" || uint32 counter)} for counter 0, 1, 2, ..., byte after byte.
 * Bouncy Castle draws the same bytes in the same order as OpenSSH does, so key generation and
 * encapsulation repeat exactly. Predictable by design; test code only.
 */
final class HarnessRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private static final byte[] LABEL = "amiko kat".getBytes(StandardCharsets.US_ASCII);

    private transient MessageDigest sha512;
    private byte[] block = new byte[0];
    private int used;
    private int counter;

    HarnessRandom() {
        try {
            sha512 = MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-512", e);
        }
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (used == block.length) {
                sha512.update(LABEL);
                sha512.update(new byte[] {(byte) (counter >>> 24), (byte) (counter >>> 16), (byte) (counter >>> 8),
                    (byte) counter});
                counter++;
                block = sha512.digest();
                used = 0;
            }
            bytes[i] = block[used++];
        }
    }
}
