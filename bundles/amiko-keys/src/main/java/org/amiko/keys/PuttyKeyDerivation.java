// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;

/**
 * The Argon2 parameters of an encrypted version 3 PuTTY key (PuTTY manual appendix C.2,
 * {@code Key-Derivation}, {@code Argon2-Memory}, {@code -Passes}, {@code -Parallelism}), and the
 * 80 bytes they derive: AES-256 key, CBC IV and HMAC-SHA-256 key.
 *
 * @param variant Argon2d, Argon2i or Argon2id
 * @param memoryKiB Argon2's m
 * @param passes Argon2's t
 * @param parallelism Argon2's p
 */
record PuttyKeyDerivation(Argon2.Variant variant, int memoryKiB, int passes, int parallelism) {
    /** 1 GiB; puttygen's default is 8 MiB. A file may not make a loader allocate more. */
    static final int MAX_MEMORY_KIB = 1 << 20;
    /** Bounds memory times passes, the work a file can demand: 8 MiB for 1024 passes. */
    static final long MAX_WORK_KIB = 1L << 23;
    static final int MAX_PARALLELISM = 64;

    /** Checks parameters read from a file before anything is allocated for them. */
    static PuttyKeyDerivation checked(Argon2.Variant variant, long memoryKiB, long passes, long parallelism)
            throws InvalidKeySpecException {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM || memoryKiB < 8 * parallelism
                || memoryKiB > MAX_MEMORY_KIB || passes < 1 || memoryKiB * passes > MAX_WORK_KIB) {
            throw new InvalidKeySpecException("PuTTY key Argon2 parameters out of range (memory " + memoryKiB
                    + " KiB, " + passes + " passes, parallelism " + parallelism + "; at most " + MAX_MEMORY_KIB
                    + " KiB, " + MAX_WORK_KIB + " KiB times passes)");
        }
        return new PuttyKeyDerivation(variant, (int) memoryKiB, (int) passes, (int) parallelism);
    }

    /** AES key (32 bytes), IV (16) and MAC key (32), in that order. */
    byte[][] keys(byte[] password, byte[] salt) {
        byte[] none = new byte[0];
        byte[] all = Argon2.hash(variant, password, salt, none, none, memoryKiB, passes, parallelism, 80);
        try {
            return new byte[][] {Arrays.copyOfRange(all, 0, 32), Arrays.copyOfRange(all, 32, 48),
                Arrays.copyOfRange(all, 48, 80)};
        } finally {
            Arrays.fill(all, (byte) 0);
        }
    }
}
