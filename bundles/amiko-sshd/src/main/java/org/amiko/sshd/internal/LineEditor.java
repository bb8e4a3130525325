// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads command lines from a session channel. With a pty the client sends raw keystrokes, so this
 * echoes them and handles backspace, Ctrl-C (drop the line), Ctrl-U (erase it) and Ctrl-D (end on
 * an empty line); without one, lines simply end at LF.
 */
final class LineEditor {
    /** Longest line kept; more is dropped rather than held in memory. */
    private static final int MAX_LINE = 64 * 1024;

    private final InputStream in;
    private final OutputStream echo;
    private final boolean terminal;

    LineEditor(InputStream in, OutputStream echo, boolean terminal) {
        this.in = in;
        this.echo = echo;
        this.terminal = terminal;
    }

    /** The next line without its terminator, or null at end of input. */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return line.size() > 0 ? line.toString(StandardCharsets.UTF_8) : null;
            }
            if (!terminal) {
                if (b == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                if (b != '\r' && line.size() < MAX_LINE) {
                    line.write(b);
                }
                continue;
            }
            switch (b) {
                case '\r', '\n' -> {
                    echo("\r\n");
                    return line.toString(StandardCharsets.UTF_8);
                }
                case 3 -> {
                    echo("^C\r\n");
                    return "";
                }
                case 4 -> {
                    if (line.size() == 0) {
                        echo("\r\n");
                        return null;
                    }
                }
                case 21 -> {
                    for (int i = 0; i < line.size(); i++) {
                        echo("\b \b");
                    }
                    line.reset();
                }
                case 8, 127 -> {
                    if (line.size() > 0) {
                        byte[] kept = line.toByteArray();
                        int cut = kept.length - 1;
                        // drop a whole UTF-8 sequence, not just its last byte
                        while (cut > 0 && (kept[cut] & 0xc0) == 0x80) {
                            cut--;
                        }
                        line.reset();
                        line.write(kept, 0, cut);
                        echo("\b \b");
                    }
                }
                default -> {
                    if ((b >= 32 || b == '\t') && line.size() < MAX_LINE) {
                        line.write(b);
                        echo.write(b);
                        echo.flush();
                    }
                }
            }
        }
    }

    private void echo(String text) throws IOException {
        echo.write(text.getBytes(StandardCharsets.US_ASCII));
        echo.flush();
    }
}
