// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.amiko.sftp.SftpAttributes;
import org.amiko.sftp.SftpException;
import org.amiko.sftp.SftpStatus;
import org.amiko.spi.wire.WireWriter;
import org.junit.jupiter.api.Test;

/** The packet framing and field bounds of draft-ietf-secsh-filexfer-02 section 3 and 5. */
class SftpFramingTest {

    private static SftpPacket packet(byte[] frame) throws IOException {
        return SftpFraming.read(new ByteArrayInputStream(frame), SftpFraming.MAX_INBOUND);
    }

    private static byte[] lengthPrefix(long length) {
        return new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }

    @Test
    void frameFillsInTheLengthAndReadsBack() throws IOException {
        byte[] frame = SftpFraming.frame(SftpFraming.start(PacketType.STAT, 7, 16).writeString("/a/b"));
        assertArrayEquals(lengthPrefix(frame.length - 4), Arrays.copyOf(frame, 4));
        SftpPacket read = packet(frame);
        assertEquals(PacketType.STAT, read.type());
        assertEquals(7, read.readUint32());
        assertEquals("/a/b", read.readPath());
        read.expectEnd();
    }

    @Test
    void cleanEndOfStreamIsNoPacket() throws IOException {
        assertNull(packet(new byte[0]));
    }

    @Test
    void endInsideLengthOrBodyIsEof() {
        assertThrows(EOFException.class, () -> packet(new byte[] {0, 0}));
        assertThrows(EOFException.class, () -> packet(new byte[] {0, 0, 0, 9, 1, 2}));
    }

    @Test
    void zeroAndOversizedLengthsAreRefusedBeforeAnyAllocation() {
        SftpException zero = assertThrows(SftpException.class, () -> packet(lengthPrefix(0)));
        assertEquals(SftpStatus.BAD_MESSAGE, zero.getStatus());
        SftpException huge = assertThrows(SftpException.class, () -> packet(lengthPrefix(0xffffffffL)));
        assertEquals(SftpStatus.BAD_MESSAGE, huge.getStatus());
        assertTrue(huge.getMessage().contains("4294967295"), huge.getMessage());
        assertThrows(SftpException.class, () -> packet(lengthPrefix(SftpFraming.MAX_INBOUND + 1L)));
    }

    @Test
    void largestAcceptedPacketReads() throws IOException {
        byte[] frame = new byte[4 + SftpFraming.MAX_INBOUND];
        System.arraycopy(lengthPrefix(SftpFraming.MAX_INBOUND), 0, frame, 0, 4);
        frame[4] = PacketType.WRITE;
        assertEquals(PacketType.WRITE, packet(frame).type());
    }

    @Test
    void stringLengthPastTheEndIsBadMessage() throws IOException {
        byte[] frame = SftpFraming.frame(SftpFraming.start(PacketType.OPEN, 1, 8).writeUint32(1000).writeByte('x'));
        SftpPacket read = packet(frame);
        read.readUint32();
        SftpException error = assertThrows(SftpException.class, read::readPath);
        assertEquals(SftpStatus.BAD_MESSAGE, error.getStatus());
    }

    @Test
    void pathsWithNulOrBadUtf8AreRefused() throws IOException {
        SftpPacket nul = packet(SftpFraming.frame(SftpFraming.start(PacketType.STAT, 1, 8)
                .writeString(new byte[] {'/', 'a', 0, 'b'})));
        nul.readUint32();
        assertEquals(SftpStatus.BAD_MESSAGE, assertThrows(SftpException.class, nul::readPath).getStatus());
        SftpPacket utf8 = packet(SftpFraming.frame(SftpFraming.start(PacketType.STAT, 1, 8)
                .writeString(new byte[] {'/', (byte) 0xc3, '('})));
        utf8.readUint32();
        assertEquals(SftpStatus.BAD_MESSAGE, assertThrows(SftpException.class, utf8::readPath).getStatus());
    }

