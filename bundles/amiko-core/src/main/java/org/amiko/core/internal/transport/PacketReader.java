// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import org.amiko.DisconnectException;
import org.amiko.DisconnectReason;
import org.amiko.core.internal.io.SpareArrays;
import org.amiko.spi.cipher.PacketOpener;
import org.amiko.spi.compression.CompressionAlgorithm.Decompressor;

/**
 * Reassembles binary packets (RFC 4253 section 6) from the byte stream. The length is checked
 * against the limit and the block alignment before a single byte is allocated for the packet; the
 * padding length is checked after the MAC has verified. Not thread-safe: the engine calls it under
 * its lock, except for {@link #offerSpare} and {@link #trimSpares}, which any thread may call.
 */
final class PacketReader {
    /** Smallest legal {@code packet_length}: padding_length byte plus four bytes of padding. */
    private static final int MIN_PACKET_LENGTH = 5;

    private final int maxPacketLength;
    private final byte[] head = new byte[64];
    private int headFilled;

    private PacketOpener opener = PlainFraming.INSTANCE;
    private Decompressor decompressor;
    private boolean decompressionActive;
    private final TrafficCounters traffic = new TrafficCounters();

    /**
     * Arrays of read channel data, for the next packets of their length; guarded by its own
     * monitor (the application's threads give arrays back), a leaf lock. As many as a default
     * channel window holds of full packets: an application that lags behind a bulk sender and
     * catches up gives back a window's worth at once, and with fewer kept (16, 8) a third to a
     * half of an upload's packets were allocated afresh. Nothing more stays alive than the window
     * held at its fullest, and an idle tick drops them.
     */
    private final SpareArrays spares = new SpareArrays(64, 2 * 1024 * 1024);

    /** The packet being filled, once its length is known. */
    private byte[] packet;
    private int packetFilled;
    private int packetTotal;

    /** A failure held back while the bytes the opener asked to drop after it come in; else null. */
    private DisconnectException heldFailure;
    private int discardLeft;
    /** Bytes the discarded packet's MAC did not cover, computed over dummy bytes at its end. */
    private int discardMacLeft;

    PacketReader(int maxPacketLength) {
        this.maxPacketLength = maxPacketLength;
    }

    /**
     * Takes back the array of a received packet that nobody holds any more (its channel data
     * read to the end), for a later packet of its length; any thread.
     */
    void offerSpare(byte[] array) {
        synchronized (spares) {
            spares.offer(array);
        }
    }

    /** Drops the spare arrays unless a packet took one since the last call (once a tick); any thread. */
    void trimSpares() {
        synchronized (spares) {
            spares.trimIfIdle();
        }
    }

    /** Installs new keys (after receiving {@code SSH_MSG_NEWKEYS}) and restarts the rekey counters. */
    void setOpener(PacketOpener newOpener, Decompressor newDecompressor, boolean delayedCompression) {
        opener = newOpener;
        decompressor = newDecompressor;
        decompressionActive = newDecompressor != null && !delayedCompression;
        traffic.restartKeyPeriod();
    }

    void startDelayedCompression() {
        decompressionActive = decompressor != null;
    }

    void resetSequence() {
        traffic.resetSequence();
    }

    /** The sequence number the next packet will carry (so the last one read is this minus one). */
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

    /**
     * Consumes bytes from {@code input} until one packet is complete or the input is exhausted.
     *
     * @return the packet's payload, or null if more input is needed
     * @throws DisconnectException with {@code PROTOCOL_ERROR} for a bad length or padding, and
     *     {@code MAC_ERROR} for a packet that fails authentication; for a bad length or a failed
     *     packet, only once the bytes {@link PacketOpener#discardOnError()} asks for have been dropped
     */
    Packet read(ByteBuffer input) throws IOException {
        if (heldFailure != null) {
            return discard(input);
        }
        if (packet == null) {
            int need = opener.lengthBlockSize();
            if (need < 4 || need > head.length) {
                throw new IOException("cipher needs " + need + " bytes to read a length");
            }
            int take = Math.min(need - headFilled, input.remaining());
            input.get(head, headFilled, take);
            headFilled += take;
            if (headFilled < need) {
                return null;
            }
            try {
                startPacket(need);
            } catch (DisconnectException e) {
                return failed(e, need, 0, input);
            }
        }
        int take = Math.min(packetTotal - packetFilled, input.remaining());
        input.get(packet, packetFilled, take);
        packetFilled += take;
        if (packetFilled < packetTotal) {
            return null;
        }
        return finishPacket(input);
    }

