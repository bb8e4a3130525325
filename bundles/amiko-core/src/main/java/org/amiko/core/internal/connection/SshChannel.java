// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.amiko.Channel;
import org.amiko.DisconnectException;
import org.amiko.DisconnectReason;
import org.amiko.ExitSignal;
import org.amiko.SshException;
import org.amiko.Transport;
import org.amiko.core.internal.Futures;
import org.amiko.core.internal.Session;
import org.amiko.core.internal.transport.SshMessage;
import org.amiko.core.internal.transport.TransportEngine;
import org.amiko.spi.wire.WireFormatException;
import org.amiko.spi.wire.WireReader;
import org.amiko.spi.wire.WireWriter;

/**
 * One channel of the connection protocol (RFC 4254 section 5), for both sides. Flow control is
 * end to end: outgoing data never exceeds the peer's window or maximum packet, and blocks while
 * the window is closed; incoming data beyond the window this side granted ends the connection,
 * and the window re-opens only as the application reads.
 */
public final class SshChannel implements Channel {
    /** OpenSSH sends at most this much per data packet; larger writes are split. */
    private static final int MAX_CHUNK = 32 * 1024;
    /** The array a bulk data packet is built and sealed in: the largest chunk, header, head- and tailroom. */
    private static final int BULK_ARRAY = TransportEngine.FRAME_HEADROOM + 13 + MAX_CHUNK + TransportEngine.FRAME_TAILROOM;
    private static final long MAX_WINDOW = 0xffffffffL;

    private final ConnectionService service;
    private final Session session;
    private final int localId;
    private final String type;
    private final int localWindowSize;
    private final int localMaxPacket;
    private final ChannelInput stdout;
    private final ChannelInput stderr;
    private final ChannelOutput out = new ChannelOutput(this, false);
    private final ChannelOutput err = new ChannelOutput(this, true);
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    /**
     * Completed when the peer's CLOSE arrives, the connection ends or a channel timeout closes the
     * channel: {@link #whenClosed()}.
     */
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Object writeLock = new Object();
    /**
     * Held from the check that this side has not sent CLOSE to the send of a message on the
     * channel, so that nothing follows our CLOSE (RFC 4254 section 5.3) whichever thread sends it:
     * a reader's window adjustment raced the service thread's CLOSE, and the peer, which had
     * already forgotten the channel, disconnected. Taken before this object's monitor, and never
     * held while waiting for window or for the socket.
     */
    private final Object sendLock = new Object();

    // guarded by this
    private int remoteId = -1;
    private long remoteWindow;
    private int remoteMaxPacket;
    private long localWindow;
    private long unadjusted;
    private boolean eofSent;
    private boolean closeSent;
    private boolean eofReceived;
    private boolean closeReceived;
    private boolean openAbandoned;
    private Integer exitStatus;
    private ExitSignal exitSignal;
    private SshException failure;
    private int inboundRequestsInFlight;
    private volatile boolean exitSent;
    /**
     * Whether a shell, exec or subsystem request was granted; RFC 4254 section 6.5 allows one per
     * channel. Only the session's strand, which handles requests one at a time, reads and sets it.
     */
    private boolean commandStarted;
    private final ArrayDeque<CompletableFuture<Boolean>> pendingReplies = new ArrayDeque<>();
    /** Set when a channel timeout has decided to close the channel ({@link #markForceClosing}). */
    private final AtomicBoolean forceClosing = new AtomicBoolean();
    /** Whether data went either way since the last {@link #quietFor}. */
    private volatile boolean used;
    /** When data last went either way, as the inactivity check saw it; that check's thread only. */
    private long idleSince = System.nanoTime();
    /**
     * The channel timeout that applies (ChannelTimeouts), in nanoseconds, 0 for none: the one for
     * its type when it is made, and for its use once a session starts a command ({@link #labelUse}).
     */
    private volatile long inactiveNanos;

