// SPDX-License-Identifier: Apache-2.0
package org.amiko.spi.wire;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the SSH data types of RFC 4251 section 5 from a byte range. Every length read from the data
 * is checked against what remains before it is used, so malformed input ends in a
 * {@link WireFormatException}, never in an oversized allocation or an index error.
 */
public final class WireReader {
    private final byte[] data;
    private final int limit;
    private int position;

    public WireReader(byte[] data) {
        this(data, 0, data.length);
    }

    public WireReader(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new IndexOutOfBoundsException("range " + offset + "+" + length + " outside " + data.length);
        }
        this.data = data;
        this.position = offset;
        this.limit = offset + length;
    }

    /** Bytes not yet read. */
    public int remaining() {
        return limit - position;
    }

    /** Whether everything has been read. */
    public boolean isEmpty() {
        return position == limit;
    }

    /** Current offset into the underlying array. */
    public int position() {
        return position;
    }

    private void need(int count, String what) throws WireFormatException {
        if (count < 0 || count > limit - position) {
            throw new WireFormatException(what + " needs " + Integer.toUnsignedString(count) + " bytes, "
                    + (limit - position) + " left");
        }
    }

    public int readByte() throws WireFormatException {
        need(1, "byte");
        return data[position++] & 0xff;
    }

    public boolean readBoolean() throws WireFormatException {
        return readByte() != 0;
    }

    /** Reads a uint32 into an int (use {@link Integer#toUnsignedLong} for the unsigned value). */
    public int readUint32() throws WireFormatException {
        need(4, "uint32");
        int value = ((data[position] & 0xff) << 24) | ((data[position + 1] & 0xff) << 16)
                | ((data[position + 2] & 0xff) << 8) | (data[position + 3] & 0xff);
        position += 4;
        return value;
    }

    public long readUint64() throws WireFormatException {
        long high = Integer.toUnsignedLong(readUint32());
        long low = Integer.toUnsignedLong(readUint32());
        return (high << 32) | low;
    }

    /** Reads {@code count} raw bytes. */
    public byte[] readBytes(int count) throws WireFormatException {
        need(count, "field");
        byte[] out = new byte[count];
        System.arraycopy(data, position, out, 0, count);
        position += count;
        return out;
    }

    /** Skips {@code count} bytes. */
    public void skip(int count) throws WireFormatException {
        need(count, "skip");
        position += count;
    }

    /** Reads the length of a {@code string} and checks that its body is present. */
    private int stringLength() throws WireFormatException {
        int length = readUint32();
        need(length, "string");
        return length;
    }

    /** Reads a {@code string} as bytes. */
    public byte[] readString() throws WireFormatException {
        int length = stringLength();
        return readBytes(length);
    }

    /** Reads a {@code string} holding UTF-8 text (RFC 4251 section 5: ISO-10646 UTF-8). */
    public String readUtf8() throws WireFormatException {
        int length = stringLength();
        String text = new String(data, position, length, StandardCharsets.UTF_8);
        position += length;
        return text;
    }

    /** Reads an {@code mpint} (two's complement, big-endian, no needless leading bytes are demanded). */
    public BigInteger readMpint() throws WireFormatException {
        int length = stringLength();
        if (length == 0) {
            return BigInteger.ZERO;
        }
        BigInteger value = new BigInteger(data, position, length);
        position += length;
        return value;
    }

    /** Reads an mpint that must be positive (a key or group element). */
    public BigInteger readPositiveMpint() throws WireFormatException {
        BigInteger value = readMpint();
        if (value.signum() <= 0) {
            throw new WireFormatException("mpint must be positive");
        }
        return value;
    }

    /**
     * Reads a {@code name-list}: comma-separated US-ASCII names, none empty, none with a comma
     * (RFC 4251 section 5).
     */
    public List<String> readNameList() throws WireFormatException {
        int length = stringLength();
        List<String> names = new ArrayList<>();
        if (length == 0) {
            return names;
        }
        int start = position;
        int end = position + length;
        for (int i = position; i <= end; i++) {
            if (i == end || data[i] == ',') {
                if (i == start) {
                    throw new WireFormatException("empty name in name-list");
                }
                names.add(new String(data, start, i - start, StandardCharsets.US_ASCII));
                start = i + 1;
            } else if (data[i] <= 32 || data[i] >= 127) {
                throw new WireFormatException("name-list holds a non-printable or non-ASCII byte");
            }
        }
        position = end;
        return names;
    }

    /** Reads the rest of the data. */
    public byte[] readRemaining() {
        byte[] out = new byte[remaining()];
        System.arraycopy(data, position, out, 0, out.length);
        position = limit;
        return out;
    }

    /** Fails unless everything has been read, to reject trailing garbage in fixed structures. */
    public void expectEnd(String what) throws WireFormatException {
        if (position != limit) {
            throw new WireFormatException(what + " has " + (limit - position) + " trailing bytes");
        }
    }
}
