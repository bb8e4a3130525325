// SPDX-License-Identifier: Apache-2.0
package org.amiko;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The addresses a TCP/IP forwarding channel carries (RFC 4254 section 7): for
 * {@code direct-tcpip} (7.2) the host and port to connect to, for {@code forwarded-tcpip} (7.2)
 * the address and port that were connected; for both, the address and port the connection came
 * from.
 *
 * @param host the host to connect to, or the address that was connected
 * @param port its port
 * @param originatorAddress the originator's IP address
 * @param originatorPort the originator's port
 */
public record TcpipAddresses(String host, int port, String originatorAddress, int originatorPort) {
    /** The channel type for connections the client asks the server to make (RFC 4254 section 7.2). */
    public static final String DIRECT_TCPIP = "direct-tcpip";
    /** The channel type for connections to a port the server listens on for the client (section 7.2). */
    public static final String FORWARDED_TCPIP = "forwarded-tcpip";
    /** The global request that asks the server to listen for the client (RFC 4254 section 7.1). */
    public static final String TCPIP_FORWARD = "tcpip-forward";
    /** The global request that ends a {@link #TCPIP_FORWARD} (RFC 4254 section 7.1). */
    public static final String CANCEL_TCPIP_FORWARD = "cancel-tcpip-forward";
    /** Longer names than a DNS name (253) or an address are refused when read. */
    private static final int MAX_NAME = 1024;

    public TcpipAddresses {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(originatorAddress, "originatorAddress");
        checkPort(port, "port");
        checkPort(originatorPort, "originatorPort");
    }

    private static void checkPort(int port, String what) {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException(what + " out of range: " + port);
        }
    }

    /** The bytes that follow the window and packet sizes in {@code SSH_MSG_CHANNEL_OPEN}. */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 + host.length() + originatorAddress.length());
        writeString(out, host);
        writeUint32(out, port);
        writeString(out, originatorAddress);
        writeUint32(out, originatorPort);
        return out.toByteArray();
    }

    /**
     * Reads the type-specific data of a {@code direct-tcpip} or {@code forwarded-tcpip} open.
     *
     * @throws IllegalArgumentException if the data is cut short, has bytes left over, a name over
     *     1024 bytes, or a port outside 0-65535
     */
    public static TcpipAddresses decode(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data);
        try {
            TcpipAddresses addresses = new TcpipAddresses(readString(in, MAX_NAME, "address"), readPort(in),
                    readString(in, MAX_NAME, "address"), readPort(in));
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes after the addresses");
            }
            return addresses;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("addresses cut short");
        }
    }

    /**
     * A UTF-8 string of at most {@code max} bytes, its length checked against the limit and what
     * is left before anything is allocated.
     *
     * @throws IllegalArgumentException naming {@code what} when the length is out of bounds
     * @throws BufferUnderflowException when not even the length is there
     */
    static String readString(ByteBuffer in, int max, String what) {
        int length = in.getInt();
        if (length < 0 || length > max || length > in.remaining()) {
            throw new IllegalArgumentException(what + " of " + Integer.toUnsignedString(length) + " bytes");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static int readPort(ByteBuffer in) {
        int port = in.getInt();
        checkPort(port, "port");
        return port;
    }

    /**
     * {@code string address, uint32 port}: the data of a {@link #TCPIP_FORWARD} or
     * {@link #CANCEL_TCPIP_FORWARD} request (RFC 4254 section 7.1) and of an {@code x11} channel
     * open, which names the originator so (section 6.3.2).
     */
    static byte[] addressAndPort(String address, int port) {
        checkPort(port, "port");
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + address.length());
        writeString(out, address);
        writeUint32(out, port);
        return out.toByteArray();
    }

    static void writeString(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        writeUint32(out, bytes.length);
        out.writeBytes(bytes);
    }

    static void writeUint32(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }
}
