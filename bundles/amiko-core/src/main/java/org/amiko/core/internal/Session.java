// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.amiko.DisconnectException;
import org.amiko.DisconnectReason;
import org.amiko.SshException;
import org.amiko.core.TransportSettings;
import org.amiko.core.internal.io.NioConnection;
import org.amiko.core.internal.io.SerialExecutor;
import org.amiko.core.internal.io.Workers;
import org.amiko.core.internal.transport.EngineConfig;
import org.amiko.core.internal.transport.Packet;
import org.amiko.core.internal.transport.SshMessage;
import org.amiko.core.internal.transport.TransportEngine;
import org.amiko.spi.wire.WireFormatException;

/**
 * Binds one connection's parts: the socket ({@link NioConnection}), the transport engine, and the
 * serial executor on which the service layer (authentication, channels) handles messages in order.
 * The engine and the socket run on the I/O loop; everything that may block runs on the executor
 * or on the caller's thread.
 */
public final class Session implements TransportEngine.Host, NioConnection.Receiver {
    /** Service-layer backlog (messages, payload bytes) at which reading pauses, and below which it resumes. */
    private static final int PAUSE_BACKLOG = 256;
    private static final int RESUME_BACKLOG = 32;
    private static final long PAUSE_BACKLOG_BYTES = 1024 * 1024;
    private static final long RESUME_BACKLOG_BYTES = 256 * 1024;

    /** A host key the client must judge (first key exchange). */
    public record HostKeyOffer(String keyType, PublicKey key) {}

    /** What handles service-layer messages on the serial executor. */
    public interface Services {
        void handle(Packet packet) throws IOException;

        void terminated(SshException cause);
    }

    private final boolean client;
    private final TransportSettings settings;
    private final NioConnection connection;
    private final TransportEngine engine;
    private final SerialExecutor strand = new SerialExecutor(Workers.pool());
    private final CompletableFuture<Void> firstKex = new CompletableFuture<>();
    private final CompletableFuture<HostKeyOffer> hostKeyOffer = new CompletableFuture<>();
    private final CompletableFuture<SshException> closed = new CompletableFuture<>();
    private final List<Consumer<Map<String, byte[]>>> extInfoListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> tickListeners = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<Void>> keysWaiters = new CopyOnWriteArrayList<>();
    private volatile Services services;
    private volatile long lastReceived = System.nanoTime();
    private volatile ScheduledFuture<?> ticker;
    private final AtomicLong backlogBytes = new AtomicLong();
    /**
     * The message the engine just delivered, dispatched by {@link #received} once the engine has
     * returned and released its lock (loop thread only; the engine stops after each delivery).
     * Dispatching under the lock deadlocked: an inline channel message takes the connection
     * service's and the channel's monitors, and threads holding those (a global request, a channel
     * writer) wait for the engine's lock to send.
     */
    private Packet delivered;
    /**
     * Loop thread only: set while the engine holds its input ({@link #inputHeld}), and the bytes it
     * left unread meanwhile. Reading the socket is paused until {@link #releaseInput}.
     */
    private boolean inputHeld;
    private ByteBuffer heldInput;

    public Session(boolean client, TransportSettings settings, NioConnection connection, ConfiguredAlgorithms offer,
            Supplier<List<KeyPair>> hostKeys, SecureRandom random) {
        this.client = client;
        this.settings = settings;
        this.connection = connection;
        this.engine = new TransportEngine(new EngineConfig(client, settings.softwareVersion(),
                settings.maxPacketLength(), settings.rekeyBytes(), settings.rekeyInterval().toNanos(), random, offer,
                hostKeys), this);
    }

    /** Starts the version and key exchange; {@code handler} receives service-layer messages. */
    public void start(Services handler) {
        this.services = handler;
        // our identification goes out before the first byte is read: a peer's KEXINIT read first
        // would make us send ours ahead of our version line
        engine.start();
        // scheduled before the socket is read: a connection the peer closes at once ends on the
        // loop thread, and terminated() must find the task to cancel it, or it would tick forever
        ticker = Workers.timer().scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        connection.start(this);
        connection.flush();
    }

    public boolean isClient() {
        return client;
    }

    public TransportSettings settings() {
        return settings;
    }

    public TransportEngine engine() {
        return engine;
    }

    public NioConnection connection() {
        return connection;
    }

    public SerialExecutor strand() {
        return strand;
    }

    /** Completes when the first key exchange is done. */
    public CompletableFuture<Void> firstKex() {
        return firstKex;
    }

    /** Completes with the server's host key (client, first key exchange). */
    public CompletableFuture<HostKeyOffer> hostKeyOffer() {
        return hostKeyOffer;
    }

