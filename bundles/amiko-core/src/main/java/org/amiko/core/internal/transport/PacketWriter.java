// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.transport;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import org.amiko.spi.cipher.PacketSealer;
import org.amiko.spi.compression.CompressionAlgorithm.Compressor;

/**
 * Frames outgoing payloads into binary packets (RFC 4253 section 6): compresses, pads with random
 * bytes to the block size (at least 4 bytes of padding, at least 16 bytes in all), then lets the
 * current {@link PacketSealer} encrypt and authenticate in place. Keeps the outgoing sequence
 * number and the byte counts that trigger a rekey. Not thread-safe: the engine calls it under its
 * output lock (its counts may be read without it).
 */
final class PacketWriter {
    private static final int MIN_PADDING = 4;
    private static final int MIN_PACKET = 16;

    private final SecureRandom random;
    private final byte[] padPool = new byte[512];
    private int padPoolUsed = padPool.length;

    private PacketSealer sealer = PlainFraming.INSTANCE;
    private Compressor compressor;
    private boolean compressionActive;
    private final TrafficCounters traffic = new TrafficCounters();

    PacketWriter(SecureRandom random) {
        this.random = random;
    }

    /** Installs new keys (after sending {@code SSH_MSG_NEWKEYS}) and restarts the rekey counters. */
    void setSealer(PacketSealer newSealer, Compressor newCompressor, boolean delayedCompression) {
        sealer = newSealer;
        compressor = newCompressor;
        compressionActive = newCompressor != null && !delayedCompression;
        traffic.restartKeyPeriod();
    }

    /** Starts delayed compression ({@code zlib@openssh.com}) once authentication has succeeded. */
    void startDelayedCompression() {
        compressionActive = compressor != null;
    }

    /** Strict key exchange resets sequence numbers after each {@code SSH_MSG_NEWKEYS}. */
    void resetSequence() {
        traffic.resetSequence();
    }

    int sequence() {
        return traffic.sequence();
    }

    long bytesSinceKeys() {
        return traffic.bytesSinceKeys();
    }

    /** Bytes on the wire since the connection began, for operators. */
    long totalBytes() {
        return traffic.totalBytes();
    }

    long packetsSinceKeys() {
        return traffic.packetsSinceKeys();
    }

    /** A framed packet: the first {@code length} bytes of {@code bytes} go on the wire. */
    record Frame(byte[] bytes, int length) {}

    /** Bytes before a payload that {@link #frameInPlace} needs free: length and padding length. */
    static final int HEADROOM = 5;
    /** Bytes after a payload that {@link #frameInPlace} may need: padding and the largest MAC or tag. */
    static final int TAILROOM = 128;

    /**
     * Frames one payload.
     *
     * @return the packet as it goes on the wire (encrypted, with its MAC or tag)
     */
    byte[] write(byte[] payload, int offset, int length) throws IOException {
        if (compressionActive) {
            payload = compressor.compress(payload, offset, length);
            offset = 0;
            length = payload.length;
        }
        int padding = padding(length);
        int total = 4 + 1 + length + padding;
        byte[] packet = new byte[total + sealer.trailerLength()];
        System.arraycopy(payload, offset, packet, 5, length);
        seal(packet, length, padding);
        return packet;
    }

    /**
     * Frames a payload that already sits at {@code buffer[HEADROOM ..]}, in place when the buffer
     * has the room, which spares bulk channel data a copy; otherwise (compression, a cipher with an
     * unusually long trailer) as {@link #write} does.
     */
    Frame frameInPlace(byte[] buffer, int length) throws IOException {
        if (!compressionActive) {
            int padding = padding(length);
            int needed = 4 + 1 + length + padding + sealer.trailerLength();
            if (needed <= buffer.length) {
                seal(buffer, length, padding);
                return new Frame(buffer, needed);
            }
        }
        byte[] packet = write(buffer, HEADROOM, length);
        return new Frame(packet, packet.length);
    }

    private int padding(int length) {
        int block = sealer.blockSize();
        // Bytes that must be a multiple of the block: the whole packet, or all but the length field.
        int aligned = (sealer.isLengthOutsidePadding() ? 0 : 4) + 1 + length;
        int padding = block - (aligned % block);
        if (padding < MIN_PADDING) {
            padding += block;
        }
        while (4 + 1 + length + padding < MIN_PACKET) {
            padding += block;
        }
        return padding;
    }

    /** Writes the header and padding around a payload at offset 5 and seals the packet. */
    private void seal(byte[] packet, int length, int padding) throws IOException {
        int packetLength = 1 + length + padding;
        int total = 4 + packetLength;
        packet[0] = (byte) (packetLength >>> 24);
        packet[1] = (byte) (packetLength >>> 16);
        packet[2] = (byte) (packetLength >>> 8);
        packet[3] = (byte) packetLength;
        packet[4] = (byte) padding;
        fillPadding(packet, 5 + length, padding);
        try {
            sealer.seal(traffic.sequence(), packet, 0, total);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot seal packet: " + e.getMessage(), e);
        }
        traffic.countPacket(total + sealer.trailerLength());
    }

    private void fillPadding(byte[] packet, int offset, int count) {
        if (padPoolUsed + count > padPool.length) {
            random.nextBytes(padPool);
            padPoolUsed = 0;
        }
        System.arraycopy(padPool, padPoolUsed, packet, offset, count);
        padPoolUsed += count;
    }
}
