// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingFileTest {
    @TempDir
    Path dir;

    private final AtomicInteger reads = new AtomicInteger();

    private ReloadingFile<String> reloading(Path file) {
        return new ReloadingFile<>(file, path -> {
            reads.incrementAndGet();
            return Files.exists(path) ? Files.readString(path) : "";
        });
    }

    @Test
    void unchangedFileIsParsedOnce() throws Exception {
        Path file = Files.writeString(dir.resolve("keys"), "one");
        ReloadingFile<String> keys = reloading(file);
        String first = keys.get();
        assertSame(first, keys.get());
        assertEquals(1, reads.get());
    }

    @Test
    void editInPlaceIsSeenByTheNextCall() throws Exception {
        Path file = Files.writeString(dir.resolve("keys"), "one");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        ReloadingFile<String> keys = reloading(file);
        assertEquals("one", keys.get());
        // same size, new time: what an editor saving in place does
        Files.writeString(file, "two");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:01Z")));
        assertEquals("two", keys.get());
    }

    @Test
    void replacementByRenameIsSeenEvenWithTheSameTimeAndSize() throws Exception {
        Path file = Files.writeString(dir.resolve("keys"), "one");
        FileTime time = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
        Files.setLastModifiedTime(file, time);
        ReloadingFile<String> keys = reloading(file);
        assertEquals("one", keys.get());
        Path replacement = Files.writeString(dir.resolve("keys.new"), "two");
        Files.setLastModifiedTime(replacement, time);
        Files.move(replacement, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertEquals("two", keys.get());
    }

    @Test
    void fileThatAppearsLaterIsRead() throws Exception {
        Path file = dir.resolve("keys");
        ReloadingFile<String> keys = reloading(file);
        assertEquals("", keys.get());
        Files.writeString(file, "new");
        assertEquals("new", keys.get());
    }
}