    SshChannel(ConnectionService service, Session session, int localId, String type) {
        this.service = service;
        this.session = session;
        this.localId = localId;
        this.type = type;
        this.localWindowSize = session.settings().channelWindow();
        this.localMaxPacket = session.settings().channelMaxPacket();
        this.localWindow = localWindowSize;
        this.stdout = new ChannelInput(this::consumed, session.engine()::recycleReceived);
        this.stderr = new ChannelInput(this::consumed, session.engine()::recycleReceived);
        this.inactiveNanos = service.inactiveTimeoutFor(type, null);
    }

    int localWindowSize() {
        return localWindowSize;
    }

    /**
     * Names what the session does, as sshd labels channels ({@code session:shell},
     * {@code session:command}, {@code session:subsystem:NAME}), and so which channel timeout applies.
     */
    void labelUse(String extendedType) {
        inactiveNanos = service.inactiveTimeoutFor(type, extendedType);
        used = true;
    }

    /** The inactivity timeout that applies, in nanoseconds; 0 for none. */
    long inactiveTimeout() {
        return inactiveNanos;
    }

    /**
     * How long the channel has carried no data, as of {@code now}: 0 when it carried some since
     * the last call, which starts the count again. Called by one thread.
     */
    long quietFor(long now) {
        if (used) {
            used = false;
            idleSince = now;
            return 0;
        }
        return now - idleSince;
    }

    int localMaxPacket() {
        return localMaxPacket;
    }

    synchronized int remoteId() {
        return remoteId;
    }

    /**
     * Records the peer's side of the channel (open confirmation sent or received).
     *
     * @return whether the opener gave up waiting meanwhile ({@link #abandonOpen}): the caller closes it
     */
    boolean confirm(int peerId, long window, int maxPacket) {
        boolean abandoned;
        synchronized (this) {
            remoteId = peerId;
            remoteWindow = window;
            remoteMaxPacket = maxPacket;
            abandoned = openAbandoned;
        }
        // the inactivity count starts at the open, not at the request for it (sshd's channel_set_used_time)
        used = true;
        opened.complete(null);
        return abandoned;
    }

    /**
     * The thread opening the channel was interrupted before the peer answered. The channel stays
     * known, so that the answer is no "unknown channel" (which ends the connection); a confirmation
     * then closes it.
     *
     * @return false when the answer came first
     */
    synchronized boolean abandonOpen() {
        if (opened.isDone()) {
            return false;
        }
        openAbandoned = true;
        return true;
    }

    /** Whether the peer confirmed the open. */
    boolean isOpenConfirmed() {
        return opened.isDone() && !opened.isCompletedExceptionally();
    }

    /** Whether this side opened the channel and the peer has not answered yet. */
    boolean isOpenPending() {
        return !opened.isDone();
    }

    /** Fails a channel whose open was refused. */
    void refuse(SshException cause) {
        opened.completeExceptionally(cause);
        closed.complete(null);
    }

    /** Waits for the open to be confirmed. */
    void awaitOpen() throws IOException {
        Futures.await(opened);
    }

    // ---- Channel ----

    @Override
    public int getId() {
        return localId;
    }

    @Override
    public String getType() {
        return type;
    }

    @Override
    public Transport getTransport() {
        return service.transport();
    }

    @Override
    public void getPty(String term, int columns, int rows, int widthPixels, int heightPixels, byte[] modes)
            throws IOException {
        byte[] data = new WireWriter(64).writeString(term).writeUint32(columns).writeUint32(rows)
                .writeUint32(widthPixels).writeUint32(heightPixels).writeString(modes).toByteArray();
        requireSuccess("pty-req", data);
    }

    @Override
    public void resizePty(int columns, int rows, int widthPixels, int heightPixels) throws IOException {
        byte[] data = new WireWriter(16).writeUint32(columns).writeUint32(rows).writeUint32(widthPixels)
                .writeUint32(heightPixels).toByteArray();
        request("window-change", false, data);
    }

    @Override
    public void setEnvironmentVariable(String name, String value) throws IOException {
        requireSuccess("env", new WireWriter(64).writeString(name).writeString(value).toByteArray());
    }

