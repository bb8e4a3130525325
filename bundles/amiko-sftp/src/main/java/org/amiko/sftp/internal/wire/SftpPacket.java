// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.amiko.sftp.SftpAttributes;
import org.amiko.sftp.SftpException;
import org.amiko.sftp.SftpStatus;
import org.amiko.spi.wire.WireFormatException;
import org.amiko.spi.wire.WireReader;

/**
 * One received SFTP packet: its type, then fields read in order. Every read is bounded by the
 * packet; a field past its end fails with {@link SftpStatus#BAD_MESSAGE}, so handlers never see an
 * index error or an oversized allocation.
 */
public final class SftpPacket {
    /** The longest path or name accepted in a request: OpenSSH's PATH_MAX is 4096. */
    public static final int MAX_PATH = 8192;

    private final int type;
    private final WireReader reader;

    SftpPacket(byte[] body) throws SftpException {
        this.reader = new WireReader(body);
        this.type = readByte();
    }

    public int type() {
        return type;
    }

    public int remaining() {
        return reader.remaining();
    }

    public int readByte() throws SftpException {
        try {
            return reader.readByte();
        } catch (WireFormatException e) {
            throw malformed(e);
        }
    }

    public int readUint32() throws SftpException {
        try {
            return reader.readUint32();
        } catch (WireFormatException e) {
            throw malformed(e);
        }
    }

    public long readUint64() throws SftpException {
        try {
            return reader.readUint64();
        } catch (WireFormatException e) {
            throw malformed(e);
        }
    }

    /** A {@code string} as bytes (handles, data). */
    public byte[] readString() throws SftpException {
        try {
            return reader.readString();
        } catch (WireFormatException e) {
            throw malformed(e);
        }
    }

    /** A {@code string} as UTF-8 text of any length the packet holds (messages, long names). */
    public String readText() throws SftpException {
        return new String(readString(), StandardCharsets.UTF_8);
    }

    /**
     * A path: UTF-8 (as OpenSSH sends it), at most {@link #MAX_PATH} bytes, without NUL, since a
     * NUL would cut the name short in the operating system.
     */
    public String readPath() throws SftpException {
        byte[] bytes = readString();
        if (bytes.length > MAX_PATH) {
            throw new SftpException(SftpStatus.BAD_MESSAGE, "path of " + bytes.length + " bytes is too long");
        }
        for (byte b : bytes) {
            if (b == 0) {
                throw new SftpException(SftpStatus.BAD_MESSAGE, "path holds a NUL byte");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new SftpException(SftpStatus.BAD_MESSAGE, "path is not valid UTF-8");
        }
    }

    public SftpAttributes readAttributes() throws SftpException {
        return AttributesCodec.read(this);
    }

    /** Fails unless the packet was read to its end. */
    public void expectEnd() throws SftpException {
        if (reader.remaining() != 0) {
            throw new SftpException(SftpStatus.BAD_MESSAGE,
                    PacketType.name(type) + " has " + reader.remaining() + " trailing bytes");
        }
    }

    private SftpException malformed(WireFormatException e) {
        return new SftpException(SftpStatus.BAD_MESSAGE, "malformed " + PacketType.name(type) + ": " + e.getMessage(),
                e);
    }
}
