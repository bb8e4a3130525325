// SPDX-License-Identifier: Apache-2.0
package org.amiko;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * OpenSSH's Unix domain socket forwarding (PROTOCOL section 2.4, {@code ssh -L port:/path} and
 * {@code ssh -R /path:host:port}): the channel types and global requests, which carry a socket
 * path where TCP/IP forwarding carries a host and port.
 */
public final class StreamLocal {
    /** A connection the client asks the server to make to a socket path. */
    public static final String DIRECT = "direct-streamlocal@openssh.com";
    /** A connection to a socket the server listens on for the client. */
    public static final String FORWARDED = "forwarded-streamlocal@openssh.com";
    /** The global request that asks the server to listen on a socket path. */
    public static final String FORWARD = "streamlocal-forward@openssh.com";
    /** The global request that ends a {@link #FORWARD}. */
    public static final String CANCEL_FORWARD = "cancel-streamlocal-forward@openssh.com";
    /** Longer than any path a Unix domain socket can have (108 bytes on Linux). */
    private static final int MAX_PATH = 4096;

    private StreamLocal() {}

    /** The data of a {@link #DIRECT} open: the path, then a reserved string and uint32. */
    public static byte[] directOpen(String path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + path.length());
        TcpipAddresses.writeString(out, path);
        TcpipAddresses.writeString(out, "");
        TcpipAddresses.writeUint32(out, 0);
        return out.toByteArray();
    }

    /** The data of a {@link #FORWARDED} open: the path listened on, then a reserved string. */
    public static byte[] forwardedOpen(String path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + path.length());
        TcpipAddresses.writeString(out, path);
        TcpipAddresses.writeString(out, "");
        return out.toByteArray();
    }

    /** The data of a {@link #FORWARD} or {@link #CANCEL_FORWARD} request. */
    public static byte[] forwardRequest(String path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8 + path.length());
        TcpipAddresses.writeString(out, path);
        return out.toByteArray();
    }

    /**
     * The socket path that starts any of these messages' data; what follows it is reserved and
     * not read.
     *
     * @throws IllegalArgumentException if the data is cut short, or the path empty or over 4096 bytes
     */
    public static String path(byte[] data) {
        try {
            String path = TcpipAddresses.readString(ByteBuffer.wrap(data), MAX_PATH, "socket path");
            if (path.isEmpty()) {
                throw new IllegalArgumentException("empty socket path");
            }
            return path;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("socket path cut short");
        }
    }
}