    @Override
    public void sendEnvironmentVariable(String name, String value) throws IOException {
        request("env", false, new WireWriter(64).writeString(name).writeString(value).toByteArray());
    }

    @Override
    public void exec(String command) throws IOException {
        requireSuccess("exec", new WireWriter(64).writeString(command).toByteArray());
        labelUse("session:command");
    }

    @Override
    public void invokeShell() throws IOException {
        requireSuccess("shell", new byte[0]);
        labelUse("session:shell");
    }

    @Override
    public void invokeSubsystem(String name) throws IOException {
        requireSuccess("subsystem", new WireWriter(32).writeString(name).toByteArray());
        labelUse("session:subsystem:" + name);
    }

    @Override
    public boolean requestForwardAgent() throws IOException {
        return request("auth-agent-req@openssh.com", true, new byte[0]);
    }

    @Override
    public boolean requestX11(boolean singleConnection, String authProtocol, String authCookie, int screenNumber)
            throws IOException {
        return request("x11-req", true, new WireWriter(64 + authProtocol.length() + authCookie.length())
                .writeBoolean(singleConnection).writeString(authProtocol).writeString(authCookie)
                .writeUint32(screenNumber).toByteArray());
    }

    @Override
    public void sendSignal(String signal) throws IOException {
        request("signal", false, new WireWriter(16).writeString(signal).toByteArray());
    }

    @Override
    public InputStream getInputStream() {
        return stdout;
    }

    @Override
    public InputStream getExtendedInputStream() {
        return stderr;
    }

    @Override
    public OutputStream getOutputStream() {
        return out;
    }

    @Override
    public OutputStream getExtendedOutputStream() {
        return err;
    }

    @Override
    public void shutdownOutput() throws IOException {
        synchronized (writeLock) {
            awaitInboundRequests();
            synchronized (sendLock) {
                int peer;
                synchronized (this) {
                    if (eofSent || closeSent || closeReceived) {
                        return;
                    }
                    eofSent = true;
                    peer = remoteId;
                }
                session.send(new WireWriter(8).writeByte(SshMessage.CHANNEL_EOF).writeUint32(peer).toByteArray());
            }
        }
    }

    @Override
    public synchronized boolean isEofReceived() {
        return eofReceived;
    }

    @Override
    public int recvExitStatus() throws IOException, InterruptedException {
        synchronized (this) {
            while (exitStatus == null && !closeReceived && failure == null) {
                wait();
            }
            return exitStatus == null ? -1 : exitStatus;
        }
    }

    @Override
    public Optional<Integer> recvExitStatus(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (exitStatus == null && !closeReceived && failure == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return Optional.of(exitStatus == null ? -1 : exitStatus);
        }
    }

    @Override
    public synchronized boolean isExitStatusReady() {
        return exitStatus != null;
    }

    @Override
    public synchronized Optional<ExitSignal> getExitSignal() {
        return Optional.ofNullable(exitSignal);
    }

    @Override
    public void sendExitStatus(int status) throws IOException {
        synchronized (writeLock) {
            awaitInboundRequests();
            request("exit-status", false, new WireWriter(4).writeUint32(status).toByteArray());
            exitSent = true;
        }
    }

    /** Whether this side has sent an exit status or signal. */
    boolean isExitSent() {
        return exitSent;
    }

    /** Server: whether this channel already runs a shell, command or subsystem. */
    boolean isCommandStarted() {
        return commandStarted;
    }

    void markCommandStarted() {
        commandStarted = true;
    }

    @Override
    public void sendExitSignal(ExitSignal signal) throws IOException {
        synchronized (writeLock) {
            awaitInboundRequests();
            request("exit-signal", false, new WireWriter(64).writeString(signal.signal())
                    .writeBoolean(signal.coreDumped()).writeString(signal.message()).writeString("").toByteArray());
            exitSent = true;
        }
    }

    @Override
    public synchronized boolean isClosed() {
        return (closeSent && closeReceived) || failure != null;
    }

    @Override
    public CompletionStage<Void> whenClosed() {
        return closed.minimalCompletionStage();
    }