    /**
     * Ends the connection over a packet that could not be read, of which {@code consumed} bytes
     * have been read and {@code macDone} checked by its MAC: at once or, when the opener asks, only
     * after dropping input up to {@link PacketOpener#discardOnError()} bytes from the packet's start,
     * or past the largest packet this reader takes when that is more. With CBC, how much a peer can
     * send before the connection ends, and how long it takes, must not depend on what its first
     * block decrypts to (OpenSSH packet.c {@code ssh_packet_start_discard}).
     */
    private Packet failed(DisconnectException failure, int consumed, int macDone, ByteBuffer input)
            throws DisconnectException {
        int discard = opener.discardOnError();
        if (discard > 0) {
            // past the largest packet this reader takes, which a plausible length could ask it to read
            discard = Math.max(discard, 4 + maxPacketLength + opener.trailerLength());
        }
        if (discard <= consumed) {
            throw failure;
        }
        // one reason and text for every failure, the original kept as the cause for this side's log:
        // whether the length was refused or the MAC failed is what the discard hides from the peer
        heldFailure = new DisconnectException(DisconnectReason.MAC_ERROR, "packet corrupt", true, failure);
        discardLeft = discard - consumed;
        discardMacLeft = discard - macDone;
        return discard(input);
    }

    /** The failure whose discard is under way, or null. */
    DisconnectException heldFailure() {
        return heldFailure;
    }

    /** Drops input, never keeping it, until the held failure is due. */
    private Packet discard(ByteBuffer input) throws DisconnectException {
        int drop = Math.min(discardLeft, input.remaining());
        input.position(input.position() + drop);
        discardLeft -= drop;
        if (discardLeft == 0) {
            evenOutMacWork();
            throw heldFailure;
        }
        return null;
    }

    /**
     * Runs the opener over dummy bytes as long as what the failed packet's MAC did not cover, as
     * OpenSSH's {@code ssh_packet_stop_discard} computes a MAC over them: a length refused at once and
     * a MAC that failed over a whole packet then cost the same time as well as the same bytes.
     */
    private void evenOutMacWork() {
        int block = opener.blockSize();
        int length = Math.max(block, discardMacLeft / block * block);
        byte[] dummy = new byte[length + opener.trailerLength()];
        try {
            opener.open(traffic.sequence(), dummy, 0, length);
        } catch (GeneralSecurityException | RuntimeException expected) {
            // a MAC mismatch, as intended: only the work counted
        }
    }

    private void startPacket(int headLength) throws IOException {
        int length;
        try {
            length = opener.packetLength(traffic.sequence(), head, 0);
        } catch (GeneralSecurityException e) {
            throw new DisconnectException(DisconnectReason.PROTOCOL_ERROR, "cannot read packet length", true, e);
        }
        int block = opener.blockSize();
        int alignedPart = opener.isLengthOutsidePadding() ? length : length + 4;
        // The disconnect's text goes to the peer. A length decrypted out of a first block (CBC or CTR
        // with a MAC over the plaintext) is not repeated there: under CBC, what an injected block
        // decrypts to is the plaintext an attacker is after (OpenSSH says only "Packet corrupt").
        String shown = headLength > 4 ? "" : " " + Integer.toUnsignedString(length);
        if (length < MIN_PACKET_LENGTH || length > maxPacketLength) {
            throw new DisconnectException(DisconnectReason.PROTOCOL_ERROR,
                    "bad packet length" + shown + " (limit " + maxPacketLength + ")", true);
        }
        if (alignedPart % block != 0 || length + 4 < headLength) {
            throw new DisconnectException(DisconnectReason.PROTOCOL_ERROR,
                    "packet length" + shown + " is not a multiple of the block size " + block, true);
        }
        packetTotal = 4 + length + opener.trailerLength();
        byte[] spare;
        synchronized (spares) {
            spare = spares.take(packetTotal);
        }
        // a spare's old bytes are all overwritten below and by the input before the opener runs
        packet = spare != null ? spare : new byte[packetTotal];
        System.arraycopy(head, 0, packet, 0, headLength);
        packetFilled = headLength;
        headFilled = 0;
    }

    private Packet finishPacket(ByteBuffer input) throws IOException {
        byte[] data = packet;
        int total = packetTotal;
        packet = null;
        int length = total - 4 - opener.trailerLength();
        try {
            opener.open(traffic.sequence(), data, 0, 4 + length);
        } catch (GeneralSecurityException e) {
            return failed(new DisconnectException(DisconnectReason.MAC_ERROR, "packet authentication failed", true, e),
                    total, 4 + length, input);
        }
        int padding = data[4] & 0xff;
        int payloadLength = length - 1 - padding;
        if (padding < 4 || payloadLength < 1) {
            throw new DisconnectException(DisconnectReason.PROTOCOL_ERROR,
                    "bad padding length " + padding + " in a packet of " + length, true);
        }
        int packetSequence = traffic.countPacket(total);
        if (decompressionActive) {
            byte[] inflated;
            try {
                inflated = decompressor.decompress(data, 5, payloadLength, maxPacketLength);
            } catch (IOException e) {
                throw new DisconnectException(DisconnectReason.COMPRESSION_ERROR, e.getMessage(), true, e);
            }
            if (inflated.length == 0) {
                throw new DisconnectException(DisconnectReason.COMPRESSION_ERROR, "empty decompressed payload", true);
            }
            return new Packet(inflated, 0, inflated.length, packetSequence);
        }
        return new Packet(data, 5, payloadLength, packetSequence);
    }
}
