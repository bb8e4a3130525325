// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.amiko.AlgorithmNegotiationException;
import org.amiko.DisconnectException;
import org.amiko.DisconnectReason;
import org.amiko.SessionBinding;
import org.amiko.SshException;
import org.amiko.spi.wire.PeerText;
import org.amiko.spi.wire.WireFormatException;
import org.amiko.spi.wire.WireReader;
import org.amiko.spi.wire.WireWriter;

/**
 * The SSH transport layer (RFC 4253) as a sans-I/O state machine: bytes in through
 * {@link #receive}, packets out through {@link Host#output}, service-layer messages out through
 * {@link Host#deliver}. It owns no socket and no thread; every entry point takes the engine's lock,
 * and callbacks run under it and must not block.
 *
 * <p>It handles the version exchange, the binary packets, the transport's own messages
 * ({@code IGNORE}, {@code DEBUG}, {@code UNIMPLEMENTED}, {@code DISCONNECT}, RFC 8308
 * {@code EXT_INFO}, the {@code ssh-userauth} service request), what strict key exchange
 * ({@code kex-strict-*-v00@openssh.com}, OpenSSH PROTOCOL section 1.10, the Terrapin fix) forbids,
 * and how the connection ends. The key exchanges themselves, initial and later, are
 * {@link KexFlow}'s.
 */
public final class TransportEngine {
    /** RFC 4253 section 10. */
    public static final String USERAUTH_SERVICE = "ssh-userauth";

    /** What the engine needs from its surroundings; every call is made under the engine's lock. */
    public interface Host {
        /**
         * The first {@code length} bytes of {@code bytes} to send, in order; the array is handed
         * over. Called under the engine's output lock, which channel data takes without the engine
         * lock: the host must not take the engine lock here.
         */
        void output(byte[] bytes, int length);

        /**
         * A service-layer message (number 50 and above, and SERVICE_ACCEPT), in order of arrival.
         * {@link #receive} returns right after this call, so the host can handle the message
         * without holding the engine's lock before the next one is read.
         */
        void deliver(Packet packet);

        /** Client, first exchange: the caller must answer with {@link #hostKeyVerdict}. */
        void hostKeyReceived(String keyType, PublicKey key);

        /** New keys are in use in both directions. */
        void keysEstablished(boolean first);

        /** The peer's {@code SSH_MSG_EXT_INFO}. */
        void extInfoReceived(Map<String, byte[]> extensions);

        /** The engine has stopped: close the connection once the pending output is written. */
        void terminated(SshException cause);

        /**
         * Runs CPU-heavy key-exchange work on another thread, then writes the output it left. The
         * work takes the engine's lock again when it has a result, so the caller's lock is not
         * held while it computes.
         */
        void compute(Runnable work);

        /**
         * Client: {@link #receive} reads nothing more until {@link #inputReleased}, while its share
         * of a key exchange (the INIT, the check of the reply) is computed on a worker; the host
         * keeps what is unread and stops reading the socket.
         */
        void inputHeld();

        /**
         * The input held since {@link #inputHeld} may be fed again; called from whichever thread
         * ended the hold (a worker, the timer, the caller's verdict). It may come after the next
         * hold has begun, so the host checks {@link #isInputHeld} before it feeds anything.
         */
        void inputReleased();
    }

    private final EngineConfig config;
    private final Host host;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition outboundOpen = lock.newCondition();
    /**
     * Guards the {@link PacketWriter}, and so the order of our packets on the wire. Taken inside
     * {@link #lock} where both are needed, never around it, so that channel data can be sealed
     * under this lock alone (see {@link #sendFramed}) while the I/O thread reads under the other.
     */
    private final ReentrantLock outputLock = new ReentrantLock();
    /**
     * Whether channel data may be sealed under {@link #outputLock} alone: the engine runs and no
     * key exchange holds our output. Written under {@link #outputLock}, in the same hold as the
     * KEXINIT or DISCONNECT that ends it, so no bulk packet follows either on the wire.
     */
    private volatile boolean bulkOpen;
    private final VersionExchange versionExchange;
    private final PacketReader reader;
    private final PacketWriter writer;
    private final String localVersion;
    private final KexFlow kex;

