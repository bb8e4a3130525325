// SPDX-License-Identifier: Apache-2.0
package org.amiko.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.amiko.spi.mac.MacAlgorithm;
import org.amiko.spi.mac.PacketMac;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract of a {@link MacAlgorithm}: {@code mac = MAC(key, uint32 sequence || data)} (RFC 4253
 * section 6.4) is deterministic, depends on every bit of key, sequence number and data, is written only
 * where asked, and {@link PacketMac#verify} accepts exactly the MAC that {@link PacketMac#compute}
 * wrote, without touching its arguments.
 */
public abstract class MacAlgorithmContract extends AlgorithmAnnotationContract {

    /** The MAC under test. */
    protected abstract MacAlgorithm mac();

    @Override
    protected final Class<?> algorithmClass() {
        return mac().getClass();
    }

    @Override
    protected final Class<?> serviceType() {
        return MacAlgorithm.class;
    }

    private PacketMac keyed(long seed) throws GeneralSecurityException {
        return mac().newMac(new FixedRandom(seed).bytes(mac().keyLength()));
    }

    @Test
    public void declaresSaneSizes() throws GeneralSecurityException {
        MacAlgorithm mac = mac();
        assertTrue(mac.keyLength() > 0, "keyLength");
        // 64 bits is the shortest in use: umac-64@openssh.com, whose nonce-keyed pad keeps a forgery
        // to one chance in 2^60 per attempt (RFC 4418 section 1); truncated HMACs stop at 96 bits.
        assertTrue(mac.macLength() >= 8, "a MAC shorter than 64 bits is not an SSH MAC");
        PacketMac keyed = keyed(1);
        assertEquals(mac.macLength(), keyed.length(), "PacketMac.length()");
        assertEquals(mac.isEncryptThenMac(), keyed.isEncryptThenMac(), "isEncryptThenMac()");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 4, 15, 16, 17, 63, 64, 65, 127, 128, 129, 1000, 32 * 1024 + 37})
    public void verifiesWhatItComputed(int size) throws GeneralSecurityException {
        PacketMac sender = keyed(2);
        PacketMac receiver = keyed(2);
        byte[] data = new FixedRandom(size).bytes(size + 10);
        byte[] out = new byte[sender.length() + 6];
        Arrays.fill(out, PacketLayout.Packet.SENTINEL);
        sender.compute(size, data, 3, size, out, 2);
        assertEquals(PacketLayout.Packet.SENTINEL, out[0], "wrote before outOffset");
        assertEquals(PacketLayout.Packet.SENTINEL, out[1], "wrote before outOffset");
        for (int i = 2 + sender.length(); i < out.length; i++) {
            assertEquals(PacketLayout.Packet.SENTINEL, out[i], "wrote past the MAC");
        }
        byte[] dataCopy = data.clone();
        byte[] outCopy = out.clone();
        assertTrue(receiver.verify(size, data, 3, size, out, 2), "MAC over " + size + " bytes");
        assertArrayEquals(dataCopy, data, "verify changed the data");
        assertArrayEquals(outCopy, out, "verify changed the MAC");
    }

    @Test
    public void isDeterministicAndReusable() throws GeneralSecurityException {
        PacketMac mac = keyed(3);
        byte[] data = new FixedRandom(4).bytes(100);
        byte[] first = new byte[mac.length()];
        byte[] second = new byte[mac.length()];
        mac.compute(42, data, 0, data.length, first, 0);
        mac.compute(43, data, 0, data.length, second, 0); // state left by one packet must not leak into the next
        mac.compute(42, data, 0, data.length, second, 0);
        assertArrayEquals(first, second);
        assertArrayEquals(first, compute(keyed(3), 42, data));
    }

    @Test
    public void dependsOnTheKey() throws GeneralSecurityException {
        byte[] data = new FixedRandom(5).bytes(64);
        byte[] key = new FixedRandom(6).bytes(mac().keyLength());
        byte[] reference = compute(mac().newMac(key.clone()), 1, data);
        for (int i : new int[] {0, key.length / 2, key.length - 1}) {
            byte[] other = key.clone();
            other[i] ^= 0x01;
            assertFalse(Arrays.equals(reference, compute(mac().newMac(other), 1, data)), "key byte " + i + " ignored");
        }
    }

    @Test
    public void rejectsEveryFlippedMacBit() throws GeneralSecurityException {
        PacketMac mac = keyed(7);
        byte[] data = new FixedRandom(8).bytes(77);
        byte[] reference = compute(mac, 9, data);
        for (int bit = 0; bit < reference.length * 8; bit++) {
            byte[] tampered = reference.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(mac.verify(9, data, 0, data.length, tampered, 0), "MAC bit " + bit + " not checked");
        }
        assertTrue(mac.verify(9, data, 0, data.length, reference, 0), "a failed verify must not break the next");
    }

    @Test
    public void rejectsChangedData() throws GeneralSecurityException {
        PacketMac mac = keyed(10);
        byte[] data = new FixedRandom(11).bytes(200);
        byte[] reference = compute(mac, 12, data);
        for (int i = 0; i < data.length; i += 13) {
            byte[] tampered = data.clone();
            tampered[i] ^= (byte) 0x80;
            assertFalse(mac.verify(12, tampered, 0, tampered.length, reference, 0), "data byte " + i + " not covered");
        }
        assertFalse(mac.verify(12, data, 0, data.length - 1, reference, 0), "length not covered");
    }

    @Test
    public void coversEveryByteOfTheSequenceNumber() throws GeneralSecurityException {
        PacketMac mac = keyed(13);
        byte[] data = new FixedRandom(14).bytes(48);
        int sequence = 0x12345678;
        byte[] reference = compute(mac, sequence, data);
        for (int bit : new int[] {0, 8, 16, 24, 31}) {
            assertFalse(mac.verify(sequence ^ (1 << bit), data, 0, data.length, reference, 0),
                    "sequence bit " + bit + " not covered");
        }
        byte[] wrapped = compute(mac, -1, data); // 0xffffffff is a valid unsigned sequence number
        assertTrue(mac.verify(-1, data, 0, data.length, wrapped, 0));
    }

    private static byte[] compute(PacketMac mac, int sequence, byte[] data) {
        byte[] out = new byte[mac.length()];
        mac.compute(sequence, data, 0, data.length, out, 0);
        return out;
    }
}
