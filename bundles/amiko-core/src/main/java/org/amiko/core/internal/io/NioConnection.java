// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.io;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * A TCP connection driven by an {@link IoLoop} (or a Unix socket to a tunnel, the same but for
 * the TCP options). Outgoing bytes queue here and are written with one gathering write, so a
 * flight of handshake packets leaves as one segment; the thread that flushes writes, one at a
 * time and without holding the connection's monitor. TCP_NODELAY is set, as every handshake round
 * trip would otherwise wait on delayed ACKs. Writers may wait for the queue to drain below a
 * bound, which carries the socket's backpressure up to channel writers.
 */
public final class NioConnection {
    /** What the connection feeds. */
    public interface Receiver {
        /** Bytes arrived (on the loop thread). */
        void received(ByteBuffer bytes);

        /** The peer closed or the socket failed. */
        void lost(IOException cause);
    }

    private static final int GATHER_BUFFERS = 16;
    private static final int GATHER_BYTES = 256 * 1024;

    private final SocketChannel channel;
    private final IoLoop loop;
    private final InetSocketAddress peer;
    /** A TCP socket, not a Unix one: only TCP has the options set here. */
    private final boolean tcp;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private final ByteBuffer[] gathered = new ByteBuffer[GATHER_BUFFERS];
    private long gatheredBytes;
    private final SpareArrays spares = new SpareArrays(SpareArrays.SENT, Long.MAX_VALUE);
    private Receiver receiver;
    private SelectionKey key;
    private long queued;
    /** Bytes written since the start, for {@link #closeAfterFlush(Duration)} to see progress. */
    private long writtenTotal;
    /** How long a connection that has ended may go without writing a byte of what it still has queued. */
    static final Duration STALLED_CLOSE = Duration.ofSeconds(30);
    private boolean closeWhenFlushed;
    /** The next look at a close-after-flush that may have stalled, cancelled when the connection closes. */
    private ScheduledFuture<?> stallCheck;
    private boolean closed;
    /** A thread is in {@link #writeQueued}'s socket write, and owns {@link #gathered} until it is done. */
    private boolean writing;
    /** Why reading is paused: a bit per {@link #BACKLOG} / {@link #OUTPUT} / {@link #KEY_EXCHANGE}; read while none is set. */
    private int pauseReasons;

    /** The service layer has more queued than it should hold. */
    public static final int BACKLOG = 1;
    /** The peer is not reading what we send, so we stop reading what provokes more. */
    public static final int OUTPUT = 2;
    /** The engine reads nothing while our share of a key exchange is computed on a worker. */
    public static final int KEY_EXCHANGE = 4;

    public NioConnection(SocketChannel channel, IoLoop loop) throws IOException {
        this(channel, loop, null);
    }