    private String remoteVersion;
    private boolean started;
    private boolean userauthAccepted;
    /** Set when {@link #receive} has handed a message over, so that it returns (under the lock). */
    private boolean handedOver;
    /** Whether the host was told to hold input ({@link Host#inputHeld}) and not yet to release it. */
    private boolean inputHeld;
    private List<String> serverSigAlgs;
    private boolean extInfoReceived;
    /** Client: the server's first EXT_INFO offered host-bound public key authentication. */
    private boolean serverTakesHostBound;
    /** Why the engine stopped; written under {@link #lock}, read anywhere. */
    private volatile SshException terminated;

    public TransportEngine(EngineConfig config, Host host) {
        this.config = config;
        this.host = host;
        this.versionExchange = new VersionExchange(config.client());
        this.reader = new PacketReader(config.maxPacketLength());
        this.writer = new PacketWriter(config.random());
        this.localVersion = "SSH-2.0-" + config.softwareVersion();
        this.kex = new KexFlow(config, host, reader, writer, outputLock, new KexFlow.Link() {
            @Override
            public void write(byte[] payload) throws IOException {
                TransportEngine.this.write(payload);
            }

            @Override
            public void outputReleased() {
                outboundOpen.signalAll();
                openBulk();
            }

            @Override
            public String clientVersion() {
                return config.client() ? localVersion : remoteVersion;
            }

            @Override
            public String serverVersion() {
                return config.client() ? remoteVersion : localVersion;
            }

            @Override
            public void compute(Runnable work) {
                host.compute(work);
            }

            @Override
            public void resume(KexFlow.KexStep step) {
                whileOpen(step);
            }
        });
    }

