// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.amiko.DisconnectException;
import org.amiko.DisconnectReason;
import org.amiko.spi.wire.PeerText;

/**
 * The protocol version exchange (RFC 4253 section 4.2). Reads the peer's identification line
 * {@code SSH-2.0-softwareversion SP comments CR LF}. A client accepts other lines before it, as the
 * RFC allows servers to send them, but only a bounded number of bounded length; a server accepts
 * none, as OpenSSH does. {@code SSH-1.99} is read as 2.0.
 */
final class VersionExchange {
    /** RFC 4253 section 4.2: at most 255 characters including CR LF. */
    static final int MAX_VERSION_LINE = 255;
    /** Longest non-version line a server may send first. */
    static final int MAX_OTHER_LINE = 1024;
    /** How many such lines are tolerated. */
    static final int MAX_OTHER_LINES = 64;

    private final boolean acceptOtherLines;
    private final byte[] line = new byte[MAX_OTHER_LINE + 2];
    private int lineLength;
    private int otherLines;
    private String remoteVersion;

    VersionExchange(boolean acceptOtherLines) {
        this.acceptOtherLines = acceptOtherLines;
    }

    /** The identification line to send, with CR LF. */
    static byte[] identification(String softwareVersion) {
        return ("SSH-2.0-" + softwareVersion + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The peer's identification line without CR LF, once read. */
    String remoteVersion() {
        return remoteVersion;
    }

    /**
     * Consumes bytes up to and including the peer's version line; leaves the rest in {@code input}.
     *
     * @return true once the version line has been read
     */
    boolean read(ByteBuffer input) throws DisconnectException {
        while (remoteVersion == null && input.hasRemaining()) {
            byte b = input.get();
            if (b == '\n') {
                endOfLine();
                continue;
            }
            if (lineLength == line.length) {
                throw new DisconnectException(DisconnectReason.PROTOCOL_ERROR,
                        "identification line too long", true);
            }
            line[lineLength++] = b;
            if (startsWithSsh() && lineLength > MAX_VERSION_LINE) {
                throw new DisconnectException(DisconnectReason.PROTOCOL_ERROR,
                        "version line longer than " + MAX_VERSION_LINE + " bytes", true);
            }
            if (!acceptOtherLines && lineLength >= 4 && !startsWithSsh()) {
                throw new DisconnectException(DisconnectReason.PROTOCOL_ERROR,
                        "not an SSH client (protocol mismatch)", true);
            }
        }
        return remoteVersion != null;
    }

    private boolean startsWithSsh() {
        return lineLength >= 4 && line[0] == 'S' && line[1] == 'S' && line[2] == 'H' && line[3] == '-';
    }

    private void endOfLine() throws DisconnectException {
        int length = lineLength;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        lineLength = 0;
        String text = new String(line, 0, length, StandardCharsets.ISO_8859_1);
        if (text.startsWith("SSH-")) {
            if (!text.startsWith("SSH-2.0-") && !text.startsWith("SSH-1.99-")) {
                throw new DisconnectException(DisconnectReason.PROTOCOL_VERSION_NOT_SUPPORTED,
                        "unsupported protocol version: " + printable(text), true);
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < 32 || c > 126) {
                    throw new DisconnectException(DisconnectReason.PROTOCOL_ERROR,
                            "version line holds a control or non-ASCII character", true);
                }
            }
            remoteVersion = text;
            return;
        }
        if (!acceptOtherLines) {
            throw new DisconnectException(DisconnectReason.PROTOCOL_ERROR, "not an SSH client (protocol mismatch)", true);
        }
        if (++otherLines > MAX_OTHER_LINES) {
            throw new DisconnectException(DisconnectReason.PROTOCOL_ERROR,
                    "more than " + MAX_OTHER_LINES + " lines before the version line", true);
        }
    }

    private static String printable(String text) {
        return PeerText.printable(text, 80);
    }
}
