// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.transport;

/**
 * What one direction of the packet layer counts: the packet sequence number (RFC 4253 section 6.4,
 * an unsigned 32-bit value that wraps), the bytes and packets under the current keys, on which the
 * rekey decision rests (RFC 4253 section 9, RFC 4344 section 3), and the bytes since the connection
 * began, for operators. {@link PacketReader} and {@link PacketWriter} each own one and count a packet
 * once it has been opened or sealed. The owner's lock orders the updates; the byte and packet
 * counts may be read without it, as the I/O thread checks the rekey limits while a channel writer
 * seals under the writer's lock.
 */
final class TrafficCounters {
    private int sequence;
    private volatile long bytesSinceKeys;
    private volatile long packetsSinceKeys;
    private volatile long totalBytes;

    /** The sequence number the next packet will carry. */
    int sequence() {
        return sequence;
    }

    /** Strict key exchange starts the sequence again at zero after each {@code SSH_MSG_NEWKEYS}. */
    void resetSequence() {
        sequence = 0;
    }

    /** New keys are in force: the rekey limits count from here. */
    void restartKeyPeriod() {
        bytesSinceKeys = 0;
        packetsSinceKeys = 0;
    }

    /**
     * Counts a packet of {@code wireBytes} (MAC or tag included) and moves on to the next sequence number.
     *
     * @return the sequence number the packet carried
     */
    int countPacket(int wireBytes) {
        int packetSequence = sequence++;
        bytesSinceKeys += wireBytes;
        totalBytes += wireBytes;
        packetsSinceKeys++;
        return packetSequence;
    }

    long bytesSinceKeys() {
        return bytesSinceKeys;
    }

    long packetsSinceKeys() {
        return packetsSinceKeys;
    }

    /** Bytes on the wire since the connection began. */
    long totalBytes() {
        return totalBytes;
    }
}
