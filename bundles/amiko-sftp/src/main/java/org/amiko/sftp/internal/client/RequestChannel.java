// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.amiko.sftp.SftpException;
import org.amiko.sftp.SftpStatus;
import org.amiko.sftp.internal.wire.PacketType;
import org.amiko.sftp.internal.wire.SftpFraming;
import org.amiko.sftp.internal.wire.SftpPacket;
import org.amiko.spi.wire.WireWriter;

/**
 * The client's side of the SFTP packet stream (draft-ietf-secsh-filexfer-02 sections 3 and 4):
 * requests are sent by the calling threads with fresh ids; one reader thread routes each reply to
 * the request of its id. The number of unanswered requests is bounded, so callers that pipeline
 * block once the bound is reached, and the replies the reader holds are only those callers still
 * expect.
 */
public final class RequestChannel implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.amiko.sftp");
    /** Unanswered requests of all files of one client together. */
    public static final int MAX_IN_FLIGHT = 256;

    private final InputStream in;
    private final OutputStream out;
    private final AutoCloseable onClose;
    private final Map<Integer, PendingReply> pending = new ConcurrentHashMap<>();
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final AtomicInteger ids = new AtomicInteger(1);
    private volatile IOException failure;
    private Thread reader;

    /**
     * @param onClose closed with this channel (the SSH channel the streams belong to)
     */
    public RequestChannel(InputStream in, OutputStream out, AutoCloseable onClose) {
        this.in = in;
        this.out = out;
        this.onClose = onClose;
    }

    /**
     * Sends {@code SSH_FXP_INIT} for version 3 and reads {@code SSH_FXP_VERSION}, then starts the
     * reader thread.
     *
     * @return the version the server chose and its extensions, name to version, in its order
     */
    public Map<String, String> negotiate(int[] version) throws IOException {
        send(SftpFraming.frame(SftpFraming.start(PacketType.INIT, 4).writeUint32(PacketType.SFTP_VERSION)));
        SftpPacket reply = SftpFraming.read(in, SftpFraming.MAX_INBOUND);
        if (reply == null) {
            throw new SftpException(SftpStatus.CONNECTION_LOST, "the server closed the SFTP channel before its version");
        }
        if (reply.type() != PacketType.VERSION) {
            throw new SftpException(SftpStatus.BAD_MESSAGE,
                    "expected SSH_FXP_VERSION, the server sent " + PacketType.name(reply.type()));
        }
        version[0] = reply.readUint32();
        if (version[0] < PacketType.SFTP_VERSION) {
            throw new SftpException(SftpStatus.BAD_MESSAGE, "the server speaks SFTP version " + version[0]
                    + "; version 3 is needed");
        }
        Map<String, String> extensions = new LinkedHashMap<>();
        while (reply.remaining() > 0) {
            extensions.putIfAbsent(reply.readText(), reply.readText());
        }
        reader = new Thread(this::readReplies, "amiko-sftp-replies");
        reader.setDaemon(true);
        reader.start();
        return extensions;
    }

    /**
     * Sends a request whose body {@code body} writes after the id.
     *
     * @param sizeHint the expected body size
     */
    public PendingReply submit(int type, int sizeHint, RequestBody body) throws IOException {
        checkOpen();
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to send " + PacketType.name(type));
        }
        int id = ids.getAndIncrement();
        PendingReply reply = new PendingReply(PacketType.name(type));
        pending.put(id, reply);
        try {
            WireWriter packet = SftpFraming.start(type, id, sizeHint);
            body.write(packet);
            send(SftpFraming.frame(packet));
        } catch (IOException | RuntimeException e) {
            if (pending.remove(id) != null) {
                inFlight.release();
            }
            throw e;
        }
        // a failure that raced with the put above must not leave this request waiting forever
        if (failure != null && pending.remove(id) != null) {
            inFlight.release();
            reply.fail(failure);
        }
        return reply;
    }

    /** Sends a request and waits for its reply. */
    public SftpPacket call(int type, int sizeHint, RequestBody body) throws IOException {
        return submit(type, sizeHint, body).await();
    }

    private void send(byte[] frame) throws IOException {
        synchronized (out) {
            out.write(frame);
            out.flush();
        }
    }

    private void readReplies() {
        IOException cause;
        try {
            SftpPacket reply;
            while ((reply = SftpFraming.read(in, SftpFraming.MAX_INBOUND)) != null) {
                int id = reply.readUint32();
                PendingReply waiting = pending.remove(id);
                if (waiting == null) {
                    throw new SftpException(SftpStatus.BAD_MESSAGE, "the server answered request " + id
                            + ", which is not outstanding");
                }
                inFlight.release();
                waiting.complete(reply);
            }
            cause = new SftpException(SftpStatus.CONNECTION_LOST, "the server closed the SFTP channel");
        } catch (IOException e) {
            cause = e instanceof SftpException ? e
                    : new SftpException(SftpStatus.CONNECTION_LOST, "the SFTP channel broke: " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            // a fault of this reader's, not the server's: its callers must still hear of it, not wait for ever
            LOG.log(Level.WARNING, "the SFTP reply reader failed", e);
            cause = new SftpException(SftpStatus.FAILURE, "the SFTP reply reader failed: " + e, e);
        }
        IOException reason = cause;
        LOG.log(Level.DEBUG, () -> "SFTP reply reader ends: " + reason.getMessage());
        failure = cause;
        for (Integer id : pending.keySet()) {
            PendingReply waiting = pending.remove(id);
            if (waiting != null) {
                inFlight.release();
                waiting.fail(cause);
            }
        }
    }

    private void checkOpen() throws IOException {
        IOException cause = failure;
        if (cause != null) {
            throw new SftpException(SftpStatus.CONNECTION_LOST, cause.getMessage(), cause);
        }
    }

    public boolean isOpen() {
        return failure == null;
    }

    /** Closes the channel; outstanding requests fail with {@link SftpStatus#CONNECTION_LOST}. */
    @Override
    public void close() throws IOException {
        if (failure == null) {
            failure = new SftpException(SftpStatus.NO_CONNECTION, "the SFTP client is closed");
        }
        try {
            onClose.close();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        } finally {
            // ends a reader still blocked on a peer that does not answer the close
            in.close();
        }
    }

    /** Writes a request's fields after its id. */
    @FunctionalInterface
    public interface RequestBody {
        void write(WireWriter packet) throws IOException;
    }
}
