// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * A file read again only when it changed: edits to {@code authorized_keys} or
 * {@code users.properties} apply to the next login, as with OpenSSH, without every connection
 * paying to read and parse them (decoding each listed key costs more than the rest of a login's
 * bookkeeping). A change is a different modification time, size or file identity (an editor that
 * writes a new file and renames it over the old one changes the inode), so one stat per use.
 *
 * @param <T> what the file parses to
 */
final class ReloadingFile<T> {
    /** Reads the file; a missing file is the parser's to handle. */
    @FunctionalInterface
    interface Parser<T> {
        T parse(Path file) throws IOException;
    }

    private record Stamp(Object fileKey, FileTime modified, long size) {}

    private final Path file;
    private final Parser<T> parser;
    private Stamp stamp;
    private T value;

    ReloadingFile(Path file, Parser<T> parser) {
        this.file = file;
        this.parser = parser;
    }

    /** The parsed content, re-read if the file changed since the last call. */
    synchronized T get() throws IOException {
        Stamp now = stamp();
        if (value == null || now == null || !Objects.equals(now, stamp)) {
            value = parser.parse(file);
            stamp = now;
        }
        return value;
    }

    /** As {@link #get()}, for a {@link java.util.function.Supplier}. */
    T current() {
        try {
            return get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Stamp stamp() throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size());
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
