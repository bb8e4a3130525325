// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.scp;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The byte conventions of the rcp/SCP protocol both directions share: control lines ending in a
 * newline, and the one-byte responses {@code \0} (ok), {@code \1} message (error, go on) and
 * {@code \2} message (fatal). Lines are bounded, so a peer cannot make us buffer without end.
 */
final class ScpStream {
    /** OpenSSH's sink reads control lines into 2048 bytes; names may be longer on the way out. */
    static final int MAX_LINE = 8192;

    private final InputStream in;
    private final OutputStream out;
    private int errors;

    ScpStream(InputStream in, OutputStream out) {
        this.in = in;
        this.out = new BufferedOutputStream(out, 32 * 1024);
    }

    /** A fatal protocol failure: the transfer cannot go on. */
    static final class Fatal extends IOException {
        private static final long serialVersionUID = 1L;

        Fatal(String message) {
            super(message);
        }
    }

    int errors() {
        return errors;
    }

    void ok() throws IOException {
        out.write(0);
        out.flush();
    }

    /** Reports an error the peer shows, as OpenSSH's {@code run_err}, and counts it. */
    void error(String message) throws IOException {
        errors++;
        out.write(1);
        out.write(("scp: " + message.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** A fatal error: reported, then the transfer ends. */
    Fatal fatal(String message) throws IOException {
        errors++;
        try {
            out.write(2);
            out.write(("scp: " + message.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // the peer is gone; the transfer ends either way
        }
        return new Fatal(message);
    }

    /** Sends a control line (without its newline). */
    void line(String text) throws IOException {
        out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    void write(byte[] data, int offset, int length) throws IOException {
        out.write(data, offset, length);
    }

    void flush() throws IOException {
        out.flush();
    }

    /**
     * Reads the peer's response to what we sent.
     *
     * @return true for ok, false for an error the peer reported (counted)
     * @throws Fatal for a fatal error or the end of the stream
     */
    boolean response() throws IOException {
        int code = in.read();
        if (code == 0) {
            return true;
        }
        if (code == 1 || code == 2) {
            String message = readLine(-1);
            errors++;
            if (code == 2) {
                throw new Fatal(message == null ? "fatal error from the peer" : message);
            }
            return false;
        }
        throw new Fatal(code < 0 ? "lost connection" : "protocol error: unexpected response byte " + code);
    }

    /**
     * Reads a line, {@code first} being its first byte when already read (or -1).
     *
     * @return the line without its newline, or null at the end of the stream before any byte
     */
    String readLine(int first) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b = first >= 0 ? first : in.read();
        if (b < 0) {
            return null;
        }
        while (b != '\n') {
            if (b < 0) {
                throw new Fatal("lost connection");
            }
            if (line.size() >= MAX_LINE) {
                throw fatal("protocol error: control line too long");
            }
            line.write(b);
            b = in.read();
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    int read() throws IOException {
        return in.read();
    }

    /** Reads exactly {@code length} bytes. */
    void readFully(byte[] buffer, int length) throws IOException {
        int done = in.readNBytes(buffer, 0, length);
        if (done < length) {
            throw new EOFException("lost connection");
        }
    }
}
