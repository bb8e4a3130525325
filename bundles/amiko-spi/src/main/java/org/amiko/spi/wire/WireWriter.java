// SPDX-License-Identifier: Apache-2.0
package org.amiko.spi.wire;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Writes the SSH data types of RFC 4251 section 5 into a growing byte array. */
public final class WireWriter {
    private byte[] buffer;
    private int size;

    public WireWriter() {
        this(64);
    }

    public WireWriter(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int more) {
        if (more > buffer.length - size) {
            int wanted = Math.max(buffer.length * 2, size + more);
            byte[] old = buffer;
            buffer = Arrays.copyOf(old, wanted);
            // what was written may be secret (a private key, K): wipe() only reaches the new array
            Arrays.fill(old, 0, size, (byte) 0);
        }
    }

    public WireWriter writeByte(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    public WireWriter writeBoolean(boolean value) {
        return writeByte(value ? 1 : 0);
    }

    public WireWriter writeUint32(int value) {
        ensure(4);
        buffer[size] = (byte) (value >>> 24);
        buffer[size + 1] = (byte) (value >>> 16);
        buffer[size + 2] = (byte) (value >>> 8);
        buffer[size + 3] = (byte) value;
        size += 4;
        return this;
    }

    public WireWriter writeUint64(long value) {
        writeUint32((int) (value >>> 32));
        return writeUint32((int) value);
    }

    /** Writes raw bytes, without a length. */
    public WireWriter writeBytes(byte[] data) {
        return writeBytes(data, 0, data.length);
    }

    /** Writes raw bytes, without a length. */
    public WireWriter writeBytes(byte[] data, int offset, int length) {
        ensure(length);
        System.arraycopy(data, offset, buffer, size, length);
        size += length;
        return this;
    }

    /** Writes a {@code string}: uint32 length, then the bytes. */
    public WireWriter writeString(byte[] data) {
        return writeString(data, 0, data.length);
    }

    public WireWriter writeString(byte[] data, int offset, int length) {
        writeUint32(length);
        return writeBytes(data, offset, length);
    }

    /** Writes a {@code string} of UTF-8 text. */
    public WireWriter writeString(String text) {
        return writeString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes an {@code mpint} in its minimal two's complement form. */
    public WireWriter writeMpint(BigInteger value) {
        if (value.signum() == 0) {
            return writeUint32(0);
        }
        return writeString(value.toByteArray());
    }

    /**
     * Writes an unsigned big-endian magnitude as an {@code mpint}: leading zero bytes dropped, one
     * zero byte added when the top bit is set (as for a Diffie-Hellman shared secret).
     */
    public WireWriter writeUnsignedMpint(byte[] magnitude) {
        int start = 0;
        while (start < magnitude.length && magnitude[start] == 0) {
            start++;
        }
        int length = magnitude.length - start;
        if (length == 0) {
            return writeUint32(0);
        }
        boolean pad = (magnitude[start] & 0x80) != 0;
        writeUint32(length + (pad ? 1 : 0));
        if (pad) {
            writeByte(0);
        }
        return writeBytes(magnitude, start, length);
    }

    /** Writes a {@code name-list}. */
    public WireWriter writeNameList(List<String> names) {
        return writeString(String.join(",", names).getBytes(StandardCharsets.US_ASCII));
    }

    /** Bytes written so far. */
    public int size() {
        return size;
    }

    /** A copy of what was written. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    /** Overwrites the written bytes with zeros and empties the writer, for buffers that held secrets. */
    public void wipe() {
        Arrays.fill(buffer, 0, size, (byte) 0);
        size = 0;
    }
}
