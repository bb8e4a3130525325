// SPDX-License-Identifier: Apache-2.0
package org.amiko.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.amiko.testkit.PacketLayout.Packet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PacketLayoutTest {

    @ParameterizedTest
    @CsvSource({"8,false", "8,true", "16,false", "16,true", "32,true"})
    void everyPacketMeetsRfc4253Section6(int blockSize, boolean outside) {
        FixedRandom random = new FixedRandom(1);
        for (int size = 0; size < 300; size++) {
            byte[] payload = random.bytes(size);
            Packet packet = PacketLayout.lay(payload, blockSize, outside, 20, 3, random);
            int padding = packet.buffer()[packet.offset() + 4] & 0xff;
            assertTrue(padding >= 4 && padding <= 255, "padding " + padding);
            assertTrue(packet.length() >= 16, "packet of " + packet.length() + " bytes");
            int aligned = outside ? packet.packetLength() : packet.length();
            assertEquals(0, aligned % blockSize, "alignment for payload " + size);
            assertArrayEquals(payload, packet.payload());
            assertTrue(packet.untouchedOutside());
            assertEquals(packet.offset() + packet.length() + 20, packet.end());
        }
    }

    @ParameterizedTest
    @CsvSource({"0,16,false,11", "0,16,true,15", "0,8,false,11", "0,8,true,15", "11,16,false,16", "10,16,true,5"})
    void choosesTheSmallestLegalPadding(int payload, int blockSize, boolean outside, int expected) {
        assertEquals(expected, PacketLayout.paddingLength(payload, blockSize, outside));
    }

    @ParameterizedTest
    @CsvSource({"3", "255"})
    void payloadRejectsBadFraming(int padding) {
        Packet packet = PacketLayout.lay(new byte[10], 16, false, 0, 0, new FixedRandom());
        packet.buffer()[4] = (byte) padding;
        assertThrows(AssertionError.class, packet::payload);
    }
}
