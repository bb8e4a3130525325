// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import org.amiko.spi.SelfTesting;
import org.amiko.spi.cipher.CipherAlgorithm;
import org.amiko.spi.cipher.PacketOpener;
import org.amiko.spi.cipher.PacketSealer;
import org.amiko.spi.mac.MacAlgorithm;
import org.amiko.spi.mac.PacketMac;

/**
 * Checks a plug-in before the catalog offers it: its own known-answer test if it has one
 * ({@link SelfTesting}), then, for ciphers and MACs, a generic round trip (a packet sealed and
 * opened, a MAC computed and verified): a plug-in that throws or disagrees with itself would only
 * break handshakes later. Key exchanges get no generic run: a finite-field group's agreement costs
 * tens of milliseconds, which every start-up would pay, so they rely on their own known answers.
 * Results are remembered per instance, as catalogs are rebuilt whenever a plug-in comes or goes.
 */
public final class AlgorithmProbe {
    private static final Map<Object, Optional<String>> RESULTS = new WeakHashMap<>();

    private AlgorithmProbe() {}

    /** Null if the plug-in works, else why not. */
    public static String failure(Object implementation) {
        synchronized (RESULTS) {
            Optional<String> known = RESULTS.get(implementation);
            if (known != null) {
                return known.orElse(null);
            }
        }
        String result;
        try {
            if (implementation instanceof SelfTesting testing) {
                testing.selfTest();
            }
            if (implementation instanceof CipherAlgorithm cipher) {
                cipher(cipher);
            } else if (implementation instanceof MacAlgorithm mac) {
                mac(mac);
            }
            result = null;
        } catch (GeneralSecurityException | RuntimeException | LinkageError e) {
            result = "failed its self-test: " + e;
        }
        synchronized (RESULTS) {
            RESULTS.put(implementation, Optional.ofNullable(result));
        }
        return result;
    }

    private static void cipher(CipherAlgorithm cipher) throws GeneralSecurityException {
        byte[] key = new byte[cipher.keyLength()];
        byte[] iv = new byte[cipher.ivLength()];
        Arrays.fill(key, (byte) 7);
        Arrays.fill(iv, (byte) 9);
        PacketMac sealMac = null;
        PacketMac openMac = null;
        if (!cipher.isAuthenticated()) {
            sealMac = new ProbeMac();
            openMac = new ProbeMac();
        }
        PacketSealer sealer = cipher.sealer(key, iv, sealMac);
        PacketOpener opener = cipher.opener(key, iv, openMac);
        int block = sealer.blockSize();
        int aligned = ((sealer.isLengthOutsidePadding() ? 0 : 4) + 1 + 40 + 4 + block - 1) / block * block;
        int length = aligned + (sealer.isLengthOutsidePadding() ? 4 : 0);
        byte[] packet = new byte[length + sealer.trailerLength()];
        int packetLength = length - 4;
        packet[0] = (byte) (packetLength >>> 24);
        packet[1] = (byte) (packetLength >>> 16);
        packet[2] = (byte) (packetLength >>> 8);
        packet[3] = (byte) packetLength;
        packet[4] = (byte) (length - 5 - 40);
        for (int i = 5; i < 45; i++) {
            packet[i] = (byte) i;
        }
        byte[] plain = packet.clone();
        sealer.seal(3, packet, 0, length);
        if (Arrays.equals(Arrays.copyOf(packet, length), Arrays.copyOf(plain, length))) {
            throw new GeneralSecurityException("sealing left the packet unencrypted");
        }
        if (opener.packetLength(3, packet, 0) != packetLength) {
            throw new GeneralSecurityException("the opener read another packet length");
        }
        opener.open(3, packet, 0, length);
        if (!Arrays.equals(Arrays.copyOf(packet, length), Arrays.copyOf(plain, length))) {
            throw new GeneralSecurityException("opening did not give back the sealed packet");
        }
    }

    private static void mac(MacAlgorithm algorithm) throws GeneralSecurityException {
        byte[] key = new byte[algorithm.keyLength()];
        Arrays.fill(key, (byte) 5);
        PacketMac mac = algorithm.newMac(key);
        byte[] data = "amiko probe".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[mac.length()];
        mac.compute(1, data, 0, data.length, out, 0);
        if (!algorithm.newMac(key).verify(1, data, 0, data.length, out, 0)) {
            throw new GeneralSecurityException("a MAC did not verify");
        }
        if (algorithm.newMac(key).verify(2, data, 0, data.length, out, 0)) {
            throw new GeneralSecurityException("a MAC verified for another sequence number");
        }
    }

    /** A stand-in MAC for probing ciphers that need one: a keyless checksum is enough to pair. */
    private static final class ProbeMac implements PacketMac {
        @Override
        public int length() {
            return 8;
        }

        @Override
        public boolean isEncryptThenMac() {
            return false;
        }

        @Override
        public void compute(int sequence, byte[] data, int offset, int length, byte[] out, int outOffset) {
            long sum = sequence;
            for (int i = 0; i < length; i++) {
                sum = sum * 31 + data[offset + i];
            }
            for (int i = 0; i < 8; i++) {
                out[outOffset + i] = (byte) (sum >>> (8 * i));
            }
        }

        @Override
        public boolean verify(int sequence, byte[] data, int offset, int length, byte[] mac, int macOffset) {
            byte[] expected = new byte[8];
            compute(sequence, data, offset, length, expected, 0);
            return MessageDigest.isEqual(expected, Arrays.copyOfRange(mac, macOffset, macOffset + 8));
        }
    }
}