    @Override
    public void close() throws IOException {
        if (!isOpenConfirmed()) {
            return;
        }
        synchronized (writeLock) {
            awaitInboundRequests();
            sendClose();
        }
    }

    @Override
    public String toString() {
        return "channel " + localId + " (" + type + ")";
    }

    // ---- sending ----

    void sendData(boolean extended, byte[] data, int offset, int length) throws IOException {
        synchronized (writeLock) {
            awaitInboundRequests();
            try {
                sendChunks(extended, data, offset, length);
            } finally {
                // a packet queued with "more" and then an exception must not sit unsent
                session.flushOutput();
            }
        }
    }

    /** Sends packets as window and maximum packet size allow; the caller flushes the last. */
    private void sendChunks(boolean extended, byte[] data, int offset, int length) throws IOException {
        while (length > 0) {
            int chunk;
            int peer;
            boolean more;
            synchronized (this) {
                while (remoteWindow == 0 && !closeReceived && !closeSent && !eofSent && failure == null) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while waiting for the channel window");
                    }
                }
                checkWritable();
                chunk = (int) Math.min(Math.min(length, remoteWindow), Math.min(remoteMaxPacket, MAX_CHUNK));
                remoteWindow -= chunk;
                peer = remoteId;
                // with the window used up we are about to wait for the peer: flush now
                more = remoteWindow > 0;
            }
            session.awaitWritable();
            // the payload is built where the packet will be sealed: one copy of the data, not two
            int header = extended ? 13 : 9;
            int at = TransportEngine.FRAME_HEADROOM;
            int needed = at + header + chunk + TransportEngine.FRAME_TAILROOM;
            // bulk-size packets all take one array length, so written ones can be filled again
            byte[] buffer = chunk > MAX_CHUNK / 2 ? session.packetArray(BULK_ARRAY) : new byte[needed];
            buffer[at] = (byte) (extended ? SshMessage.CHANNEL_EXTENDED_DATA : SshMessage.CHANNEL_DATA);
            putInt(buffer, at + 1, peer);
            if (extended) {
                putInt(buffer, at + 5, 1);
            }
            putInt(buffer, at + header - 4, chunk);
            System.arraycopy(data, offset, buffer, at + header, chunk);
            synchronized (sendLock) {
                synchronized (this) {
                    checkWritable();
                }
                session.sendFramed(buffer, header + chunk, more);
            }
            used = true;
            offset += chunk;
            length -= chunk;
        }
    }

    private static void putInt(byte[] buffer, int offset, int value) {
        buffer[offset] = (byte) (value >>> 24);
        buffer[offset + 1] = (byte) (value >>> 16);
        buffer[offset + 2] = (byte) (value >>> 8);
        buffer[offset + 3] = (byte) value;
    }

    private void checkWritable() throws IOException {
        if (failure != null) {
            throw new SshException("channel broken: " + failure.getMessage(), failure);
        }
        if (closeReceived || closeSent) {
            throw new SshException(this + " is closed");
        }
        if (eofSent) {
            throw new SshException(this + ": output already shut down");
        }
    }

    /**
     * Closes the channel at once, as OpenSSH's {@code channel_force_close}: EOF and CLOSE go out
     * without waiting for a writer that holds the channel (it wakes and fails, as after the peer's
     * CLOSE), and whatever reads the channel's input sees its end.
     */
    void forceClose() throws IOException {
        try {
            sendClose();
        } finally {
            stdout.end();
            stderr.end();
            // what stops the work behind the channel (a command, a relay) need not wait for the peer
            closed.complete(null);
        }
    }

    /**
     * Marks the channel for {@link #forceClose}, at once, on the thread that decided it; false
     * when it was marked already, so that it is closed once.
     */
    boolean markForceClosing() {
        return forceClosing.compareAndSet(false, true);
    }

    /** Whether CLOSE went either way, or is about to ({@link #markForceClosing}): the channel is ending. */
    synchronized boolean isClosing() {
        return closeSent || closeReceived || forceClosing.get();
    }

    /** Sends CLOSE once (after EOF if none was sent, as OpenSSH expects). */
    void sendClose() throws IOException {
        synchronized (sendLock) {
            int peer;
            boolean sendEof;
            synchronized (this) {
                if (closeSent || failure != null) {
                    return;
                }
                sendEof = !eofSent && !closeReceived;
                eofSent = true;
                closeSent = true;
                peer = remoteId;
                notifyAll();
            }
            if (sendEof) {
                session.send(new WireWriter(8).writeByte(SshMessage.CHANNEL_EOF).writeUint32(peer).toByteArray());
            }
            session.send(new WireWriter(8).writeByte(SshMessage.CHANNEL_CLOSE).writeUint32(peer).toByteArray());
        }
        boolean done;
        synchronized (this) {
            done = closeReceived;
        }
        if (done) {
            service.remove(this);
        }
    }

    /** Sends a channel request; with {@code wantReply}, waits and returns the answer. */
    boolean request(String requestType, boolean wantReply, byte[] data) throws IOException {
        CompletableFuture<Boolean> reply = wantReply ? new CompletableFuture<>() : null;
        // the reply is queued and the request sent under one lock, so pendingReplies keeps wire order
        synchronized (sendLock) {
            int peer;
            synchronized (this) {
                if (failure != null || closeSent || closeReceived) {
                    throw new SshException(this + " is closed; cannot send " + requestType);
                }
                if (reply != null) {
                    pendingReplies.add(reply);
                }
                peer = remoteId;
            }
            session.send(new WireWriter(32 + data.length).writeByte(SshMessage.CHANNEL_REQUEST).writeUint32(peer)
                    .writeString(requestType).writeBoolean(wantReply).writeBytes(data).toByteArray());
        }
        return reply == null || Futures.await(reply);
    }

    private void requireSuccess(String requestType, byte[] data) throws IOException {
        if (!request(requestType, true, data)) {
            throw new SshException("the peer refused the " + requestType + " request on " + this);
        }
    }

    private void consumed(int bytes) throws IOException {
        synchronized (sendLock) {
            int adjust = 0;
            int peer = 0;
            synchronized (this) {
                unadjusted += bytes;
                if (unadjusted >= localWindowSize / 2 && !closeReceived && !closeSent && failure == null) {
                    adjust = (int) unadjusted;
                    unadjusted = 0;
                    localWindow += adjust;
                    peer = remoteId;
                }
            }
            if (adjust > 0) {
                session.send(new WireWriter(12).writeByte(SshMessage.CHANNEL_WINDOW_ADJUST).writeUint32(peer)
                        .writeUint32(adjust).toByteArray());
            }
        }
    }

    /**
     * Server side: data written by the application waits until the replies to requests being
     * handled have been sent, so that a command that finishes at once cannot close the channel
     * before its {@code exec} was answered.
     */
    private void awaitInboundRequests() throws IOException {
        if (session.strand().isCurrentThread()) {
            return;
        }
        synchronized (this) {
            while (inboundRequestsInFlight > 0 && failure == null) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted");
                }
            }
        }
    }

    // ---- receiving (service thread) ----

    void onWindowAdjust(int bytes) {
        synchronized (this) {
            long grown = remoteWindow + Integer.toUnsignedLong(bytes);
            // RFC 4254 section 5.2: a window never exceeds 2^32-1; ignore an adjust that would overflow
            if (grown <= MAX_WINDOW) {
                remoteWindow = grown;
            }
            notifyAll();
        }
    }

    /**
     * Data from the peer; {@code array} is the array behind {@code in}, kept without copying unless
     * the data is a small part of it.
     */
    void onData(boolean extended, byte[] array, WireReader in) throws IOException {
        // RFC 4254 section 5.2: only stderr (1) is defined; other types are dropped. Dropped data
        // still uses window (HostileInputTest): it used to skip the window check and hand its
        // length straight back through consumed(), so a peer could send it beyond the window and
        // grow our window without bound, then fill that window with data that is kept.
        boolean dropped = extended && in.readUint32() != 1;
        int length = in.readUint32();
        int offset = in.position();
        in.skip(length);
        synchronized (this) {
            if (Integer.toUnsignedLong(length) > localWindow || length > localMaxPacket) {
                throw new DisconnectException(DisconnectReason.PROTOCOL_ERROR,
                        this + ": peer sent " + Integer.toUnsignedString(length) + " bytes with a window of "
                                + localWindow + " and a maximum packet of " + localMaxPacket, true);
            }
            if (eofReceived || closeReceived) {
                return;
            }
            localWindow -= length;
        }
        used = true;
        if (dropped) {
            consumed(length);
            return;
        }
        if (length < array.length / 2) {
            // Keeping the packet's array saves a copy, but a small slice would pin the whole packet
            // (up to maxPacketLength, trailing bytes and padding included) for a few bytes of
            // window, and the window would no longer bound what a channel holds (HostileInputTest).
            array = Arrays.copyOfRange(array, offset, offset + length);
            offset = 0;
        }
        (extended ? stderr : stdout).append(array, offset, length);
    }

    void onEof() {
        synchronized (this) {
            eofReceived = true;
        }
        stdout.end();
        stderr.end();
    }

    void onClose() throws IOException {
        boolean mustReply;
        synchronized (this) {
            closeReceived = true;
            mustReply = !closeSent;
            pendingReplies.forEach(reply -> reply.complete(false));
            pendingReplies.clear();
            notifyAll();
        }
        stdout.end();
        stderr.end();
        try {
            if (mustReply) {
                synchronized (writeLock) {
                    sendClose();
                }
            } else {
                service.remove(this);
            }
        } finally {
            closed.complete(null);
        }
    }

    void onReply(boolean success) throws IOException {
        CompletableFuture<Boolean> reply;
        synchronized (this) {
            reply = pendingReplies.poll();
        }
        if (reply == null) {
            throw new DisconnectException(DisconnectReason.PROTOCOL_ERROR,
                    this + ": a reply to a request that was not made", true);
        }
        reply.complete(success);
    }

    /** Client side requests the peer may send: exit status and signal (RFC 4254 section 6.10). */
    boolean onExitRequest(String requestType, WireReader in) throws WireFormatException {
        if ("exit-status".equals(requestType)) {
            int status = in.readUint32();
            synchronized (this) {
                exitStatus = status;
                notifyAll();
            }
            return true;
        }
        if ("exit-signal".equals(requestType)) {
            String signal = in.readUtf8();
            boolean core = in.readBoolean();
            String message = in.readUtf8();
            synchronized (this) {
                exitSignal = new ExitSignal(signal, core, message);
                notifyAll();
            }
            return true;
        }
        return false;
    }

    /** Marks a request from the peer as being handled, until its reply is sent. */
    synchronized void beginInboundRequest() {
        inboundRequestsInFlight++;
    }

    synchronized void endInboundRequest() {
        inboundRequestsInFlight--;
        notifyAll();
    }

    /** Sends the reply to a peer's request. */
    void reply(boolean success) throws IOException {
        // under sendLock: a CLOSE sent meanwhile (a channel timeout's, from another thread) comes after it
        synchronized (sendLock) {
            int peer;
            synchronized (this) {
                if (closeSent) {
                    return;
                }
                peer = remoteId;
            }
            session.send(new WireWriter(8).writeByte(success ? SshMessage.CHANNEL_SUCCESS : SshMessage.CHANNEL_FAILURE)
                    .writeUint32(peer).toByteArray());
        }
    }

    /** The connection ended under the channel. */
    void terminate(SshException cause) {
        synchronized (this) {
            if (failure == null && !(closeSent && closeReceived)) {
                failure = cause;
            }
            pendingReplies.forEach(reply -> reply.complete(false));
            pendingReplies.clear();
            notifyAll();
        }
        opened.completeExceptionally(cause);
        stdout.fail(cause);
        stderr.fail(cause);
        closed.complete(null);
    }
}
