// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

/**
 * Whole-file and whole-tree transfers over {@link SftpFile}'s pipelines: paramiko's {@code get},
 * {@code put}, {@code getfo} and {@code putfo}, resumption from the size already transferred (as
 * OpenSSH's {@code reget} and {@code reput}), and recursive copies (as {@code get -r} and
 * {@code put -r}).
 */
final class FileTransfers {
    private static final int COPY_BUFFER = 64 * 1024;
    /** Deeper trees are refused rather than followed into a loop. */
    private static final int MAX_DEPTH = 64;

    private final SftpClient client;
    private final TransferProgress progress;

    FileTransfers(SftpClient client, TransferProgress progress) {
        this.client = client;
        this.progress = progress == null ? TransferProgress.NONE : progress;
    }

    /** Downloads; with {@code resume}, keeps what the local file has and appends the rest. */
    long get(String remote, Path local, boolean resume) throws IOException {
        SftpAttributes attributes = client.stat(remote);
        long size = attributes.has(SftpAttributes.FLAG_SIZE) ? attributes.size() : -1;
        long start = resume && Files.exists(local) ? Files.size(local) : 0;
        if (size >= 0 && start > size) {
            throw new SftpException(SftpStatus.FAILURE, "resume " + remote + ": the local file (" + start
                    + " bytes) is larger than the remote one (" + size + " bytes)");
        }
        long done;
        try (SftpFile file = client.open(remote, EnumSet.of(OpenFlag.READ), SftpAttributes.EMPTY);
                OutputStream out = Files.newOutputStream(local, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        resume ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            file.position(start);
            done = copyOut(file, out, start, size);
        }
        if (size >= 0 && done != size) {
            throw new SftpException(SftpStatus.FAILURE, "get " + remote + ": size mismatch, expected " + size
                    + " bytes, got " + done);
        }
        return done;
    }

    long getfo(String remote, OutputStream out) throws IOException {
        try (SftpFile file = client.open(remote, EnumSet.of(OpenFlag.READ), SftpAttributes.EMPTY)) {
            SftpAttributes attributes = file.stat();
            return copyOut(file, out, 0, attributes.has(SftpAttributes.FLAG_SIZE) ? attributes.size() : -1);
        }
    }

    private long copyOut(SftpFile file, OutputStream out, long start, long size) throws IOException {
        file.prefetch();
        ByteBuffer buffer = ByteBuffer.allocate(COPY_BUFFER);
        long done = start;
        progress.update(done, size);
        int count;
        while ((count = file.read(buffer)) >= 0) {
            out.write(buffer.array(), 0, count);
            buffer.clear();
            done += count;
            progress.update(done, size);
        }
        return done;
    }

    /** Uploads; with {@code resume}, keeps what the remote file has and writes the rest. */
    SftpAttributes put(Path local, String remote, boolean resume) throws IOException {
        long size = Files.size(local);
        long start = 0;
        if (resume) {
            try {
                start = client.stat(remote).size();
            } catch (SftpException e) {
                if (e.getStatus() != SftpStatus.NO_SUCH_FILE) {
                    throw e;
                }
            }
            if (start > size) {
                throw new SftpException(SftpStatus.FAILURE, "resume " + remote + ": the remote file (" + start
                        + " bytes) is larger than the local one (" + size + " bytes)");
            }
        }
        EnumSet<OpenFlag> flags = resume ? EnumSet.of(OpenFlag.WRITE, OpenFlag.CREATE)
                : EnumSet.of(OpenFlag.WRITE, OpenFlag.CREATE, OpenFlag.TRUNCATE);
        try (InputStream in = Files.newInputStream(local)) {
            in.skipNBytes(start);
            return upload(in, remote, flags, start, size);
        }
    }

    SftpAttributes putfo(InputStream in, String remote, long size) throws IOException {
        return upload(in, remote, EnumSet.of(OpenFlag.WRITE, OpenFlag.CREATE, OpenFlag.TRUNCATE), 0, size);
    }

    private SftpAttributes upload(InputStream in, String remote, EnumSet<OpenFlag> flags, long start, long size)
            throws IOException {
        long done = start;
        try (SftpFile file = client.open(remote, flags, SftpAttributes.EMPTY)) {
            file.position(start);
            byte[] buffer = new byte[COPY_BUFFER];
            progress.update(done, size);
            int count;
            while ((count = in.read(buffer)) >= 0) {
                file.write(ByteBuffer.wrap(buffer, 0, count));
                done += count;
                progress.update(done, size);
            }
        }
        // as paramiko's put(confirm=True): what arrived must be what was sent
        SftpAttributes attributes = client.stat(remote);
        if (attributes.has(SftpAttributes.FLAG_SIZE) && attributes.size() != done) {
            throw new SftpException(SftpStatus.FAILURE, "put " + remote + ": size mismatch, sent " + done
                    + " bytes, the server has " + attributes.size());
        }
        return attributes;
    }

    void getTree(String remote, Path local) throws IOException {
        getTree(remote, local, 0);
    }

    private void getTree(String remote, Path local, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new SftpException(SftpStatus.FAILURE, "get -r " + remote + ": more than " + MAX_DEPTH + " levels");
        }
        Files.createDirectories(local);
        List<SftpEntry> entries;
        try (Stream<SftpEntry> listing = client.listdirIter(remote)) {
            entries = listing.toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (SftpEntry entry : entries) {
            String name = entry.filename();
            Path localChild = localChild(local, name);
            if (localChild == null) {
                throw new SftpException(SftpStatus.BAD_MESSAGE, "get -r " + remote + ": bad entry name "
                        + name.replace("\0", "\\0"));
            }
            String child = remote.endsWith("/") ? remote + name : remote + "/" + name;
            SftpAttributes attributes = entry.attributes();
            if (attributes.isSymbolicLink()) {
                attributes = client.stat(child);
                if (attributes.isDirectory()) {
                    continue;
                }
            }
            if (attributes.isDirectory()) {
                getTree(child, localChild, depth + 1);
            } else if (attributes.isRegularFile() || !attributes.has(SftpAttributes.FLAG_PERMISSIONS)) {
                get(child, localChild, false);
            }
        }
    }

    /**
     * {@code directory}'s entry {@code name}, or null unless the name is one plain file name here: a
     * hostile server must not steer the download outside the target directory ({@code /}, {@code ..},
     * and on Windows {@code \} or a drive such as {@code C:}, which change the resolved path's last
     * name), nor make {@link Path#resolve} throw InvalidPathException (NUL, and characters Windows
     * forbids) instead of a clear SftpException.
     */
    private static Path localChild(Path directory, String name) {
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            return null;
        }
        try {
            Path child = directory.resolve(name);
            Path last = child.getFileName();
            return last != null && last.toString().equals(name) ? child : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    void putTree(Path local, String remote) throws IOException {
        putTree(local, remote, 0);
    }

    private void putTree(Path local, String remote, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new SftpException(SftpStatus.FAILURE, "put -r " + local + ": more than " + MAX_DEPTH + " levels");
        }
        makeDirectory(remote);
        List<Path> children;
        try (Stream<Path> listing = Files.list(local)) {
            children = listing.sorted().toList();
        }
        for (Path child : children) {
            String target = (remote.endsWith("/") ? remote : remote + "/") + child.getFileName();
            if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                putTree(child, target, depth + 1);
            } else if (Files.isRegularFile(child)) {
                put(child, target, false);
            }
        }
    }

    private void makeDirectory(String remote) throws IOException {
        try {
            client.mkdir(remote);
        } catch (SftpException e) {
            // an existing directory is fine: the tree is merged into it
            SftpAttributes existing;
            try {
                existing = client.stat(remote);
            } catch (SftpException notThere) {
                throw e;
            }
            if (!existing.isDirectory()) {
                throw e;
            }
        }
    }
}
