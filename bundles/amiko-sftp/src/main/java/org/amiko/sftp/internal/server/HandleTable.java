// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.server;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.amiko.sftp.SftpException;
import org.amiko.sftp.SftpStatus;
import org.amiko.sftp.server.SftpDirectoryHandle;
import org.amiko.sftp.server.SftpFileHandle;

/**
 * The open files and directories of one session, by the opaque handle strings of
 * draft-ietf-secsh-filexfer-02 section 6.2. Bounded: a client cannot hold more than
 * {@link #MAX_HANDLES} open (it learns the number from {@code limits@openssh.com}), and all
 * sessions of the process together no more than {@link #MAX_PROCESS_HANDLES}.
 */
final class HandleTable {
    static final int MAX_HANDLES = 512;
    /**
     * Every session's handles hold descriptors of the one process (OpenSSH has a process per
     * session): with 64 channels per connection, one user could otherwise take tens of thousands
     * and leave none for accepting connections.
     */
    static final int MAX_PROCESS_HANDLES = 4096;
    private static final AtomicInteger PROCESS_HANDLES = new AtomicInteger();
    /** Handles are four bytes; the draft allows up to 256. */
    private static final int HANDLE_LENGTH = 4;

    private final Map<Integer, Closeable> open = new HashMap<>();
    private int next = 1;

    byte[] add(Closeable handle) throws SftpException {
        if (open.size() >= MAX_HANDLES) {
            closeQuietly(handle);
            throw new SftpException(SftpStatus.FAILURE, "Too many open files (" + MAX_HANDLES + ")");
        }
        if (PROCESS_HANDLES.incrementAndGet() > MAX_PROCESS_HANDLES) {
            PROCESS_HANDLES.decrementAndGet();
            closeQuietly(handle);
            throw new SftpException(SftpStatus.FAILURE,
                    "Too many open files on this server (" + MAX_PROCESS_HANDLES + " in all sessions)");
        }
        while (open.containsKey(next)) {
            next++;
        }
        int id = next++;
        open.put(id, handle);
        return new byte[] {(byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id};
    }

    SftpFileHandle file(byte[] handle) throws SftpException {
        if (get(handle) instanceof SftpFileHandle file) {
            return file;
        }
        throw invalid();
    }

    SftpDirectoryHandle directory(byte[] handle) throws SftpException {
        if (get(handle) instanceof SftpDirectoryHandle directory) {
            return directory;
        }
        throw invalid();
    }

    /** Forgets and returns a handle, for {@code SSH_FXP_CLOSE}. */
    Closeable remove(byte[] handle) throws SftpException {
        Closeable removed = get(handle) == null ? null : open.remove(key(handle));
        if (removed == null) {
            throw invalid();
        }
        PROCESS_HANDLES.decrementAndGet();
        return removed;
    }

    int size() {
        return open.size();
    }

    /** Closes everything still open, at the end of the session. */
    void closeAll() {
        List<Closeable> left = new ArrayList<>(open.values());
        open.clear();
        PROCESS_HANDLES.addAndGet(-left.size());
        left.forEach(HandleTable::closeQuietly);
    }

    private Closeable get(byte[] handle) {
        return handle.length == HANDLE_LENGTH ? open.get(key(handle)) : null;
    }

    private static int key(byte[] handle) {
        return ((handle[0] & 0xff) << 24) | ((handle[1] & 0xff) << 16) | ((handle[2] & 0xff) << 8) | (handle[3] & 0xff);
    }

    private static SftpException invalid() {
        return new SftpException(SftpStatus.FAILURE, "Invalid handle");
    }

    private static void closeQuietly(Closeable handle) {
        try {
            handle.close();
        } catch (IOException | RuntimeException e) {
            // the session is ending or the handle was already unusable
        }
    }
}
