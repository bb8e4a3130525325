// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The start of a forwarded X11 connection, the client's connection setup (X Window System
 * Protocol, "Connection Setup"): byte order, protocol version, then the authorization's name and
 * data, each padded to four bytes. The X client on the server side presents the fake cookie that
 * went out in the {@code x11-req}; the real one never leaves this machine. So, as ssh's
 * {@code x11_open_helper} does, the setup is checked against the fake and passed on to the local
 * display with the real cookie in its place; a connection presenting anything else is refused.
 */
final class X11ConnectionSetup {
    /** The fixed part: byte order, unused, major, minor, name length, data length, unused. */
    private static final int FIXED = 12;

    private X11ConnectionSetup() {}

    /**
     * Reads the setup from {@code in} and returns it with {@code real}'s data in place of
     * {@code fake}'s, to send to the display.
     *
     * @throws IOException if the stream ends first, or the setup is malformed or does not present
     *     {@code fake} (its name and data, compared in constant time)
     */
    static byte[] authorize(InputStream in, X11Authorization fake, X11Authorization real) throws IOException {
        byte[] fixed = readFully(in, FIXED);
        ByteOrder order = switch (fixed[0]) {
            case 'B' -> ByteOrder.BIG_ENDIAN;
            case 'l' -> ByteOrder.LITTLE_ENDIAN;
            default -> throw new IOException("not an X11 connection setup");
        };
        ByteBuffer header = ByteBuffer.wrap(fixed).order(order);
        // both lengths are 16 bits: at most 128 KiB is read, whatever the client says
        int nameLength = Short.toUnsignedInt(header.getShort(6));
        int dataLength = Short.toUnsignedInt(header.getShort(8));
        byte[] name = readFully(in, padded(nameLength));
        byte[] data = readFully(in, padded(dataLength));
        byte[] fakeName = fake.protocol().getBytes(StandardCharsets.US_ASCII);
        // & rather than &&: both comparisons are made, so the time taken does not say which failed
        boolean presented = nameLength == fakeName.length & dataLength == fake.data().length;
        presented &= MessageDigest.isEqual(slice(name, nameLength), fakeName)
                & MessageDigest.isEqual(slice(data, dataLength), fake.data());
        if (!presented) {
            throw new IOException("X11 connection without the forwarding's authorization refused");
        }
        byte[] realData = real.data();
        byte[] realName = real.protocol().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer setup = ByteBuffer.allocate(FIXED + padded(realName.length) + padded(realData.length)).order(order);
        setup.put(fixed, 0, 6).putShort((short) realName.length).putShort((short) realData.length).putShort((short) 0);
        setup.put(realName).position(FIXED + padded(realName.length));
        setup.put(realData);
        return setup.array();
    }

    private static int padded(int length) {
        return (length + 3) & ~3;
    }

    private static byte[] slice(byte[] bytes, int length) {
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }

    private static byte[] readFully(InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException("the X11 connection ended within its setup");
        }
        return bytes;
    }
}
