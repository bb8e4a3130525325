// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.server;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.amiko.sftp.SftpAttributes;
import org.amiko.sftp.SftpEntry;
import org.amiko.sftp.server.SftpDirectoryHandle;

/**
 * An open host directory of the rooted file system. Entries are read from a
 * {@link DirectoryStream} batch by batch, so a directory of millions of names costs one batch of
 * memory. Attributes are those of {@code lstat}, as OpenSSH sends them: a link is listed as a link.
 */
public final class NioDirectoryHandle implements SftpDirectoryHandle {
    private final DirectoryStream<Path> stream;
    private final Iterator<Path> entries;
    private final Path directory;
    private final Path parent;
    private final ZoneId zone = ZoneId.systemDefault();
    private boolean dotsSent;

    /**
     * @param directory the real host directory
     * @param parent the real host directory {@code ..} stands for (the directory itself at the root)
     */
    public NioDirectoryHandle(Path directory, Path parent) throws IOException {
        this.directory = directory;
        this.parent = parent;
        this.stream = Files.newDirectoryStream(directory);
        this.entries = stream.iterator();
    }

    @Override
    public List<SftpEntry> readdir(int max) throws IOException {
        List<SftpEntry> batch = new ArrayList<>(Math.min(max, 128));
        Instant now = Instant.now();
        if (!dotsSent) {
            dotsSent = true;
            addEntry(batch, ".", directory, now);
            addEntry(batch, "..", parent, now);
        }
        try {
            while (batch.size() < max && entries.hasNext()) {
                Path entry = entries.next();
                addEntry(batch, entry.getFileName().toString(), entry, now);
            }
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
        return batch;
    }

    private void addEntry(List<SftpEntry> batch, String name, Path path, Instant now) {
        SftpAttributes attributes;
        try {
            attributes = HostAttributes.read(path, false);
        } catch (IOException e) {
            // removed while we listed: leave it out, as ls does
            return;
        }
        String[] owner = HostAttributes.ownerNames(path, attributes);
        String longName = LongName.format(name, attributes, HostAttributes.linkCount(path), owner[0], owner[1], now,
                zone);
        batch.add(new SftpEntry(name, longName, attributes));
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
