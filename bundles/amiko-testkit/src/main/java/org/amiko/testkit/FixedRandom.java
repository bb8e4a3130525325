// SPDX-License-Identifier: Apache-2.0
package org.amiko.testkit;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;

/**
 * A deterministic {@link SecureRandom} for reproducible tests: the same seed gives the same bytes on
 * every run, JDK and machine. The stream is SHA-256 of {@code state || counter} block by block; it is
 * predictable by design and must never leave test code.
 *
 * <p>{@link #replaying} first hands out given bytes verbatim, which lets a known-answer test feed a
 * published private key to code that draws its key from the random source.
 */
public final class FixedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;

    /** A stream from seed 0. */
    public FixedRandom() {
        this(0L);
    }

    /** A stream determined by {@code seed}. */
    public FixedRandom(long seed) {
        this(Long.toString(seed).getBytes(StandardCharsets.US_ASCII));
    }

    /** A stream determined by {@code seed}. */
    public FixedRandom(byte[] seed) {
        this(new HashStream(seed, new byte[0]));
    }

    private FixedRandom(HashStream stream) {
        // The (spi, provider) constructor skips the platform's own DRBG entirely.
        super(stream, null);
    }

    /**
     * A source that returns {@code prefix} first, byte for byte, then the stream of {@code seed}.
     * The prefix is copied.
     */
    public static FixedRandom replaying(byte[] prefix, long seed) {
        return new FixedRandom(new HashStream(
                Long.toString(seed).getBytes(StandardCharsets.US_ASCII), prefix.clone()));
    }

    /** Returns {@code count} bytes of the stream. */
    public byte[] bytes(int count) {
        byte[] out = new byte[count];
        nextBytes(out);
        return out;
    }

    @Override
    public String getAlgorithm() {
        return "FixedRandom";
    }

    @Override
    public String toString() {
        return "FixedRandom";
    }

    /** SHA-256 in counter mode over a seed; {@code setSeed} mixes more seed into the state. */
    private static final class HashStream extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;

        private final transient MessageDigest sha256;
        private byte[] state;
        private final byte[] prefix;
        private int prefixUsed;
        private long counter;
        private final byte[] block = new byte[32];
        private int blockUsed = block.length;

        HashStream(byte[] seed, byte[] prefix) {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has SHA-256", e);
            }
            this.state = sha256.digest(seed);
            this.prefix = prefix;
        }

        @Override
        protected void engineSetSeed(byte[] seed) {
            sha256.update(state);
            sha256.update(seed);
            state = sha256.digest();
            counter = 0;
            blockUsed = block.length;
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            int filled = 0;
            while (filled < bytes.length && prefixUsed < prefix.length) {
                bytes[filled++] = prefix[prefixUsed++];
            }
            while (filled < bytes.length) {
                if (blockUsed == block.length) {
                    refill();
                }
                int take = Math.min(block.length - blockUsed, bytes.length - filled);
                System.arraycopy(block, blockUsed, bytes, filled, take);
                blockUsed += take;
                filled += take;
            }
        }

        private void refill() {
            sha256.update(state);
            for (int shift = 56; shift >= 0; shift -= 8) {
                sha256.update((byte) (counter >>> shift));
            }
            counter++;
            try {
                sha256.digest(block, 0, block.length);
            } catch (DigestException e) {
                throw new IllegalStateException(e);
            }
            blockUsed = 0;
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            byte[] seed = new byte[numBytes];
            engineNextBytes(seed);
            return seed;
        }

        @Override
        public String toString() {
            return "HashStream[counter=" + counter + ", prefix left=" + (prefix.length - prefixUsed) + "]";
        }
    }
}
