// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.amiko.OpenChannelResult;

/**
 * The server side of a SOCKS handshake, as {@code ssh -D} speaks it: SOCKS5 (RFC 1928) without
 * authentication, and SOCKS4 with its 4a extension for names, CONNECT only. It reads where the
 * client wants to go; the caller opens the channel there and answers with {@link #succeeded} or
 * {@link #failed}. Every length is bounded by the format (a name of at most 255 bytes, a SOCKS4
 * user id of at most {@value #MAX_USER_ID}), so a client cannot make it read without end.
 */
final class SocksHandshake {
    private static final int SOCKS4 = 4;
    private static final int SOCKS5 = 5;
    private static final int CONNECT = 1;
    private static final int NO_AUTHENTICATION = 0;
    private static final int NO_ACCEPTABLE_METHOD = 0xFF;
    private static final int ATYP_IPV4 = 1;
    private static final int ATYP_NAME = 3;
    private static final int ATYP_IPV6 = 4;
    /** SOCKS5 reply codes (RFC 1928 section 6). */
    private static final int GENERAL_FAILURE = 1;
    private static final int NOT_ALLOWED = 2;
    private static final int CONNECTION_REFUSED = 5;
    private static final int COMMAND_NOT_SUPPORTED = 7;
    private static final int ADDRESS_TYPE_NOT_SUPPORTED = 8;
    /** SOCKS4 reply codes. */
    private static final int SOCKS4_GRANTED = 90;
    private static final int SOCKS4_REJECTED = 91;
    static final int MAX_USER_ID = 255;

    private final int version;
    private final String host;
    private final int port;
    private final OutputStream out;

    private SocksHandshake(int version, String host, int port, OutputStream out) {
        this.version = version;
        this.host = host;
        this.port = port;
        this.out = out;
    }

    /** The host the client asked for: a name or an address literal. */
    String host() {
        return host;
    }

    int port() {
        return port;
    }

    /**
     * Reads the client's greeting and request.
     *
     * @throws SocksException if the client asks for something not served (it has been answered)
     * @throws IOException if the client goes away or sends what no SOCKS version allows
     */
    static SocksHandshake read(InputStream input, OutputStream out) throws IOException {
        DataInputStream in = new DataInputStream(input);
        int version = in.readUnsignedByte();
        if (version == SOCKS5) {
            return readSocks5(in, out);
        }
        if (version == SOCKS4) {
            return readSocks4(in, out);
        }
        throw new SocksException("SOCKS version " + version + " is not spoken");
    }

    private static SocksHandshake readSocks5(DataInputStream in, OutputStream out) throws IOException {
        byte[] methods = new byte[in.readUnsignedByte()];
        in.readFully(methods);
        boolean offered = false;
        for (byte method : methods) {
            offered |= method == NO_AUTHENTICATION;
        }
        out.write(new byte[] {SOCKS5, (byte) (offered ? NO_AUTHENTICATION : NO_ACCEPTABLE_METHOD)});
        out.flush();
        if (!offered) {
            throw new SocksException("the client offers no SOCKS5 method without authentication");
        }
        if (in.readUnsignedByte() != SOCKS5) {
            throw new SocksException("a SOCKS5 request of another version");
        }
        int command = in.readUnsignedByte();
        in.readUnsignedByte(); // reserved
        int addressType = in.readUnsignedByte();
        String host;
        switch (addressType) {
            case ATYP_IPV4 -> host = InetAddress.getByAddress(readBytes(in, 4)).getHostAddress();
            case ATYP_IPV6 -> host = InetAddress.getByAddress(readBytes(in, 16)).getHostAddress();
            case ATYP_NAME -> host = new String(readBytes(in, in.readUnsignedByte()), StandardCharsets.US_ASCII);
            default -> {
                socks5Reply(out, ADDRESS_TYPE_NOT_SUPPORTED);
                throw new SocksException("SOCKS5 address type " + addressType);
            }
        }
        int port = in.readUnsignedShort();
        SocksHandshake handshake = new SocksHandshake(SOCKS5, host, port, out);
        if (command != CONNECT) {
            socks5Reply(out, COMMAND_NOT_SUPPORTED);
            throw new SocksException("SOCKS5 command " + command + " (only CONNECT is served)");
        }
        return handshake;
    }

    private static SocksHandshake readSocks4(DataInputStream in, OutputStream out) throws IOException {
        int command = in.readUnsignedByte();
        int port = in.readUnsignedShort();
        byte[] address = readBytes(in, 4);
        readNulTerminated(in); // the user id, which nothing here checks
        String host;
        // SOCKS4a: an address 0.0.0.x with x > 0 means a name follows
        if (address[0] == 0 && address[1] == 0 && address[2] == 0 && address[3] != 0) {
            host = readNulTerminated(in);
        } else {
            host = InetAddress.getByAddress(address).getHostAddress();
        }
        SocksHandshake handshake = new SocksHandshake(SOCKS4, host, port, out);
        if (command != CONNECT) {
            handshake.failed(OpenChannelResult.ADMINISTRATIVELY_PROHIBITED);
            throw new SocksException("SOCKS4 command " + command + " (only CONNECT is served)");
        }
        return handshake;
    }

    /** Tells the client its connection is made; its data follows. */
    void succeeded() throws IOException {
        if (version == SOCKS5) {
            socks5Reply(out, 0);
        } else {
            socks4Reply(SOCKS4_GRANTED);
        }
    }

    /** Tells the client its connection was refused, with the reason nearest to {@code reason}. */
    void failed(OpenChannelResult reason) throws IOException {
        if (version == SOCKS4) {
            socks4Reply(SOCKS4_REJECTED);
            return;
        }
        socks5Reply(out, switch (reason) {
            case ADMINISTRATIVELY_PROHIBITED -> NOT_ALLOWED;
            case CONNECT_FAILED -> CONNECTION_REFUSED;
            default -> GENERAL_FAILURE;
        });
    }

    /** A reply whose bound address is 0.0.0.0:0: the server's end of the channel has no address here. */
    private static void socks5Reply(OutputStream out, int code) throws IOException {
        out.write(new byte[] {SOCKS5, (byte) code, 0, ATYP_IPV4, 0, 0, 0, 0, 0, 0});
        out.flush();
    }

    private void socks4Reply(int code) throws IOException {
        out.write(new byte[] {0, (byte) code, 0, 0, 0, 0, 0, 0});
        out.flush();
    }

    private static byte[] readBytes(DataInputStream in, int count) throws IOException {
        byte[] bytes = new byte[count];
        in.readFully(bytes);
        return bytes;
    }

    private static String readNulTerminated(DataInputStream in) throws IOException {
        byte[] text = new byte[MAX_USER_ID];
        for (int length = 0; length < text.length; length++) {
            int next = in.read();
            if (next < 0) {
                throw new EOFException("SOCKS4 request cut short");
            }
            if (next == 0) {
                return new String(text, 0, length, StandardCharsets.US_ASCII);
            }
            text[length] = (byte) next;
        }
        throw new SocksException("SOCKS4 string over " + MAX_USER_ID + " bytes");
    }

    /** A request this side does not serve, already answered where SOCKS has an answer for it. */
    static final class SocksException extends IOException {
        private static final long serialVersionUID = 1L;

        SocksException(String message) {
            super(message);
        }
    }
}