    /** Completes with the cause when the session ends. */
    public CompletableFuture<SshException> closed() {
        return closed;
    }

    /** Sends a payload and writes what the socket takes. */
    public void send(byte[] payload) throws IOException {
        engine.send(payload);
        connection.flush();
    }

    /** Sends a payload placed at {@link TransportEngine#FRAME_HEADROOM} in {@code buffer}, framed in place. */
    public void sendFramed(byte[] buffer, int length) throws IOException {
        sendFramed(buffer, length, false);
    }

    /**
     * As {@link #sendFramed(byte[], int)}; with {@code more}, the caller has the next packet at hand
     * and the write may wait for it, so a burst of packets leaves in one gathering write instead of
     * one system call each. It never waits past a quarter of the output high-water mark, which
     * {@link #awaitWritable()} could otherwise wait on forever.
     */
    public void sendFramed(byte[] buffer, int length, boolean more) throws IOException {
        engine.sendFramed(buffer, length);
        if (!more || connection.queued() >= settings.outputHighWater() / 4) {
            connection.flush();
        }
    }

    /**
     * An array of {@code length} bytes to build a bulk packet in for {@link #sendFramed}: one the
     * socket has finished writing when there is one, else a new one. Contents undefined.
     */
    public byte[] packetArray(int length) {
        byte[] spare = connection.takeSpare(length);
        return spare != null ? spare : new byte[length];
    }

    /** Writes whatever {@link #sendFramed(byte[], int, boolean)} left queued. */
    public void flushOutput() {
        connection.flush();
    }