    /**
     * @param peerName the SSH peer's address when the channel's remote address is not it (a Unix
     *     socket pair to a tunnel); null takes the channel's
     */
    public NioConnection(SocketChannel channel, IoLoop loop, InetSocketAddress peerName) throws IOException {
        this.channel = channel;
        this.loop = loop;
        channel.configureBlocking(false);
        SocketAddress remote = channel.getRemoteAddress();
        tcp = remote instanceof InetSocketAddress;
        if (tcp) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        }
        this.peer = peerName != null ? peerName : tcp ? (InetSocketAddress) remote : null;
    }

    /** Starts reading into {@code receiver}. */
    public void start(Receiver target) {
        this.receiver = target;
        loop.register(channel, this);
    }

    /** Runs {@code task} on this connection's I/O loop thread, after what it is doing now. */
    public void onLoop(Runnable task) {
        loop.execute(task);
    }

    public InetSocketAddress peer() {
        return peer;
    }

    /** The local address of a TCP connection, else null. */
    public InetSocketAddress local() {
        try {
            return channel.getLocalAddress() instanceof InetSocketAddress local ? local : null;
        } catch (IOException e) {
            return null;
        }
    }

    synchronized void attach(SelectionKey selectionKey) {
        if (closed) {
            selectionKey.cancel();
            return;
        }
        key = selectionKey;
        updateInterest();
    }

    /** Queues the first {@code length} bytes of {@code bytes}; {@link #flush()} sends them. */
    public synchronized void enqueue(byte[] bytes, int length) {
        if (closed) {
            return;
        }
        queue.add(ByteBuffer.wrap(bytes, 0, length));
        queued += length;
    }

    /**
     * Writes what the socket takes now, or leaves it to the thread writing already; the loop writes
     * the rest when the socket is writable.
     */
    public void flush() {
        IOException failure = writeQueued();
        if (failure != null && receiver != null) {
            // outside the monitor: the receiver takes the engine's lock, which is taken before ours
            receiver.lost(failure);
        }
    }

    /**
     * Writes the queue to the socket, one thread at a time and outside this monitor: the system
     * call takes tens of microseconds for a bulk packet, and a channel writer holding the monitor
     * through it made the I/O thread, which takes the monitor after every read (to flush, to
     * decide on pausing), sleep and be woken thousands of times per GiB of a download. A thread
     * that finds another writing leaves its bytes to that one, which looks at the queue again
     * under the monitor before it stops, so nothing queued is left unwritten.
     */
    private IOException writeQueued() {
        int count;
        synchronized (this) {
            if (closed) {
                return null;
            }
            if (writing) {
                // no write interest till the writer is done: a writable socket would only bring
                // the loop back here, round and round
                updateInterest();
                return null;
            }
            if (queue.isEmpty()) {
                afterWriting();
                return null;
            }
            writing = true;
            count = gather();
        }
        while (true) {
            long written = 0;
            IOException failure = null;
            try {
                written = channel.write(gathered, 0, count);
            } catch (IOException e) {
                failure = e;
            }
            synchronized (this) {
                long offered = gatheredBytes;
                Arrays.fill(gathered, 0, count, null);
                if (closed || failure != null) {
                    writing = false;
                    if (closed) {
                        // closed under the write: not the peer's failure
                        return null;
                    }
                    closeNow();
                    return failure;
                }
                queued -= written;
                writtenTotal += written;
                while (!queue.isEmpty() && !queue.peek().hasRemaining()) {
                    spares.offer(queue.poll().array());
                }
                if (written < offered || queue.isEmpty()) {
                    writing = false;
                    afterWriting();
                    return null;
                }
                count = gather();
            }
        }
    }

    /** What follows a write, under the monitor: waking waiters, closing when flushed, pausing and interest. */
    private void afterWriting() {
        if (queue.isEmpty()) {
            notifyAll();
            if (closeWhenFlushed) {
                closeNow();
                return;
            }
        }
        if ((pauseReasons & OUTPUT) != 0 && queued < outputResume) {
            pauseReasons &= ~OUTPUT;
        }
        updateInterest();
    }

    /**
     * Puts the head of the queue into {@link #gathered} and its size into {@link #gatheredBytes}: at
     * most {@link #GATHER_BUFFERS} buffers or {@link #GATHER_BYTES} bytes. The JDK copies every heap
     * buffer of a gathering write into native memory before the system call, so offering a long
     * queue to a socket that takes a little of it would copy the whole queue again on every write.
     */
    private int gather() {
        int count = 0;
        long bytes = 0;
        for (ByteBuffer buffer : queue) {
            if (count == GATHER_BUFFERS || bytes >= GATHER_BYTES) {
                break;
            }
            gathered[count++] = buffer;
            bytes += buffer.remaining();
        }
        gatheredBytes = bytes;
        return count;
    }

    /**
     * An array of exactly {@code length} bytes that the socket has written, for the next bulk
     * packet, or null (see {@link SpareArrays}).
     */
    public synchronized byte[] takeSpare(int length) {
        return spares.take(length);
    }

    /** Once a tick: drops the spare arrays unless bulk data is flowing. */
    public synchronized void trimSpares() {
        spares.trimIfIdle();
    }

    /** Bytes waiting to be written. */
    public synchronized long queued() {
        return queued;
    }

    private long outputResume = Long.MAX_VALUE;

    /**
     * Stops reading while more than {@code pauseAt} bytes wait to be written, until fewer than
     * {@code resumeAt} do: a peer that sends requests but never reads the replies cannot make our
     * output queue grow without bound.
     */
    public synchronized void limitOutput(long pauseAt, long resumeAt) {
        outputResume = resumeAt;
        if (queued > pauseAt) {
            pauseReading(OUTPUT, true);
        }
    }

    /**
     * Waits until fewer than {@code limit} bytes wait to be written.
     *
     * @return false on timeout
     */
    public synchronized boolean awaitQueuedBelow(long limit, long timeout, TimeUnit unit)
            throws InterruptedException, IOException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (queued >= limit && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        if (closed) {
            throw new EOFException("connection closed");
        }
        return true;
    }

    /**
     * Stops or resumes reading for one reason; reading goes on only while no reason holds. A peer
     * is held back by TCP while the service layer catches up, or while it does not read our output.
     */
    public synchronized void pauseReading(int reason, boolean paused) {
        int before = pauseReasons;
        pauseReasons = paused ? pauseReasons | reason : pauseReasons & ~reason;
        if (before != pauseReasons) {
            updateInterest();
        }
    }

    /** As {@link #pauseReading}, deciding under this connection's monitor with a fresh reading. */
    public synchronized void pauseReadingIf(int reason, IntPredicate decision) {
        boolean paused = (pauseReasons & reason) != 0;
        pauseReading(reason, decision.test(paused ? 1 : 0));
    }

    /** Closes once everything queued has been written (after a DISCONNECT). */
    public void closeAfterFlush() {
        closeAfterFlush(STALLED_CLOSE);
    }

    /**
     * As {@link #closeAfterFlush()}, closing at once should a whole {@code stalled} pass without a
     * byte written: a peer that stops reading would otherwise keep the socket, and everything we
     * queued for it, for as long as it likes, after the connection has ended. A peer that reads,
     * however slowly, gets all of it.
     */
    void closeAfterFlush(Duration stalled) {
        synchronized (this) {
            closeWhenFlushed = true;
        }
        flush();
        closeIfStalled(stalled, -1);
    }

    /** Closes unless a byte was written since {@code writtenBefore}; else looks again after {@code stalled}. */
    private synchronized void closeIfStalled(Duration stalled, long writtenBefore) {
        if (closed) {
            return;
        }
        if (writtenBefore == writtenTotal) {
            closeNow();
            return;
        }
        long writtenNow = writtenTotal;
        try {
            // another thread's write may finish the flush and close first: closeNow cancels this
            stallCheck = Workers.timer().schedule(() -> closeIfStalled(stalled, writtenNow), stalled.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            closeNow(); // the engine is stopping: nothing would come back to close it
        }
    }

    /** Closes at once. */
    public synchronized void closeNow() {
        if (closed) {
            return;
        }
        closed = true;
        if (stallCheck != null) {
            stallCheck.cancel(false);
        }
        queue.clear();
        queued = 0;
        spares.clear();
        notifyAll();
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing more can be done with a socket that fails to close
        }
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    void readFrom(ByteBuffer buffer) {
        int count;
        try {
            count = channel.read(buffer);
        } catch (IOException e) {
            closeNow();
            receiver.lost(e);
            return;
        }
        if (count < 0) {
            closeNow();
            receiver.lost(new EOFException("connection closed by peer"));
            return;
        }
        buffer.flip();
        receiver.received(buffer);
        acknowledgeNow();
    }

    /**
     * Sends the ACK for what was just read now rather than after Linux's 40 ms delayed-ACK timer,
     * when nothing we wrote in answer carried it. A peer whose socket is not TCP_NODELAY (OpenSSH's
     * client outside interactive sessions) holds back its next small packet until its previous one
     * is acknowledged (Nagle), and SSH handshakes send exactly such pairs: KEXINIT then the kex
     * init, NEWKEYS then SERVICE_REQUEST. Without this every connection waits twice for the timer.
     */
    private void acknowledgeNow() {
        if (!tcp) {
            return;
        }
        SocketOption<Boolean> option = QuickAck.option(channel);
        // the data just read may have been the peer's DISCONNECT, which closed the socket
        if (option != null && channel.isOpen()) {
            try {
                channel.setOption(option, Boolean.TRUE);
            } catch (IOException | UnsupportedOperationException e) {
                // only a latency optimisation; the kernel's timer acknowledges anyway
            }
        }
    }

    void failed(IOException cause) {
        closeNow();
        // called on the loop thread, holding no monitor
        if (receiver != null) {
            receiver.lost(cause);
        }
    }

    private void updateInterest() {
        if (key == null || !key.isValid()) {
            return;
        }
        int ops = (pauseReasons != 0 || closeWhenFlushed ? 0 : SelectionKey.OP_READ)
                | (queue.isEmpty() || writing ? 0 : SelectionKey.OP_WRITE);
        if (key.interestOps() != ops) {
            key.interestOps(ops);
            if (!loop.inLoop()) {
                loop.wakeup();
            }
        }
    }
}
