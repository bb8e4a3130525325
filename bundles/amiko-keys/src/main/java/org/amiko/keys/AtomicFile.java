// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Replaces a file's contents in one step: the bytes go to a temporary file in the same directory,
 * created with the final permissions before any byte is written, forced to disk and moved over the
 * target. A reader sees the old file or the new one, never a partial or wider-readable one, and a
 * failure at any point leaves the old file as it was.
 */
final class AtomicFile {
    private AtomicFile() {
    }

    /**
     * Writes {@code bytes} to {@code path}. A symbolic link is followed, so the file it names is
     * replaced and the link stays. Anything but a regular file there is refused.
     *
     * @param permissions the mode of the new file (ignored where the file system has no POSIX modes)
     */
    static void write(Path path, byte[] bytes, Set<PosixFilePermission> permissions) throws IOException {
        Path target = Files.exists(path) ? path.toRealPath() : path.toAbsolutePath();
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            // renaming over /dev/null, a FIFO or a directory would replace it, as root even a device
            throw new IOException(path + " is not a regular file; it is not replaced");
        }
        Path directory = target.getParent();
        boolean posix = target.getFileSystem().supportedFileAttributeViews().contains("posix");
        String prefix = "." + target.getFileName() + ".";
        Path temporary = posix
                ? Files.createTempFile(directory, prefix, ".tmp", PosixFilePermissions.asFileAttribute(permissions))
                : Files.createTempFile(directory, prefix, ".tmp");
        try {
            if (posix) {
                // The creation attribute is subject to the umask, which can only remove bits; setting
                // it again makes the mode exactly what was asked whatever the file system did.
                Files.setPosixFilePermissions(temporary, permissions);
            }
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }
}