    /** Waits until channel data may be sent: no key exchange holds output, the socket queue is short. */
    public void awaitWritable() throws IOException {
        try {
            if (!engine.awaitOutboundOpen(0, TimeUnit.SECONDS)) {
                // a key exchange holds output, perhaps started by the packet this thread just queued
                // with "more": our KEXINIT must leave before we wait for the peer to answer it
                connection.flush();
                while (!engine.awaitOutboundOpen(1, TimeUnit.SECONDS)) {
                    // loop: re-checks for termination each second
                }
            }
            while (!connection.awaitQueuedBelow(settings.outputHighWater(), 1, TimeUnit.SECONDS)) {
                if (engine.terminationCause() != null) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to send");
        }
        SshException cause = engine.terminationCause();
        if (cause != null) {
            throw new SshException("connection closed: " + cause.getMessage(), cause);
        }
    }

    /** Sends DISCONNECT and closes. */
    public void disconnect(DisconnectReason reason, String description) {
        engine.disconnect(reason, description);
        connection.flush();
    }

    public void onExtInfo(Consumer<Map<String, byte[]>> listener) {
        extInfoListeners.add(listener);
    }

    /** Runs {@code listener} about once a second (keepalive, login grace time). */
    public void onTick(Runnable listener) {
        tickListeners.add(listener);
    }

    /** Nanos of the last bytes received, for keepalive. */
    public long lastReceived() {
        return lastReceived;
    }

    // ---- NioConnection.Receiver (I/O loop thread) ----

    @Override
    public void received(ByteBuffer bytes) {
        lastReceived = System.nanoTime();
        if (heldInput != null) {
            // read before the pause took effect: kept behind what is already held
            heldInput = ByteBuffer.allocate(heldInput.remaining() + bytes.remaining()).put(heldInput).put(bytes).flip();
            return;
        }
        int left;
        do {
            left = bytes.remaining();
            engine.receive(bytes);
            dispatchDelivered();
        } while (bytes.hasRemaining() && bytes.remaining() < left);
        if (inputHeld && bytes.hasRemaining()) {
            // the loop's read buffer is reused: keep a copy; at most one read, the socket is paused
            heldInput = ByteBuffer.allocate(bytes.remaining()).put(bytes).flip();
            connection.pauseReading(NioConnection.KEY_EXCHANGE, true);
        }
        updateBacklogPause();
        connection.flush();
        connection.limitOutput(4 * settings.outputHighWater(), settings.outputHighWater());
    }

    @Override
    public void lost(IOException cause) {
        engine.connectionLost(cause);
    }

    // ---- TransportEngine.Host (under the engine lock; output under the engine's output lock) ----

    @Override
    public void output(byte[] bytes, int length) {
        connection.enqueue(bytes, length);
    }

    @Override
    public void deliver(Packet packet) {
        backlogBytes.addAndGet(packet.data().length);
        delivered = packet;
    }

    /** Hands the message {@link #deliver} took to the service layer (loop thread, no engine lock). */
    private void dispatchDelivered() {
        Packet packet = delivered;
        if (packet == null) {
            return;
        }
        delivered = null;
        int type = packet.type();
        // channel data and window adjustments never block, so when nothing is waiting ahead of them
        // they are handled right here on the I/O thread, sparing bulk transfers a thread hand-off
        boolean inline = (type == SshMessage.CHANNEL_DATA || type == SshMessage.CHANNEL_EXTENDED_DATA
                || type == SshMessage.CHANNEL_WINDOW_ADJUST) && strand.tryRunInline(() -> dispatch(packet));
        if (!inline) {
            strand.execute(() -> dispatch(packet));
        }
    }

    /**
     * Pauses reading while the service layer lags (too many messages or bytes queued) and resumes
     * with hysteresis. Both the loop thread and the service thread call it after changing the
     * backlog; the decision is made under the connection's monitor with fresh numbers, so the last
     * call always sees the last change and no wake-up is lost.
     */
    private void updateBacklogPause() {
        connection.pauseReadingIf(NioConnection.BACKLOG, paused -> {
            int messages = strand.backlog();
            long bytes = backlogBytes.get();
            if (paused == 1) {
                return messages >= RESUME_BACKLOG || bytes >= RESUME_BACKLOG_BYTES;
            }
            return messages > PAUSE_BACKLOG || bytes > PAUSE_BACKLOG_BYTES;
        });
    }

    @Override
    public void compute(Runnable work) {
        Workers.pool().execute(() -> {
            work.run();
            connection.flush();
        });
    }

    @Override
    public void inputHeld() {
        inputHeld = true; // called from receive, on the loop thread
    }

    @Override
    public void inputReleased() {
        connection.onLoop(this::releaseInput);
    }

    /** Feeds what the engine left unread while it held its input, then reads the socket again. */
    private void releaseInput() {
        if (engine.isInputHeld()) {
            // posted when one hold ended, run after the next began (a client computes its INIT,
            // then checks the reply, each on a worker): this release is not for the bytes held now,
            // which the next hold's own release feeds. Feeding them now would drop them.
            return;
        }
        inputHeld = false;
        ByteBuffer held = heldInput;
        heldInput = null;
        if (held != null) {
            received(held);
        }
        if (heldInput == null) {
            connection.pauseReading(NioConnection.KEY_EXCHANGE, false);
        }
    }

    @Override
    public void hostKeyReceived(String keyType, PublicKey key) {
        hostKeyOffer.complete(new HostKeyOffer(keyType, key));
    }

    @Override
    public void keysEstablished(boolean first) {
        if (first) {
            firstKex.complete(null);
        }
        for (CompletableFuture<Void> waiter : keysWaiters) {
            waiter.complete(null);
            keysWaiters.remove(waiter);
        }
    }

    /** Completes {@code waiter} when the next key exchange finishes (or fails with the session). */
    public void onKeysEstablished(CompletableFuture<Void> waiter) {
        keysWaiters.add(waiter);
        SshException cause = engine.terminationCause();
        if (cause != null) {
            waiter.completeExceptionally(cause);
        }
    }

    @Override
    public void extInfoReceived(Map<String, byte[]> extensions) {
        for (Consumer<Map<String, byte[]>> listener : extInfoListeners) {
            listener.accept(extensions);
        }
    }

    @Override
    public void terminated(SshException cause) {
        connection.closeAfterFlush();
        ScheduledFuture<?> task = ticker;
        if (task != null) {
            task.cancel(false);
        }
        firstKex.completeExceptionally(cause);
        hostKeyOffer.completeExceptionally(cause);
        keysWaiters.forEach(waiter -> waiter.completeExceptionally(cause));
        strand.execute(() -> {
            Services handler = services;
            if (handler != null) {
                handler.terminated(cause);
            }
            closed.complete(cause);
        });
    }

    // ---- service layer (serial executor) ----

    private void dispatch(Packet packet) {
        try {
            if (engine.terminationCause() == null) {
                services.handle(packet);
            }
        } catch (DisconnectException e) {
            if (e.isLocal()) {
                disconnect(e.getReason(), e.getDescription());
            }
        } catch (WireFormatException e) {
            disconnect(DisconnectReason.PROTOCOL_ERROR, "malformed message " + packet.type() + ": " + e.getMessage());
        } catch (IOException e) {
            // sending failed: the engine has already terminated and said why
        } catch (RuntimeException e) {
            disconnect(DisconnectReason.PROTOCOL_ERROR, "internal error handling message " + packet.type());
        } finally {
            backlogBytes.addAndGet(-packet.data().length);
            updateBacklogPause();
        }
    }

    private void tick() {
        engine.tick();
        connection.flush();
        connection.trimSpares();
        for (Runnable listener : tickListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                // a failing listener must not stop the ticker
            }
        }
    }
}
