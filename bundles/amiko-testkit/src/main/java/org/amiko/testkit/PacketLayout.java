// SPDX-License-Identifier: Apache-2.0
package org.amiko.testkit;

import java.util.Arrays;
import java.util.Random;
import org.amiko.spi.cipher.PacketSealer;

/**
 * Lays out a binary packet exactly as the core does before it calls
 * {@link PacketSealer#seal}: {@code uint32 packet_length || byte padding_length || payload ||
 * random padding} (RFC 4253 section 6), so that cipher tests run on what the cipher will really see.
 *
 * <p>The padding is at least 4 bytes and the whole packet at least 16 bytes. The aligned part is the
 * whole packet, or, when the sealer keeps the length outside the padding (encrypt-then-MAC, AEAD,
 * OpenSSH PROTOCOL sections 1.6 and 1.7, where OpenSSH calls it {@code aadlen}), everything after the
 * 4-byte length; it is a multiple of {@code max(8, blockSize)}.
 */
public final class PacketLayout {
    /** RFC 4253 section 6: at least four bytes of padding. */
    public static final int MIN_PADDING = 4;
    /** RFC 4253 section 6: a packet is at least 16 bytes, MAC or tag not counted. */
    public static final int MIN_PACKET = 16;
    /** Bytes before the payload: packet_length and padding_length. */
    public static final int HEADER = 5;

    private PacketLayout() {}

    /** The padding length the core chooses for a payload (the minimum that satisfies all rules). */
    public static int paddingLength(int payloadLength, int blockSize, boolean lengthOutsidePadding) {
        int align = Math.max(8, blockSize);
        int aligned = (lengthOutsidePadding ? 1 : HEADER) + payloadLength;
        int padding = align - aligned % align;
        if (padding < MIN_PADDING) {
            padding += align;
        }
        while (HEADER + payloadLength + padding < MIN_PACKET) {
            padding += align;
        }
        return padding;
    }

    /** Lays out {@code payload} for {@code sealer}, with {@code offset} bytes of headroom. */
    public static Packet lay(byte[] payload, PacketSealer sealer, int offset, Random random) {
        return lay(payload, sealer.blockSize(), sealer.isLengthOutsidePadding(), sealer.trailerLength(),
                offset, random);
    }

    /**
     * Lays out {@code payload} in a fresh buffer: {@code offset} bytes of headroom, the packet, room for
     * the trailer and 16 bytes of tail. Headroom, trailer room and tail are filled with
     * {@link Packet#SENTINEL} so that a test can see writes outside the packet and its trailer.
     */
    public static Packet lay(byte[] payload, int blockSize, boolean lengthOutsidePadding, int trailerLength,
            int offset, Random random) {
        int padding = paddingLength(payload.length, blockSize, lengthOutsidePadding);
        int packetLength = 1 + payload.length + padding;
        int length = 4 + packetLength;
        byte[] buffer = new byte[offset + length + trailerLength + Packet.TAIL];
        Arrays.fill(buffer, Packet.SENTINEL);
        buffer[offset] = (byte) (packetLength >>> 24);
        buffer[offset + 1] = (byte) (packetLength >>> 16);
        buffer[offset + 2] = (byte) (packetLength >>> 8);
        buffer[offset + 3] = (byte) packetLength;
        buffer[offset + 4] = (byte) padding;
        System.arraycopy(payload, 0, buffer, offset + HEADER, payload.length);
        byte[] randomPadding = new byte[padding];
        random.nextBytes(randomPadding);
        System.arraycopy(randomPadding, 0, buffer, offset + HEADER + payload.length, padding);
        return new Packet(buffer, offset, length, trailerLength);
    }

    /**
     * Reads the payload of a decrypted packet and checks its framing: packet_length matches,
     * padding is 4..255 bytes and leaves a non-negative payload.
     *
     * @throws AssertionError if the framing is wrong
     */
    public static byte[] payload(byte[] buffer, int offset, int length) {
        int packetLength = ((buffer[offset] & 0xff) << 24) | ((buffer[offset + 1] & 0xff) << 16)
                | ((buffer[offset + 2] & 0xff) << 8) | (buffer[offset + 3] & 0xff);
        if (packetLength != length - 4) {
            throw new AssertionError("packet_length " + packetLength + " but the packet has " + length + " bytes");
        }
        int padding = buffer[offset + 4] & 0xff;
        int payloadLength = packetLength - 1 - padding;
        if (padding < MIN_PADDING || payloadLength < 0) {
            throw new AssertionError("padding_length " + padding + " in a packet_length of " + packetLength);
        }
        return Arrays.copyOfRange(buffer, offset + HEADER, offset + HEADER + payloadLength);
    }

    /**
     * A laid-out packet in its buffer.
     *
     * @param buffer headroom, packet, trailer room, tail
     * @param offset where {@code packet_length} starts
     * @param length {@code 4 + packet_length}, as passed to seal and open
     * @param trailerLength bytes of MAC or tag after the packet
     */
    public record Packet(byte[] buffer, int offset, int length, int trailerLength) {
        /** The byte that fills headroom, trailer room and tail before sealing. */
        public static final byte SENTINEL = (byte) 0xA5;
        /** Bytes after the trailer that nothing may touch. */
        public static final int TAIL = 16;

        /** The value of the {@code packet_length} field. */
        public int packetLength() {
            return length - 4;
        }

        /** Index just past the trailer. */
        public int end() {
            return offset + length + trailerLength;
        }

        /** The payload of the (decrypted) packet, framing checked. */
        public byte[] payload() {
            return PacketLayout.payload(buffer, offset, length);
        }

        /** Whether headroom and tail still hold only {@link #SENTINEL}. */
        public boolean untouchedOutside() {
            for (int i = 0; i < offset; i++) {
                if (buffer[i] != SENTINEL) {
                    return false;
                }
            }
            for (int i = end(); i < buffer.length; i++) {
                if (buffer[i] != SENTINEL) {
                    return false;
                }
            }
            return true;
        }

        /** A copy of packet and trailer. */
        public byte[] wireBytes() {
            return Arrays.copyOfRange(buffer, offset, end());
        }
    }
}
