// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** What a channel printed so far, read as far as a test waits for. */
final class ChannelOutput {
    private final InputStream in;
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

    ChannelOutput(InputStream in) {
        this.in = in;
    }

    /** Reads until {@code text} has been printed; the test's timeout ends a wait for what never comes. */
    void await(String text) throws IOException {
        while (!text().contains(text)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("ended before " + text + ": " + text());
            }
            seen.write(b);
        }
    }

    /** Reads until {@code text} has been printed {@code times} times in all. */
    void await(String text, int times) throws IOException {
        while (text().split(java.util.regex.Pattern.quote(text), -1).length - 1 < times) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("ended before " + text + " came " + times + " times: " + text());
            }
            seen.write(b);
        }
    }

    /** Reads to the end. */
    void rest() throws IOException {
        seen.write(in.readAllBytes());
    }

    String text() {
        return seen.toString(StandardCharsets.UTF_8);
    }
}