    @Test
    void overlongPathIsRefused() throws IOException {
        SftpPacket read = packet(SftpFraming.frame(SftpFraming.start(PacketType.STAT, 1, 9000)
                .writeString("a".repeat(SftpPacket.MAX_PATH + 1))));
        read.readUint32();
        assertEquals(SftpStatus.BAD_MESSAGE, assertThrows(SftpException.class, read::readPath).getStatus());
    }

    @Test
    void attributesRoundTripWithEveryField() throws IOException {
        SftpAttributes attributes = SftpAttributes.EMPTY.withSize(1L << 40).withOwner(1000, -2)
                .withPermissions(SftpAttributes.TYPE_REGULAR | 0640).withTimes(0xfffffffeL, 1)
                .withExtended("x@example.org", new byte[] {1, 2, 3});
        byte[] frame = SftpFraming.frame(AttributesCodec.write(SftpFraming.start(PacketType.ATTRS, 3, 64), attributes));
        SftpPacket read = packet(frame);
        read.readUint32();
        SftpAttributes back = read.readAttributes();
        read.expectEnd();
        assertEquals(attributes, back);
        assertEquals(0xfffffffeL, back.atime());
        assertEquals(Map.of("x@example.org", 3), Map.of("x@example.org", back.extended().get("x@example.org").length));
        assertEquals("-rw-r-----", back.modeString());
    }

    @Test
    void emptyAttributesAreFourZeroBytes() {
        byte[] bytes = AttributesCodec.write(new WireWriter(), SftpAttributes.EMPTY).toByteArray();
        assertArrayEquals(new byte[4], bytes);
    }

    @Test
    void unknownAttributeFlagsAreRefused() throws IOException {
        SftpPacket read = packet(SftpFraming.frame(SftpFraming.start(PacketType.ATTRS, 3, 8).writeUint32(0x10)));
        read.readUint32();
        assertEquals(SftpStatus.BAD_MESSAGE, assertThrows(SftpException.class, read::readAttributes).getStatus());
    }

    @Test
    void extendedCountBeyondThePacketIsRefusedWithoutLooping() throws IOException {
        SftpPacket read = packet(SftpFraming.frame(SftpFraming.start(PacketType.ATTRS, 3, 16)
                .writeUint32(SftpAttributes.FLAG_EXTENDED).writeUint32(0x7fffffff).writeUint32(0).writeUint32(0)));
        read.readUint32();
        SftpException error = assertThrows(SftpException.class, read::readAttributes);
        assertEquals(SftpStatus.BAD_MESSAGE, error.getStatus());
        assertTrue(error.getMessage().contains("extended"), error.getMessage());
    }

    @Test
    void sizeBeyondSignedRangeIsRefused() throws IOException {
        SftpPacket read = packet(SftpFraming.frame(SftpFraming.start(PacketType.ATTRS, 3, 16)
                .writeUint32(SftpAttributes.FLAG_SIZE).writeUint64(-1L)));
        read.readUint32();
        assertEquals(SftpStatus.BAD_MESSAGE, assertThrows(SftpException.class, read::readAttributes).getStatus());
    }

    @Test
    void trailingBytesAreDetected() throws IOException {
        SftpPacket read = packet(SftpFraming.frame(SftpFraming.start(PacketType.CLOSE, 3, 16).writeString("h")
                .writeByte(9)));
        read.readUint32();
        read.readString();
        assertEquals(SftpStatus.BAD_MESSAGE, assertThrows(SftpException.class, read::expectEnd).getStatus());
    }

    @Test
    void oversizedOutgoingPacketIsRefused() {
        WireWriter big = SftpFraming.start(PacketType.DATA, 1, 16).writeString(new byte[SftpFraming.MAX_INBOUND]);
        assertEquals(SftpStatus.FAILURE, assertThrows(SftpException.class, () -> SftpFraming.frame(big)).getStatus());
    }
}
