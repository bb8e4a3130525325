// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import org.amiko.sftp.SftpException;
import org.amiko.sftp.internal.wire.SftpPacket;

/** The reply a sent request waits for: set once by the reader thread, taken by the sender. */
public final class PendingReply {
    private final String request;
    private SftpPacket reply;
    private IOException failure;

    PendingReply(String request) {
        this.request = request;
    }

    synchronized void complete(SftpPacket packet) {
        reply = packet;
        notifyAll();
    }

    synchronized void fail(IOException cause) {
        failure = cause;
        notifyAll();
    }

    /** Whether the reply (or the failure) has arrived. */
    public synchronized boolean isDone() {
        return reply != null || failure != null;
    }

    /** Waits for the reply, positioned after its id. */
    public synchronized SftpPacket await() throws IOException {
        while (reply == null && failure == null) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the reply to " + request);
            }
        }
        if (failure != null) {
            if (failure instanceof SftpException sftp) {
                throw new SftpException(sftp.getStatus(), sftp.getMessage() + " (" + request + ")", sftp);
            }
            throw new IOException(failure.getMessage() + " (" + request + ")", failure);
        }
        return reply;
    }
}
