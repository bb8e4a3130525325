// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.jmh;

import java.security.GeneralSecurityException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.amiko.spi.cipher.CipherAlgorithm;
import org.amiko.spi.cipher.PacketOpener;
import org.amiko.spi.cipher.PacketSealer;
import org.amiko.spi.mac.MacAlgorithm;
import org.amiko.spi.mac.PacketMac;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Seal and open of one packet carrying {@value #PAYLOAD} bytes of payload (a full channel data
 * packet at the default maximum), through {@link PacketSealer} and {@link PacketOpener} exactly as
 * the core drives them. Throughput is packets per second; multiply by 32 KiB for bytes
 * ({@code Bench jmh} prints MB/s). A suite is {@code cipher} for the ciphers that authenticate
 * themselves, {@code cipher/mac} for the others: every pair the catalog can negotiate, the legacy
 * ones (CBC, HMAC-MD5, the -96 MACs) included.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PacketBenchmark {
    public static final int PAYLOAD = 32 * 1024;
    /** Packets opened per invocation: enough that restoring the ciphertext stays out of the timing. */
    static final int RING = 32;

    /** Sealer side: seals the same buffer again and again (the cipher does not care what it encrypts). */
    @State(Scope.Thread)
    public static class Sealing {
        @Param({"aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "chacha20-poly1305@openssh.com",
                "aes128-ctr/hmac-sha2-256-etm@openssh.com", "aes128-ctr/hmac-sha2-512-etm@openssh.com",
                "aes128-ctr/hmac-sha2-256", "aes128-ctr/hmac-sha2-512", "aes128-ctr/hmac-sha1-etm@openssh.com",
                "aes128-ctr/hmac-sha1", "aes128-ctr/umac-64-etm@openssh.com", "aes128-ctr/umac-128-etm@openssh.com",
                "aes128-ctr/umac-64@openssh.com", "aes128-ctr/umac-128@openssh.com",
                "aes128-ctr/hmac-sha1-96-etm@openssh.com", "aes128-ctr/hmac-sha1-96",
                "aes128-ctr/hmac-md5-etm@openssh.com", "aes128-ctr/hmac-md5",
                "aes128-ctr/hmac-md5-96-etm@openssh.com", "aes128-ctr/hmac-md5-96",
                "aes192-ctr/hmac-sha2-256-etm@openssh.com", "aes192-ctr/hmac-sha2-512-etm@openssh.com",
                "aes192-ctr/hmac-sha2-256", "aes192-ctr/hmac-sha2-512", "aes192-ctr/hmac-sha1-etm@openssh.com",
                "aes192-ctr/hmac-sha1", "aes192-ctr/umac-64-etm@openssh.com", "aes192-ctr/umac-128-etm@openssh.com",
                "aes192-ctr/umac-64@openssh.com", "aes192-ctr/umac-128@openssh.com",
                "aes192-ctr/hmac-sha1-96-etm@openssh.com", "aes192-ctr/hmac-sha1-96",
                "aes192-ctr/hmac-md5-etm@openssh.com", "aes192-ctr/hmac-md5",
                "aes192-ctr/hmac-md5-96-etm@openssh.com", "aes192-ctr/hmac-md5-96",
                "aes256-ctr/hmac-sha2-256-etm@openssh.com", "aes256-ctr/hmac-sha2-512-etm@openssh.com",
                "aes256-ctr/hmac-sha2-256", "aes256-ctr/hmac-sha2-512", "aes256-ctr/hmac-sha1-etm@openssh.com",
                "aes256-ctr/hmac-sha1", "aes256-ctr/umac-64-etm@openssh.com", "aes256-ctr/umac-128-etm@openssh.com",
                "aes256-ctr/umac-64@openssh.com", "aes256-ctr/umac-128@openssh.com",
                "aes256-ctr/hmac-sha1-96-etm@openssh.com", "aes256-ctr/hmac-sha1-96",
                "aes256-ctr/hmac-md5-etm@openssh.com", "aes256-ctr/hmac-md5",
                "aes256-ctr/hmac-md5-96-etm@openssh.com", "aes256-ctr/hmac-md5-96",
                "aes128-cbc/hmac-sha2-256-etm@openssh.com", "aes128-cbc/hmac-sha2-512-etm@openssh.com",
                "aes128-cbc/hmac-sha2-256", "aes128-cbc/hmac-sha2-512", "aes128-cbc/hmac-sha1-etm@openssh.com",
                "aes128-cbc/hmac-sha1", "aes128-cbc/umac-64-etm@openssh.com", "aes128-cbc/umac-128-etm@openssh.com",
                "aes128-cbc/umac-64@openssh.com", "aes128-cbc/umac-128@openssh.com",
                "aes128-cbc/hmac-sha1-96-etm@openssh.com", "aes128-cbc/hmac-sha1-96",
                "aes128-cbc/hmac-md5-etm@openssh.com", "aes128-cbc/hmac-md5",
                "aes128-cbc/hmac-md5-96-etm@openssh.com", "aes128-cbc/hmac-md5-96",
                "aes192-cbc/hmac-sha2-256-etm@openssh.com", "aes192-cbc/hmac-sha2-512-etm@openssh.com",
                "aes192-cbc/hmac-sha2-256", "aes192-cbc/hmac-sha2-512", "aes192-cbc/hmac-sha1-etm@openssh.com",
                "aes192-cbc/hmac-sha1", "aes192-cbc/umac-64-etm@openssh.com", "aes192-cbc/umac-128-etm@openssh.com",
                "aes192-cbc/umac-64@openssh.com", "aes192-cbc/umac-128@openssh.com",
                "aes192-cbc/hmac-sha1-96-etm@openssh.com", "aes192-cbc/hmac-sha1-96",
                "aes192-cbc/hmac-md5-etm@openssh.com", "aes192-cbc/hmac-md5",
                "aes192-cbc/hmac-md5-96-etm@openssh.com", "aes192-cbc/hmac-md5-96",
                "aes256-cbc/hmac-sha2-256-etm@openssh.com", "aes256-cbc/hmac-sha2-512-etm@openssh.com",
                "aes256-cbc/hmac-sha2-256", "aes256-cbc/hmac-sha2-512", "aes256-cbc/hmac-sha1-etm@openssh.com",
                "aes256-cbc/hmac-sha1", "aes256-cbc/umac-64-etm@openssh.com", "aes256-cbc/umac-128-etm@openssh.com",
                "aes256-cbc/umac-64@openssh.com", "aes256-cbc/umac-128@openssh.com",
                "aes256-cbc/hmac-sha1-96-etm@openssh.com", "aes256-cbc/hmac-sha1-96",
                "aes256-cbc/hmac-md5-etm@openssh.com", "aes256-cbc/hmac-md5",
                "aes256-cbc/hmac-md5-96-etm@openssh.com", "aes256-cbc/hmac-md5-96",
                "3des-cbc/hmac-sha2-256-etm@openssh.com", "3des-cbc/hmac-sha2-512-etm@openssh.com",
                "3des-cbc/hmac-sha2-256", "3des-cbc/hmac-sha2-512", "3des-cbc/hmac-sha1-etm@openssh.com",
                "3des-cbc/hmac-sha1", "3des-cbc/umac-64-etm@openssh.com", "3des-cbc/umac-128-etm@openssh.com",
                "3des-cbc/umac-64@openssh.com", "3des-cbc/umac-128@openssh.com",
                "3des-cbc/hmac-sha1-96-etm@openssh.com", "3des-cbc/hmac-sha1-96", "3des-cbc/hmac-md5-etm@openssh.com",
                "3des-cbc/hmac-md5", "3des-cbc/hmac-md5-96-etm@openssh.com", "3des-cbc/hmac-md5-96"})
        public String suite;

        PacketSealer sealer;
        byte[] packet;
        int length;
        int sequence;

        @Setup(Level.Trial)
        public void setUp() throws GeneralSecurityException {
            Suite keys = Suite.of(suite, 1);
            sealer = keys.sealer();
            packet = new byte[Suite.packetSize(sealer)];
            length = Suite.layOut(sealer, packet, 0, new Random(2));
        }
    }

    /** Opener side: a ring of sealed packets, restored and re-keyed (fresh opener) before each invocation. */
    @State(Scope.Thread)
    public static class Opening {
        @Param({"aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "chacha20-poly1305@openssh.com",
                "aes128-ctr/hmac-sha2-256-etm@openssh.com", "aes128-ctr/hmac-sha2-512-etm@openssh.com",
                "aes128-ctr/hmac-sha2-256", "aes128-ctr/hmac-sha2-512", "aes128-ctr/hmac-sha1-etm@openssh.com",
                "aes128-ctr/hmac-sha1", "aes128-ctr/umac-64-etm@openssh.com", "aes128-ctr/umac-128-etm@openssh.com",
                "aes128-ctr/umac-64@openssh.com", "aes128-ctr/umac-128@openssh.com",
                "aes128-ctr/hmac-sha1-96-etm@openssh.com", "aes128-ctr/hmac-sha1-96",
                "aes128-ctr/hmac-md5-etm@openssh.com", "aes128-ctr/hmac-md5",
                "aes128-ctr/hmac-md5-96-etm@openssh.com", "aes128-ctr/hmac-md5-96",
                "aes192-ctr/hmac-sha2-256-etm@openssh.com", "aes192-ctr/hmac-sha2-512-etm@openssh.com",
                "aes192-ctr/hmac-sha2-256", "aes192-ctr/hmac-sha2-512", "aes192-ctr/hmac-sha1-etm@openssh.com",
                "aes192-ctr/hmac-sha1", "aes192-ctr/umac-64-etm@openssh.com", "aes192-ctr/umac-128-etm@openssh.com",
                "aes192-ctr/umac-64@openssh.com", "aes192-ctr/umac-128@openssh.com",
                "aes192-ctr/hmac-sha1-96-etm@openssh.com", "aes192-ctr/hmac-sha1-96",
                "aes192-ctr/hmac-md5-etm@openssh.com", "aes192-ctr/hmac-md5",
                "aes192-ctr/hmac-md5-96-etm@openssh.com", "aes192-ctr/hmac-md5-96",
                "aes256-ctr/hmac-sha2-256-etm@openssh.com", "aes256-ctr/hmac-sha2-512-etm@openssh.com",
                "aes256-ctr/hmac-sha2-256", "aes256-ctr/hmac-sha2-512", "aes256-ctr/hmac-sha1-etm@openssh.com",
                "aes256-ctr/hmac-sha1", "aes256-ctr/umac-64-etm@openssh.com", "aes256-ctr/umac-128-etm@openssh.com",
                "aes256-ctr/umac-64@openssh.com", "aes256-ctr/umac-128@openssh.com",
                "aes256-ctr/hmac-sha1-96-etm@openssh.com", "aes256-ctr/hmac-sha1-96",
                "aes256-ctr/hmac-md5-etm@openssh.com", "aes256-ctr/hmac-md5",
                "aes256-ctr/hmac-md5-96-etm@openssh.com", "aes256-ctr/hmac-md5-96",
                "aes128-cbc/hmac-sha2-256-etm@openssh.com", "aes128-cbc/hmac-sha2-512-etm@openssh.com",
                "aes128-cbc/hmac-sha2-256", "aes128-cbc/hmac-sha2-512", "aes128-cbc/hmac-sha1-etm@openssh.com",
                "aes128-cbc/hmac-sha1", "aes128-cbc/umac-64-etm@openssh.com", "aes128-cbc/umac-128-etm@openssh.com",
                "aes128-cbc/umac-64@openssh.com", "aes128-cbc/umac-128@openssh.com",
                "aes128-cbc/hmac-sha1-96-etm@openssh.com", "aes128-cbc/hmac-sha1-96",
                "aes128-cbc/hmac-md5-etm@openssh.com", "aes128-cbc/hmac-md5",
                "aes128-cbc/hmac-md5-96-etm@openssh.com", "aes128-cbc/hmac-md5-96",
                "aes192-cbc/hmac-sha2-256-etm@openssh.com", "aes192-cbc/hmac-sha2-512-etm@openssh.com",
                "aes192-cbc/hmac-sha2-256", "aes192-cbc/hmac-sha2-512", "aes192-cbc/hmac-sha1-etm@openssh.com",
                "aes192-cbc/hmac-sha1", "aes192-cbc/umac-64-etm@openssh.com", "aes192-cbc/umac-128-etm@openssh.com",
                "aes192-cbc/umac-64@openssh.com", "aes192-cbc/umac-128@openssh.com",
                "aes192-cbc/hmac-sha1-96-etm@openssh.com", "aes192-cbc/hmac-sha1-96",
                "aes192-cbc/hmac-md5-etm@openssh.com", "aes192-cbc/hmac-md5",
                "aes192-cbc/hmac-md5-96-etm@openssh.com", "aes192-cbc/hmac-md5-96",
                "aes256-cbc/hmac-sha2-256-etm@openssh.com", "aes256-cbc/hmac-sha2-512-etm@openssh.com",
                "aes256-cbc/hmac-sha2-256", "aes256-cbc/hmac-sha2-512", "aes256-cbc/hmac-sha1-etm@openssh.com",
                "aes256-cbc/hmac-sha1", "aes256-cbc/umac-64-etm@openssh.com", "aes256-cbc/umac-128-etm@openssh.com",
                "aes256-cbc/umac-64@openssh.com", "aes256-cbc/umac-128@openssh.com",
                "aes256-cbc/hmac-sha1-96-etm@openssh.com", "aes256-cbc/hmac-sha1-96",
                "aes256-cbc/hmac-md5-etm@openssh.com", "aes256-cbc/hmac-md5",
                "aes256-cbc/hmac-md5-96-etm@openssh.com", "aes256-cbc/hmac-md5-96",
                "3des-cbc/hmac-sha2-256-etm@openssh.com", "3des-cbc/hmac-sha2-512-etm@openssh.com",
                "3des-cbc/hmac-sha2-256", "3des-cbc/hmac-sha2-512", "3des-cbc/hmac-sha1-etm@openssh.com",
                "3des-cbc/hmac-sha1", "3des-cbc/umac-64-etm@openssh.com", "3des-cbc/umac-128-etm@openssh.com",
                "3des-cbc/umac-64@openssh.com", "3des-cbc/umac-128@openssh.com",
                "3des-cbc/hmac-sha1-96-etm@openssh.com", "3des-cbc/hmac-sha1-96", "3des-cbc/hmac-md5-etm@openssh.com",
                "3des-cbc/hmac-md5", "3des-cbc/hmac-md5-96-etm@openssh.com", "3des-cbc/hmac-md5-96"})
        public String suite;

        Suite keys;
        byte[] sealed;
        byte[] ring;
        int stride;
        int length;
        PacketOpener opener;

        @Setup(Level.Trial)
        public void setUp() throws GeneralSecurityException {
            keys = Suite.of(suite, 1);
            PacketSealer sealer = keys.sealer();
            stride = Suite.packetSize(sealer);
            sealed = new byte[stride * RING];
            for (int i = 0; i < RING; i++) {
                length = Suite.layOut(sealer, sealed, i * stride, new Random(i));
                sealer.seal(i, sealed, i * stride, length);
            }
            ring = new byte[sealed.length];
        }

        @Setup(Level.Invocation)
        public void restore() throws GeneralSecurityException {
            System.arraycopy(sealed, 0, ring, 0, sealed.length);
            opener = keys.opener();
        }
    }

    @Benchmark
    public int seal(Sealing state) throws GeneralSecurityException {
        state.sealer.seal(state.sequence++, state.packet, 0, state.length);
        return state.packet[state.length - 1];
    }

    @Benchmark
    @OperationsPerInvocation(RING)
    public int open(Opening state) throws GeneralSecurityException {
        int sum = 0;
        for (int i = 0; i < RING; i++) {
            int offset = i * state.stride;
            sum += state.opener.packetLength(i, state.ring, offset);
            state.opener.open(i, state.ring, offset, state.length);
        }
        return sum;
    }

    /** One direction's keys for a suite, from a fixed seed so that sealer and opener agree. */
    record Suite(CipherAlgorithm cipher, MacAlgorithm mac, byte[] key, byte[] iv, byte[] macKey) {
        static Suite of(String suite, long seed) throws GeneralSecurityException {
            String[] parts = suite.split("/", 2);
            CipherAlgorithm cipher = Plugins.cipher(parts[0]);
            MacAlgorithm mac = parts.length == 2 ? Plugins.mac(parts[1]) : null;
            if (cipher.isAuthenticated() != (mac == null)) {
                throw new IllegalArgumentException(suite + ": a MAC goes with exactly the ciphers that do not "
                        + "authenticate themselves");
            }
            Random random = new Random(seed);
            byte[] key = new byte[cipher.keyLength()];
            byte[] iv = new byte[cipher.ivLength()];
            byte[] macKey = new byte[mac == null ? 0 : mac.keyLength()];
            random.nextBytes(key);
            random.nextBytes(iv);
            random.nextBytes(macKey);
            return new Suite(cipher, mac, key, iv, macKey);
        }

        PacketSealer sealer() throws GeneralSecurityException {
            return cipher.sealer(key, iv, newMac());
        }

        PacketOpener opener() throws GeneralSecurityException {
            return cipher.opener(key, iv, newMac());
        }

        private PacketMac newMac() throws GeneralSecurityException {
            return mac == null ? null : mac.newMac(macKey);
        }

        /** Bytes one packet with its trailer takes. */
        static int packetSize(PacketSealer sealer) {
            return 4 + 1 + PAYLOAD + padding(sealer) + sealer.trailerLength();
        }

        /** Padding as RFC 4253 section 6 and the core compute it (at least 4, block-aligned). */
        static int padding(PacketSealer sealer) {
            int block = sealer.blockSize();
            int aligned = (sealer.isLengthOutsidePadding() ? 0 : 4) + 1 + PAYLOAD;
            int padding = block - aligned % block;
            return padding < 4 ? padding + block : padding;
        }

        /**
         * Writes {@code packet_length || padding_length || payload || padding} at {@code offset} and
         * returns {@code 4 + packet_length}, the length {@link PacketSealer#seal} takes.
         */
        static int layOut(PacketSealer sealer, byte[] buffer, int offset, Random random) {
            int padding = padding(sealer);
            int packetLength = 1 + PAYLOAD + padding;
            buffer[offset] = (byte) (packetLength >>> 24);
            buffer[offset + 1] = (byte) (packetLength >>> 16);
            buffer[offset + 2] = (byte) (packetLength >>> 8);
            buffer[offset + 3] = (byte) packetLength;
            buffer[offset + 4] = (byte) padding;
            byte[] body = new byte[PAYLOAD + padding];
            random.nextBytes(body);
            System.arraycopy(body, 0, buffer, offset + 5, body.length);
            return 4 + packetLength;
        }
    }
}
