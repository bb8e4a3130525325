// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import org.amiko.DisconnectException;
import org.amiko.DisconnectReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Binary packet framing before keys (RFC 4253 section 6): every length is checked before use. */
class PacketReaderTest {
    private static final int LIMIT = 256 * 1024;

    private static ByteBuffer header(int packetLength, int padding) {
        ByteBuffer buffer = ByteBuffer.allocate(5);
        buffer.putInt(packetLength).put((byte) padding).flip();
        return buffer;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4, -1, LIMIT + 8, Integer.MAX_VALUE})
    void impossibleLengthsDisconnectBeforeAnyAllocation(int length) {
        PacketReader reader = new PacketReader(LIMIT);
        DisconnectException e = assertThrows(DisconnectException.class, () -> reader.read(header(length, 4)));
        assertEquals(DisconnectReason.PROTOCOL_ERROR, e.getReason());
    }

    @Test
    void lengthOffTheBlockSizeIsRefused() {
        // 4 + 13 = 17 is not a multiple of 8
        assertThrows(DisconnectException.class, () -> new PacketReader(LIMIT).read(header(13, 4)));
    }

    @Test
    void paddingLongerThanThePacketIsRefused() throws Exception {
        PacketReader reader = new PacketReader(LIMIT);
        ByteBuffer packet = ByteBuffer.allocate(16);
        packet.putInt(12).put((byte) 200).put(new byte[11]).flip();
        DisconnectException e = assertThrows(DisconnectException.class, () -> reader.read(packet));
        assertEquals(DisconnectReason.PROTOCOL_ERROR, e.getReason());
    }

    @Test
    void paddingShorterThanFourIsRefused() {
        PacketReader reader = new PacketReader(LIMIT);
        ByteBuffer packet = ByteBuffer.allocate(16);
        packet.putInt(12).put((byte) 3).put(new byte[11]).flip();
        assertThrows(DisconnectException.class, () -> reader.read(packet));
    }

    @Test
    void framingInPlaceReadsBackAndFallsBackWhenTheBufferIsShort() throws Exception {
        PacketWriter writer = new PacketWriter(new SecureRandom());
        PacketReader reader = new PacketReader(LIMIT);
        for (int tail : new int[] {PacketWriter.TAILROOM, 0}) {
            byte[] buffer = new byte[PacketWriter.HEADROOM + 1000 + tail];
            buffer[PacketWriter.HEADROOM] = (byte) SshMessage.CHANNEL_DATA;
            buffer[PacketWriter.HEADROOM + 999] = 42;
            PacketWriter.Frame frame = writer.frameInPlace(buffer, 1000);
            assertEquals(tail > 0, frame.bytes() == buffer, "in place only with room to spare");
            Packet packet = reader.read(ByteBuffer.wrap(frame.bytes(), 0, frame.length()));
            assertEquals(1000, packet.length());
            assertEquals(42, packet.data()[packet.offset() + 999]);
        }
    }

    @Test
    void writerOutputReadsBackAcrossSplitsWithSequenceNumbers() throws Exception {
        PacketWriter writer = new PacketWriter(new SecureRandom());
        PacketReader reader = new PacketReader(LIMIT);
        byte[][] payloads = {{SshMessage.IGNORE}, new byte[100], new byte[70_000]};
        payloads[1][0] = SshMessage.DEBUG;
        payloads[2][0] = (byte) SshMessage.GLOBAL_REQUEST;
        for (int i = 0; i < payloads.length; i++) {
            byte[] wire = writer.write(payloads[i], 0, payloads[i].length);
            assertEquals(0, wire.length % 8);
            // feed in awkward slices
            Packet packet = null;
            for (int offset = 0; offset < wire.length; offset += 7) {
                Packet read = reader.read(ByteBuffer.wrap(wire, offset, Math.min(7, wire.length - offset)));
                if (offset + 7 < wire.length) {
                    assertNull(read);
                } else {
                    packet = read;
                }
            }
            assertArrayEquals(payloads[i], packet.payload());
            assertEquals(i, packet.sequence());
        }
    }
}
