// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The {@code banner} setting's file, as sshd's {@code Banner}: its text is sent to every client
 * before it authenticates (RFC 4252 section 5.4), a legal notice as a rule. Read through
 * {@link ReloadingFile}, so an edit shows from the next connection on. A file that is missing or
 * empty shows nothing; more than {@link #MAX_BYTES} are cut there, since every connection,
 * authenticated or not, gets it.
 */
final class Banner {
    /** A screenful many times over; OpenSSH sets no limit, but nothing sent unasked should be unbounded. */
    static final int MAX_BYTES = 64 * 1024;

    private Banner() {}

    /** The file's text, up to {@link #MAX_BYTES} (decoded as UTF-8); empty when it is missing. */
    static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            // a multi-byte character cut at the limit decodes as a replacement character, harmlessly
            return new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        }
    }
}
