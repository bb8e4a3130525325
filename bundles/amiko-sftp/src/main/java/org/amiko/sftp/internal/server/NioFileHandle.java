// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.amiko.sftp.SftpAttributes;
import org.amiko.sftp.SftpException;
import org.amiko.sftp.SftpStatus;
import org.amiko.sftp.SftpStatVfs;
import org.amiko.sftp.server.SftpFileHandle;

/** An open host file of the rooted file system, on a {@link FileChannel}. */
public final class NioFileHandle implements SftpFileHandle {
    private final FileChannel channel;
    private final Path path;
    private final String clientPath;
    private final boolean append;
    private final boolean readOnly;
    /** What identifies the file the channel was opened on (device and inode on Unix), or null where none. */
    private final Object fileKey;

    /**
     * @param path the real host path the channel was opened on
     * @param clientPath the path as the client named it, for messages
     */
    public NioFileHandle(FileChannel channel, Path path, String clientPath, boolean append, boolean readOnly) {
        this.channel = channel;
        this.path = path;
        this.clientPath = clientPath;
        this.append = append;
        this.readOnly = readOnly;
        this.fileKey = fileKey(path);
    }

    private static Object fileKey(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Whether the path still names the open file. Java has no fstat or fchmod for a channel, so the
     * attributes go by path; once the file is renamed or removed, the path names another file or none.
     * Where the file system has no file keys (Windows), the path is taken at its word, as before.
     */
    private boolean pathStillNamesTheFile() {
        return fileKey == null || fileKey.equals(fileKey(path));
    }

    @Override
    public int read(long offset, ByteBuffer target) throws IOException {
        int total = 0;
        try {
            while (target.hasRemaining()) {
                int count = channel.read(target, offset + total);
                if (count < 0) {
                    return total == 0 ? -1 : total;
                }
                total += count;
            }
        } catch (IOException | RuntimeException e) {
            throw StatusMapping.of(e, clientPath);
        }
        return total;
    }

    @Override
    public void write(long offset, ByteBuffer data) throws IOException {
        try {
            long position = offset;
            while (data.hasRemaining()) {
                // SSH_FXF_APPEND ignores the offset, as O_APPEND does; Java cannot open READ with APPEND
                long at = append ? channel.size() : position;
                position = at + channel.write(data, at);
            }
        } catch (IOException | RuntimeException e) {
            throw StatusMapping.of(e, clientPath);
        }
    }

    @Override
    public SftpAttributes fstat() throws IOException {
        try {
            if (!pathStillNamesTheFile()) {
                return SftpAttributes.EMPTY.withSize(channel.size()); // renamed or removed: the size is what is known
            }
            return HostAttributes.read(path, false).withSize(channel.size());
        } catch (IOException | RuntimeException e) {
            throw StatusMapping.of(e, clientPath);
        }
    }

    @Override
    public void fsetstat(SftpAttributes attributes) throws IOException {
        if (readOnly) {
            throw StatusMapping.readOnly(clientPath);
        }
        try {
            boolean byPath = attributes.has(SftpAttributes.FLAG_PERMISSIONS) || attributes.has(SftpAttributes.FLAG_UIDGID)
                    || attributes.has(SftpAttributes.FLAG_ACMODTIME);
            if (byPath && !pathStillNamesTheFile()) {
                // the change would land on whatever file now has the name
                throw new SftpException(SftpStatus.FAILURE,
                        "Cannot change attributes: " + clientPath + " was renamed or removed since it was opened");
            }
            SftpAttributes allowed = HostAttributes.confined(path, attributes, clientPath, false);
            if (attributes.has(SftpAttributes.FLAG_SIZE)) {
                resize(channel, attributes.size());
            }
            HostAttributes.apply(path, allowed, false);
        } catch (IOException | RuntimeException e) {
            throw StatusMapping.of(e, clientPath);
        }
    }

    @Override
    public void fsync() throws IOException {
        try {
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            throw StatusMapping.of(e, clientPath);
        }
    }

    @Override
    public SftpStatVfs fstatvfs() throws IOException {
        try {
            return HostFileStore.statVfs(Files.getFileStore(path), readOnly);
        } catch (IOException | RuntimeException e) {
            throw StatusMapping.of(e, clientPath);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Truncates or extends, as {@code ftruncate}: {@link FileChannel#truncate} only shrinks. */
    public static void resize(FileChannel channel, long size) throws IOException {
        long current = channel.size();
        if (size < current) {
            channel.truncate(size);
        } else if (size > current) {
            channel.write(ByteBuffer.wrap(new byte[1]), size - 1);
        }
    }

    @Override
    public String toString() {
        return "file " + clientPath;
    }
}
