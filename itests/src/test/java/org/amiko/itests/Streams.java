// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Deterministic bulk data and its checksum, for transfers too large to hold twice in memory. */
public final class Streams {
    private Streams() {}

    /** Writes {@code length} pseudo-random bytes from {@code seed} and returns their SHA-256 (hex). */
    public static String writeRandom(OutputStream out, long length, long seed) throws IOException {
        MessageDigest digest = sha256();
        SplittableRandom random = new SplittableRandom(seed);
        byte[] buffer = new byte[64 * 1024];
        long left = length;
        while (left > 0) {
            int count = (int) Math.min(buffer.length, left);
            for (int i = 0; i < count; i += 8) {
                long value = random.nextLong();
                for (int j = 0; j < 8 && i + j < count; j++) {
                    buffer[i + j] = (byte) (value >>> (8 * j));
                }
            }
            out.write(buffer, 0, count);
            digest.update(buffer, 0, count);
            left -= count;
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Reads to the end and returns the SHA-256 (hex) and the byte count. */
    public static String[] digest(InputStream in) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int count;
        while ((count = in.read(buffer)) >= 0) {
            digest.update(buffer, 0, count);
            total += count;
        }
        return new String[] {HexFormat.of().formatHex(digest.digest()), Long.toString(total)};
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
