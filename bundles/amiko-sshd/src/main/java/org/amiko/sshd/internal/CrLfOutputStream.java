// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Turns LF into CR LF, as a terminal in raw mode needs (a pty's ONLCR done by hand). */
final class CrLfOutputStream extends FilterOutputStream {
    private int last;

    CrLfOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        if (b == '\n' && last != '\r') {
            out.write('\r');
        }
        out.write(b);
        last = b;
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (data[i] == '\n' && (i > offset ? data[i - 1] : last) != '\r') {
                out.write(data, start, i - start);
                out.write('\r');
                start = i;
            }
        }
        out.write(data, start, end - start);
        if (length > 0) {
            last = data[end - 1];
        }
    }
}
