// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.amiko.sftp.internal.client.Replies;
import org.amiko.sftp.internal.client.RequestChannel;
import org.amiko.sftp.internal.wire.PacketType;

/**
 * An open remote directory read as an iterator: one {@code SSH_FXP_READDIR} per batch
 * (draft-ietf-secsh-filexfer-02 section 6.7), so only one batch is held at a time. {@code .} and
 * {@code ..} are left out, as paramiko's {@code listdir} does. The handle is closed at the end or
 * by {@link #close()}.
 */
final class DirectoryListing implements Iterator<SftpEntry> {
    private final RequestChannel requests;
    private final byte[] handle;
    private final String path;
    private Iterator<SftpEntry> batch = Collections.emptyIterator();
    private SftpEntry next;
    private boolean done;

    DirectoryListing(RequestChannel requests, byte[] handle, String path) {
        this.requests = requests;
        this.handle = handle;
        this.path = path;
    }

    @Override
    public boolean hasNext() {
        while (next == null && !done) {
            if (batch.hasNext()) {
                SftpEntry entry = batch.next();
                if (!entry.filename().equals(".") && !entry.filename().equals("..")) {
                    next = entry;
                }
                continue;
            }
            try {
                List<SftpEntry> names = Replies.names(requests.call(PacketType.READDIR, handle.length + 4,
                        packet -> packet.writeString(handle)), "readdir " + path);
                if (names == null) {
                    close();
                } else {
                    batch = names.iterator();
                }
            } catch (IOException e) {
                closeQuietly();
                throw new UncheckedIOException(e);
            }
        }
        return next != null;
    }

    @Override
    public SftpEntry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SftpEntry entry = next;
        next = null;
        return entry;
    }

    /** Closes the directory handle, once. */
    void close() {
        if (done) {
            return;
        }
        done = true;
        try {
            Replies.ok(requests.call(PacketType.CLOSE, handle.length + 4, packet -> packet.writeString(handle)),
                    "close " + path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (UncheckedIOException e) {
            // the first failure is the one to report
        }
    }
}