    /** Sends our identification line and our first KEXINIT in one flight; later calls do nothing. */
    public void start() {
        lock.lock();
        try {
            if (started) {
                return;
            }
            started = true;
            byte[] identification = VersionExchange.identification(config.softwareVersion());
            host.output(identification, identification.length);
            kex.begin();
        } catch (IOException e) {
            fail(e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Feeds received bytes: consumes {@code input} up to the end of the first message handed to
     * {@link Host#deliver}, or all of it. The caller dispatches that message, with this engine's
     * lock released, and calls again while bytes remain. After {@link Host#inputHeld} it consumes
     * nothing until {@link Host#inputReleased}.
     */
    public void receive(ByteBuffer input) {
        lock.lock();
        try {
            // the version line must precede anything a received message makes us send
            start();
            if (terminated != null) {
                input.position(input.limit());
                return;
            }
            if (remoteVersion == null) {
                if (!versionExchange.read(input)) {
                    return;
                }
                remoteVersion = versionExchange.remoteVersion();
            }
            Packet packet;
            while (terminated == null && !kex.holdsInput() && (packet = reader.read(input)) != null) {
                handle(packet);
                if (handedOver) {
                    handedOver = false;
                    break;
                }
            }
            if (terminated == null && kex.holdsInput() && !inputHeld) {
                inputHeld = true;
                host.inputHeld();
            }
            if (terminated == null) {
                kex.rekeyIfDue();
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends a payload. During a key exchange, messages other than transport and key-exchange ones
     * are held and sent, in order, as soon as our NEWKEYS is out (RFC 4253 section 7.1).
     */
    public void send(byte[] payload) throws IOException {
        lock.lock();
        try {
            checkOpen();
            int type = payload[0] & 0xff;
            boolean allowedNow = SshMessage.isKex(type)
                    || (SshMessage.isTransportGeneric(type) && type != SshMessage.SERVICE_REQUEST
                            && type != SshMessage.SERVICE_ACCEPT && type != SshMessage.EXT_INFO);
            if (kex.holdsOutput() && !allowedNow) {
                hold(payload);
            } else {
                write(payload);
                kex.rekeyIfDue();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Our messages a key exchange may hold back before it counts as stalled (see {@link #hold}). */
    static final long MAX_HELD_BYTES = 16L << 20;

    /** Bytes a buffer given to {@link #sendFramed} must leave free before the payload. */
    public static final int FRAME_HEADROOM = PacketWriter.HEADROOM;
    /** Bytes a buffer given to {@link #sendFramed} should leave free after the payload. */
    public static final int FRAME_TAILROOM = PacketWriter.TAILROOM;

    /**
     * Sends a payload of {@code length} bytes that sits at {@code buffer[FRAME_HEADROOM ..]}, framed
     * and sealed in that same buffer when it has {@link #FRAME_TAILROOM} bytes free after the
     * payload: bulk channel data then costs no copy here. The buffer is handed over.
     */
    public void sendFramed(byte[] buffer, int length) throws IOException {
        if (sealWithoutEngineLock(buffer, length)) {
            rekeyIfDueWhenFree();
            return;
        }
        lock.lock();
        try {
            checkOpen();
            if (kex.holdsOutput()) {
                hold(Arrays.copyOfRange(buffer, FRAME_HEADROOM, FRAME_HEADROOM + length));
            } else {
                queueFramed(buffer, length);
                kex.rekeyIfDue();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Seals and queues channel data under {@link #outputLock} alone, unless {@link #bulkOpen} says
     * the engine must decide (a key exchange holds output, or the engine stopped). Sealed under
     * the engine lock, a download's packets (about 10 microseconds each for 32 KiB of aes128-gcm)
     * kept the I/O thread, which reads the peer's window adjustments under that lock, asleep and
     * waking about 1,800 times per GiB.
     *
     * @return false if nothing was sent
     */
    private boolean sealWithoutEngineLock(byte[] buffer, int length) throws IOException {
        outputLock.lock();
        try {
            if (!bulkOpen) {
                return false;
            }
            queueFramed(buffer, length);
            return true;
        } finally {
            outputLock.unlock();
        }
    }

    /** Frames and seals a payload in its own buffer and queues it, under {@link #outputLock}. */
    private void queueFramed(byte[] buffer, int length) throws IOException {
        outputLock.lock();
        try {
            PacketWriter.Frame frame = writer.frameInPlace(buffer, length);
            host.output(frame.bytes(), frame.length());
        } finally {
            outputLock.unlock();
        }
    }

    /**
     * Starts a re-exchange if a byte or packet limit was reached, when the engine lock is free. When
     * it is not, its holder is most often the I/O thread in {@link #receive}, which checks the
     * same limits before it lets go; else the next packet checks.
     */
    private void rekeyIfDueWhenFree() throws IOException {
        if (!lock.tryLock()) {
            return;
        }
        try {
            if (terminated == null) {
                kex.rekeyIfDue();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Lets {@link #sendFramed} past the engine lock again once our NEWKEYS and what was held are out. */
    private void openBulk() {
        outputLock.lock();
        try {
            bulkOpen = terminated == null && !kex.holdsOutput();
        } finally {
            outputLock.unlock();
        }
    }

    /**
     * Keeps a message back until our NEWKEYS is out, or ends the connection when the exchange
     * already keeps {@link #MAX_HELD_BYTES}: a peer that starts a key exchange and never finishes
     * it, while it goes on sending requests, would otherwise grow our held replies without bound.
     * Bulk senders wait for the exchange before they build a packet ({@link #awaitOutboundOpen}),
     * so an honest exchange holds at most a packet per writing thread and a few replies.
     */
    private void hold(byte[] payload) throws SshException {
        if (kex.heldBytes() + payload.length > MAX_HELD_BYTES) {
            DisconnectException stalled = new DisconnectException(DisconnectReason.KEY_EXCHANGE_FAILED,
                    "the key exchange held back " + (MAX_HELD_BYTES >> 20) + " MiB of our messages without the peer"
                            + " finishing it",
                    true);
            fail(stalled);
            throw stalled;
        }
        kex.hold(payload);
    }

    /**
     * Waits while a key exchange holds our outbound messages, so bulk senders do not pile up data
     * in memory during a rekey.
     *
     * @return false on timeout
     */
    public boolean awaitOutboundOpen(long timeout, TimeUnit unit) throws InterruptedException, IOException {
        if (bulkOpen) {
            return true;
        }
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (terminated == null && kex.holdsOutput()) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = outboundOpen.awaitNanos(nanos);
            }
            checkOpen();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Starts a key re-exchange now, unless one is already running (RFC 4253 section 9). */
    public void requestRekey() throws IOException {
        requestRekey(null);
    }

    /**
     * Starts a key re-exchange because the algorithms on offer changed. If one is running, another
     * follows it, so the new offer is what the session ends up with. Should the peer and the new
     * offer share nothing, the disconnect names {@code reason}.
     */
    public void requestRekey(String reason) throws IOException {
        lock.lock();
        try {
            checkOpen();
            kex.requestRekey(reason);
        } finally {
            lock.unlock();
        }
    }

    /** Once a second: the time-based rekey, and dropping received arrays kept for a transfer that ended. */
    public void tick() {
        reader.trimSpares();
        whileOpen(kex::rekeyIfDue);
    }

    /**
     * Takes back the array of a received packet whose channel data the application has read to
     * the end, which nobody holds any more, for a later packet of its length. Any thread; no lock
     * but the reader's spares' own.
     */
    public void recycleReceived(byte[] array) {
        reader.offerSpare(array);
    }

    /** Client: the answer to {@link Host#hostKeyReceived}. */
    public void hostKeyVerdict(boolean trusted) {
        whileOpen(() -> {
            if (!kex.awaitsVerdict()) {
                return;
            }
            if (!trusted) {
                disconnect(DisconnectReason.HOST_KEY_NOT_VERIFIABLE, "host key not trusted: " + kex.negotiatedHostKeyName());
                return;
            }
            kex.hostKeyTrusted();
        });
    }

    /**
     * Runs {@code step} under the lock unless the engine has stopped; whatever it throws stops the
     * engine, as a failure while reading does. For calls from other threads (the timer, the
     * caller's host-key verdict, key-exchange work done on a worker).
     */
    private void whileOpen(KexFlow.KexStep step) {
        lock.lock();
        try {
            if (terminated == null) {
                step.run();
                if (inputHeld && !kex.holdsInput()) {
                    inputHeld = false;
                    host.inputReleased();
                }
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
        } finally {
            lock.unlock();
        }
    }

    /** Sends {@code SSH_MSG_DISCONNECT} and stops (RFC 4253 section 11.1). */
    public void disconnect(DisconnectReason reason, String description) {
        lock.lock();
        try {
            if (terminated != null) {
                return;
            }
            writeDisconnect(reason, description);
            terminate(new DisconnectException(reason, description, true));
        } finally {
            lock.unlock();
        }
    }

    /** The connection broke underneath (EOF or an I/O error). */
    public void connectionLost(IOException cause) {
        lock.lock();
        try {
            if (terminated == null) {
                DisconnectException held = reader.heldFailure();
                DisconnectException lost = new DisconnectException(DisconnectReason.CONNECTION_LOST,
                        (cause.getMessage() == null ? "connection closed by peer" : cause.getMessage())
                        // a CBC failure whose discard the peer cut short: why it ended is that failure
                        + (held == null ? "" : " while dropping the input after " + held.getMessage()), false);
                lost.initCause(held == null ? cause : held);
                terminate(lost);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Answers a message the service layer does not know (RFC 4253 section 11.4). */
    public void sendUnimplemented(int sequence) throws IOException {
        send(new WireWriter(8).writeByte(SshMessage.UNIMPLEMENTED).writeUint32(sequence).toByteArray());
    }

    // ---- state for the layers above ----

    private <T> T locked(Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    public byte[] sessionId() {
        return locked(() -> kex.sessionId() == null ? null : kex.sessionId().clone());
    }

    public String localVersion() {
        return localVersion;
    }

    public String remoteVersion() {
        return locked(() -> remoteVersion);
    }

    /** The suite of the last completed key exchange, or null before the first. */
    public NegotiatedSuite suite() {
        return locked(kex::suite);
    }

    public boolean isStrictKex() {
        return locked(kex::isStrictKex);
    }

    /** Client: the server's {@code server-sig-algs}, or null if it sent none. */
    public List<String> serverSigAlgs() {
        return locked(() -> serverSigAlgs);
    }

    /**
     * Whether user authentication by public key binds the server's host key ({@code
     * publickey-hostbound-v00@openssh.com}, OpenSSH PROTOCOL section 3.1): on the client, when the
     * server's first EXT_INFO offered it; on the server, when our first EXT_INFO did.
     */
    public boolean hostBoundAuth() {
        return locked(() -> config.client() ? serverTakesHostBound : kex.extInfoSent());
    }

    /** The host key blob of the first key exchange, or null before it (see {@link #hostBoundAuth}). */
    public byte[] sessionHostKey() {
        return locked(() -> kex.sessionHostKey() == null ? null : kex.sessionHostKey().clone());
    }

    /**
     * What the first key exchange proved, for OpenSSH's agent {@code session-bind@openssh.com}
     * (PROTOCOL.agent): the host key blob, the session identifier and the host's signature over
     * it; null before that exchange completed.
     */
    public SessionBinding sessionBinding() {
        return locked(() -> kex.sessionSignature() == null ? null
                : new SessionBinding(kex.sessionHostKey(), kex.sessionId(), kex.sessionSignature()));
    }

    /** Key exchanges completed so far, the first included. */
    public int completedExchanges() {
        return locked(kex::completedExchanges);
    }

    public boolean isKexInProgress() {
        return locked(kex::inProgress);
    }

    /** Whether the engine holds its input now (see {@link Host#inputHeld}): what it left unread must wait. */
    public boolean isInputHeld() {
        return locked(() -> inputHeld);
    }

    /** Why the engine stopped, or null while it runs. */
    public SshException terminationCause() {
        return terminated;
    }

    /** Packet bytes sent since the connection began. */
    public long bytesSent() {
        return writer.totalBytes();
    }

    /** Packet bytes received since the connection began. */
    public long bytesReceived() {
        return reader.totalBytes();
    }

    // ---- receive side ----

    private void handle(Packet packet) throws IOException {
        int type = packet.type();
        // strict kex polices what the peer sends until its first NEWKEYS (EXT_INFO may follow it at once)
        if (kex.isStrictKex() && !kex.isFirstNewKeysReceived() && !SshMessage.isKex(type)
                && type != SshMessage.DISCONNECT) {
            throw protocolError("strict key exchange: unexpected message " + type + " during the initial key exchange");
        }
        switch (type) {
            case SshMessage.DISCONNECT -> onDisconnect(packet);
            case SshMessage.IGNORE, SshMessage.DEBUG -> {
                // RFC 4253 sections 11.2 and 11.3: nothing to do; debug text is not shown
            }
            case SshMessage.UNIMPLEMENTED -> {
                if (kex.inProgress()) {
                    throw protocolError("peer does not implement a key exchange message");
                }
            }
            case SshMessage.SERVICE_REQUEST -> onServiceRequest(packet);
            case SshMessage.SERVICE_ACCEPT -> onServiceAccept(packet);
            case SshMessage.EXT_INFO -> onExtInfo(packet);
            case SshMessage.KEXINIT -> kex.onKexInit(packet);
            case SshMessage.NEWKEYS -> kex.onNewKeys();
            case SshMessage.PING -> onPing(packet);
            case SshMessage.PONG -> {
                // we send no pings; an unasked answer is ignored, as OpenSSH ignores it
            }
            default -> {
                if (type >= SshMessage.KEX_FIRST && type <= SshMessage.KEX_LAST) {
                    kex.onMethodMessage(packet);
                } else if (type >= SshMessage.USERAUTH_REQUEST) {
                    onServiceMessage(packet);
                    if (config.client() && type == SshMessage.USERAUTH_SUCCESS) {
                        kex.startDelayedCompression(); // before the reader takes the next packet
                    }
                } else {
                    sendUnimplemented(packet.sequence());
                }
            }
        }
    }

    /**
     * OpenSSH PROTOCOL section 1.9: a PING is answered by a PONG with its data, in order, held back
     * during a key exchange as any other message. Only once the user has authenticated: before,
     * anyone could make the server queue replies (OpenSSH's CVE-2025-26466), so it is ignored then,
     * as sshd ignores it.
     */
    private void onPing(Packet packet) throws IOException {
        byte[] data = packet.reader().readString();
        if (kex.isAuthenticated()) {
            send(new WireWriter(8 + data.length).writeByte(SshMessage.PONG).writeString(data).toByteArray());
        }
    }

    private void onDisconnect(Packet packet) throws WireFormatException {
        WireReader in = packet.reader();
        DisconnectReason reason = DisconnectReason.of(in.readUint32());
        String description = in.readUtf8();
        terminate(new DisconnectException(reason, sanitize(description), false));
    }

    private void onServiceRequest(Packet packet) throws IOException {
        if (config.client()) {
            throw protocolError("a server sent SERVICE_REQUEST");
        }
        if (!kex.isFirstKexDone()) {
            throw protocolError("service request before key exchange");
        }
        String service = packet.reader().readUtf8();
        if (!USERAUTH_SERVICE.equals(service) || userauthAccepted) {
            throw new DisconnectException(DisconnectReason.SERVICE_NOT_AVAILABLE,
                    "service not available: " + sanitize(service), true);
        }
        userauthAccepted = true;
        send(new WireWriter(32).writeByte(SshMessage.SERVICE_ACCEPT).writeString(USERAUTH_SERVICE).toByteArray());
    }

    /** Hands a message to the service layer; {@link #receive} returns after it. */
    private void deliver(Packet packet) {
        host.deliver(packet);
        handedOver = true;
    }

    private void onServiceAccept(Packet packet) throws IOException {
        if (!config.client() || !kex.isFirstKexDone()) {
            throw protocolError("unexpected SERVICE_ACCEPT");
        }
        userauthAccepted = true;
        deliver(packet);
    }

    private void onExtInfo(Packet packet) throws IOException {
        if (kex.sessionId() == null) {
            throw protocolError("EXT_INFO before key exchange");
        }
        Map<String, byte[]> extensions = ExtInfo.parse(packet);
        if (config.client() && extensions.containsKey(ExtInfo.SERVER_SIG_ALGS)) {
            serverSigAlgs = ExtInfo.nameList(extensions.get(ExtInfo.SERVER_SIG_ALGS));
        }
        if (config.client() && !extInfoReceived) {
            // only the first EXT_INFO may offer it, as OpenSSH's client reads it: one sent later,
            // before USERAUTH_SUCCESS (RFC 8308 section 2.4), comes too late to bind anything
            serverTakesHostBound = ExtInfo.announces(extensions, ExtInfo.PUBLICKEY_HOSTBOUND,
                    ExtInfo.PUBLICKEY_HOSTBOUND_VERSION);
        }
        extInfoReceived = true;
        host.extInfoReceived(extensions);
    }

    private void onServiceMessage(Packet packet) throws IOException {
        if (!kex.isFirstKexDone()) {
            throw protocolError("message " + packet.type() + " before the key exchange completed");
        }
        if (!config.client() && !userauthAccepted) {
            throw protocolError("message " + packet.type() + " before the ssh-userauth service was requested");
        }
        deliver(packet);
    }

    // ---- send side ----

    private void write(byte[] payload) throws IOException {
        outputLock.lock();
        try {
            if (payload[0] == SshMessage.KEXINIT || payload[0] == SshMessage.DISCONNECT) {
                bulkOpen = false; // channel data goes after our NEWKEYS, or never
            }
            byte[] packet = writer.write(payload, 0, payload.length);
            host.output(packet, packet.length);
            if (!config.client() && payload[0] == SshMessage.USERAUTH_SUCCESS) {
                kex.startDelayedCompression(); // the success itself goes out uncompressed, the next packet not
            }
        } finally {
            outputLock.unlock();
        }
    }

    private void writeDisconnect(DisconnectReason reason, String description) {
        try {
            write(new WireWriter(64 + description.length()).writeByte(SshMessage.DISCONNECT).writeUint32(reason.code())
                    .writeString(description).writeString("").toByteArray());
        } catch (IOException | RuntimeException e) {
            // the connection is going away regardless
        }
    }

    // ---- termination ----

    private void fail(Exception e) {
        if (terminated != null) {
            return;
        }
        if (e instanceof DisconnectException disconnect && disconnect.isLocal()) {
            writeDisconnect(disconnect.getReason(), disconnect.getDescription());
            terminate(disconnect);
        } else if (e instanceof AlgorithmNegotiationException negotiation) {
            String reason = kex.rekeyReason();
            String description = reason == null ? negotiation.getMessage() : reason + "; " + negotiation.getMessage();
            writeDisconnect(DisconnectReason.KEY_EXCHANGE_FAILED, description);
            DisconnectException disconnect = new DisconnectException(DisconnectReason.KEY_EXCHANGE_FAILED,
                    description, true, negotiation);
            terminate(reason == null ? negotiation : disconnect);
        } else if (e instanceof SshException ssh) {
            terminate(ssh);
        } else if (e instanceof WireFormatException malformed) {
            DisconnectException error = protocolError("malformed message: " + malformed.getMessage());
            writeDisconnect(error.getReason(), "malformed message: " + malformed.getMessage());
            terminate(error);
        } else {
            DisconnectException error = new DisconnectException(DisconnectReason.PROTOCOL_ERROR,
                    "internal error: " + e, true, e);
            writeDisconnect(DisconnectReason.PROTOCOL_ERROR, "internal error");
            terminate(error);
        }
    }

    private void terminate(SshException cause) {
        outputLock.lock();
        try {
            bulkOpen = false;
        } finally {
            outputLock.unlock();
        }
        terminated = cause;
        kex.abandon();
        outboundOpen.signalAll();
        host.terminated(cause);
    }

    private void checkOpen() throws SshException {
        if (terminated != null) {
            throw new SshException("connection closed: " + terminated.getMessage(), terminated);
        }
    }

    private static DisconnectException protocolError(String message) {
        return new DisconnectException(DisconnectReason.PROTOCOL_ERROR, message, true);
    }

    /** Keeps peer-supplied text printable before it reaches an exception message or a log. */
    static String sanitize(String text) {
        return PeerText.printable(text, 256);
    }
}
