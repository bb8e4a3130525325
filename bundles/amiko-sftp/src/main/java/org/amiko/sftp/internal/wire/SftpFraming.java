// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.amiko.sftp.SftpException;
import org.amiko.sftp.SftpStatus;
import org.amiko.spi.wire.WireWriter;

/**
 * The framing of SFTP packets (draft-ietf-secsh-filexfer-02 section 3): {@code uint32 length},
 * then {@code length} bytes starting with the type. Lengths are checked before anything is
 * allocated, so a peer cannot make this side hold more than one bounded packet.
 */
public final class SftpFraming {
    /**
     * The largest packet body either side sends: 256 KiB, OpenSSH's {@code SFTP_MAX_MSG_LENGTH},
     * which also bounds what it accepts.
     */
    public static final int MAX_PACKET = 256 * 1024;
    /** What is accepted from a peer: a full-size packet plus room for a request's headers. */
    public static final int MAX_INBOUND = MAX_PACKET + 1024;
    /** The largest data of one read or write, leaving room for headers in {@link #MAX_PACKET}. */
    public static final int MAX_DATA = MAX_PACKET - 1024;

    private SftpFraming() {}

    /**
     * Reads one packet.
     *
     * @return the packet, or null at a clean end of stream before its first byte
     * @throws SftpException ({@link SftpStatus#BAD_MESSAGE}) for a length of 0 or over {@code maxLength}
     * @throws EOFException when the stream ends inside a packet
     */
    public static SftpPacket read(InputStream in, int maxLength) throws IOException {
        byte[] header = new byte[4];
        int first = in.readNBytes(header, 0, 4);
        if (first == 0) {
            return null;
        }
        if (first < 4) {
            throw new EOFException("the SFTP stream ended inside a packet length");
        }
        long length = ((header[0] & 0xffL) << 24) | ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8)
                | (header[3] & 0xff);
        if (length < 1 || length > maxLength) {
            throw new SftpException(SftpStatus.BAD_MESSAGE,
                    "SFTP packet of " + length + " bytes (the limit is " + maxLength + ")");
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
            throw new EOFException("the SFTP stream ended inside a packet of " + length + " bytes");
        }
        return new SftpPacket(body);
    }

    /**
     * Starts a packet: a placeholder length and the type. Finish it with {@link #frame}.
     *
     * @param capacity the expected body size, to spare the writer's copies
     */
    public static WireWriter start(int type, int capacity) {
        return new WireWriter(capacity + 5).writeUint32(0).writeByte(type);
    }

    /** Starts a request or reply that carries an id. */
    public static WireWriter start(int type, int id, int capacity) {
        return start(type, capacity + 4).writeUint32(id);
    }

    /**
     * The bytes to send: the writer's content with the length filled in.
     *
     * @throws SftpException ({@link SftpStatus#FAILURE}) when the packet outgrew {@link #MAX_INBOUND}
     */
    public static byte[] frame(WireWriter packet) throws SftpException {
        byte[] bytes = packet.toByteArray();
        int length = bytes.length - 4;
        if (length > MAX_INBOUND) {
            throw new SftpException(SftpStatus.FAILURE, "SFTP packet of " + length + " bytes is too large to send");
        }
        bytes[0] = (byte) (length >>> 24);
        bytes[1] = (byte) (length >>> 16);
        bytes[2] = (byte) (length >>> 8);
        bytes[3] = (byte) length;
        return bytes;
    }
}
