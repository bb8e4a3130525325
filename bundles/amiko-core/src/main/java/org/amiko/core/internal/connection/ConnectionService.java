// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.connection;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.amiko.Channel;
import org.amiko.ChannelHandler;
import org.amiko.ChannelOpenHandler;
import org.amiko.ChannelOpenException;
import org.amiko.DisconnectException;
import org.amiko.DisconnectReason;
import org.amiko.OpenChannelResult;
import org.amiko.SshException;
import org.amiko.Transport;
import org.amiko.core.internal.Futures;
import org.amiko.core.internal.Session;
import org.amiko.core.internal.io.Workers;
import org.amiko.core.internal.transport.Packet;
import org.amiko.core.internal.transport.SshMessage;
import org.amiko.server.ServerInterface;
import org.amiko.spi.wire.PeerText;
import org.amiko.spi.wire.WireReader;
import org.amiko.spi.wire.WireWriter;

/**
 * The connection protocol (RFC 4254): the channel table, channel opens in both directions, global
 * requests with their in-order replies, and routing of channel messages. Runs on the session's
 * serial executor; the blocking calls ({@link #openChannel}, {@link #globalRequest}) run on the
 * caller's thread and wait for the executor to deliver the answer.
 */
public final class ConnectionService {
    private static final System.Logger LOG = System.getLogger("org.amiko.core");
    /** OpenSSH's keepalive request; any answer, even a failure, proves the peer alive. */
    public static final String KEEPALIVE = "keepalive@openssh.com";
    /** sshd's default {@code MaxSessions}. */
    public static final int DEFAULT_MAX_SESSIONS = 10;
    private static final String SESSION = "session";

    private final Session session;
    private final Transport transport;
    private final ServerChannelRequests serverRequests;
    private final HostKeyUpdate hostKeys;
    /** Client: learns the server's announced host keys; null on the server. */
    private volatile HostKeyLearning hostKeyLearning;
    private final Map<Integer, SshChannel> channels = new HashMap<>();
    private final ArrayDeque<CompletableFuture<Optional<byte[]>>> globalReplies = new ArrayDeque<>();
    private final LinkedBlockingQueue<Channel> accepted = new LinkedBlockingQueue<>();
    private final Map<String, ChannelOpenHandler> handlers = new ConcurrentHashMap<>();
    private int nextId;
    /** Opens the peer asked for that are still being decided (they count against the channel limit). */
    private int answering;
    /** Of those, the session channels (they count against {@link #maxSessions}). */
    private int answeringSessions;
    /** Server: session channels the client may have open at once, as sshd's {@code MaxSessions}. */
    private volatile int maxSessions = DEFAULT_MAX_SESSIONS;
    /** When channels that carry no data are closed; for channels opened from then on. */
    private volatile ChannelTimeouts timeouts = ChannelTimeouts.NONE;
    /**
     * Whether timeouts were ever set: channels opened under them keep theirs after they are
     * cleared, so the check goes on once it has started.
     */
    private volatile boolean timeoutsEverSet;
    /** When data last went through any channel, as {@link #expireIdle} saw it, or the timeouts were first set. */
    private volatile long allQuietSince = System.nanoTime();
    private SshException terminated;

    /**
     * @param server the server's hooks, or null on the client
     * @param hostKeys the server's host key announcements and proofs, or null on the client
     */
    public ConnectionService(Session session, Transport transport, ServerInterface server,
            Function<String, org.amiko.server.SubsystemHandler> subsystems, HostKeyUpdate hostKeys) {
        this.session = session;
        this.transport = transport;
        this.hostKeys = hostKeys;
        this.serverRequests = server == null ? null
                : new ServerChannelRequests(server, subsystems, transport, hostKeys);
    }

    /**
     * Server, once the client has authenticated: announces every host key, so that OpenSSH's
     * {@code UpdateHostKeys} can learn the ones its known_hosts lacks (PROTOCOL section 2.5).
     */
    public void announceHostKeys() throws IOException {
        Optional<byte[]> keys = hostKeys == null ? Optional.empty() : hostKeys.announcement();
        if (keys.isPresent()) {
            globalRequest(HostKeyUpdate.ANNOUNCE, keys.get(), false);
        }
    }

    Transport transport() {
        return transport;
    }

    /**
     * Server: how many session channels the client may have open at once (sshd's
     * {@code MaxSessions}); one more is refused, and 0 refuses them all while forwarding goes on.
     * Opens already confirmed stay.
     */
    public void setMaxSessions(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("a negative session limit: " + max);
        }
        maxSessions = max;
    }

    /** Opens a channel and waits for the peer's answer. */
    public Channel openChannel(String type, byte[] typeSpecificData) throws IOException {
        SshChannel channel;
        synchronized (this) {
            checkAlive();
            channel = new SshChannel(this, session, allocateId(), type);
            channels.put(channel.getId(), channel);
        }
        session.send(new WireWriter(64 + typeSpecificData.length).writeByte(SshMessage.CHANNEL_OPEN).writeString(type)
                .writeUint32(channel.getId()).writeUint32(channel.localWindowSize())
                .writeUint32(channel.localMaxPacket()).writeBytes(typeSpecificData).toByteArray());
        try {
            channel.awaitOpen();
        } catch (InterruptedIOException e) {
            // the caller gave up; the peer's answer is still to come
            if (!channel.abandonOpen()) {
                if (channel.isOpenConfirmed()) {
                    channel.close();
                } else {
                    remove(channel);
                }
            }
            throw e;
        } catch (IOException e) {
            remove(channel);
            throw e;
        }
        return channel;
    }

    /** Sends a global request; with a reply wanted, waits for it (RFC 4254 section 4). */
    public Optional<byte[]> globalRequest(String name, byte[] data, boolean wantReply) throws IOException {
        if (wantReply) {
            return Futures.await(globalRequestAsync(name, data));
        }
        synchronized (this) {
            checkAlive();
            sendGlobalRequest(name, data, false);
        }
        return Optional.empty();
    }

    /** Sends a global request without waiting; the returned future completes with the reply. */
    public synchronized CompletableFuture<Optional<byte[]>> globalRequestAsync(String name, byte[] data)
            throws IOException {
        checkAlive();
        CompletableFuture<Optional<byte[]>> reply = new CompletableFuture<>();
        globalReplies.add(reply);
        // sent while holding the lock so replies match the queue order
        sendGlobalRequest(name, data, true);
        return reply;
    }

    private void sendGlobalRequest(String name, byte[] data, boolean wantReply) throws IOException {
        session.send(new WireWriter(32 + data.length).writeByte(SshMessage.GLOBAL_REQUEST).writeString(name)
                .writeBoolean(wantReply).writeBytes(data).toByteArray());
    }

    /** Server: the next channel the client opened. */
    public Optional<Channel> accept(long timeout, TimeUnit unit) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        Channel channel = accepted.poll(timeout, unit);
        while (channel != null && channel.isClosed()) {
            channel = accepted.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        if (channel == null) {
            synchronized (this) {
                checkAlive();
            }
        }
        return Optional.ofNullable(channel);
    }

    /** Channels open now, for operators. */
    public synchronized int channelCount() {
        return channels.size();
    }

    /** Handles messages 80 to 100 (serial executor). */
    public void handle(Packet packet) throws IOException {
        WireReader in = packet.reader();
        switch (packet.type()) {
            case SshMessage.GLOBAL_REQUEST -> onGlobalRequest(in);
            case SshMessage.REQUEST_SUCCESS -> onGlobalReply(Optional.of(in.readRemaining()));
            case SshMessage.REQUEST_FAILURE -> onGlobalReply(Optional.empty());
            case SshMessage.CHANNEL_OPEN -> onChannelOpen(in);
            case SshMessage.CHANNEL_OPEN_CONFIRMATION -> {
                SshChannel channel = pendingOpen(in.readUint32(), "confirmation");
                int peer = in.readUint32();
                long window = Integer.toUnsignedLong(in.readUint32());
                int maxPacket = in.readUint32();
                if (maxPacket <= 0) {
                    throw protocolError("open confirmation with maximum packet " + Integer.toUnsignedString(maxPacket));
                }
                if (channel.confirm(peer, window, maxPacket)) {
                    channel.close(); // its opener was interrupted while it waited
                }
            }
            case SshMessage.CHANNEL_OPEN_FAILURE -> {
                int id = in.readUint32();
                SshChannel channel = pendingOpen(id, "failure");
                OpenChannelResult reason = OpenChannelResult.of(in.readUint32());
                String description = in.readUtf8();
                synchronized (this) {
                    channels.remove(id);
                }
                channel.refuse(new ChannelOpenException(reason, printable(description)));
            }
            case SshMessage.CHANNEL_WINDOW_ADJUST -> channel(in.readUint32()).onWindowAdjust(in.readUint32());
            case SshMessage.CHANNEL_DATA -> channel(in.readUint32()).onData(false, packet.data(), in);
            case SshMessage.CHANNEL_EXTENDED_DATA -> channel(in.readUint32()).onData(true, packet.data(), in);
            case SshMessage.CHANNEL_EOF -> channel(in.readUint32()).onEof();
            case SshMessage.CHANNEL_CLOSE -> channel(in.readUint32()).onClose();
            case SshMessage.CHANNEL_REQUEST -> onChannelRequest(in);
            case SshMessage.CHANNEL_SUCCESS -> channel(in.readUint32()).onReply(true);
            case SshMessage.CHANNEL_FAILURE -> channel(in.readUint32()).onReply(false);
            default -> session.engine().sendUnimplemented(packet.sequence());
        }
    }

    /** Client: has the server's host key announcements (PROTOCOL section 2.5) judged by {@code learning}. */
    public void learnHostKeys(HostKeyLearning learning) {
        hostKeyLearning = learning;
    }

    private void onGlobalRequest(WireReader in) throws IOException {
        String name = in.readUtf8();
        boolean wantReply = in.readBoolean();
        byte[] data = in.readRemaining();
        HostKeyLearning learning = hostKeyLearning;
        if (serverRequests == null && learning != null && name.equals(HostKeyUpdate.ANNOUNCE)) {
            learning.announced(data, this);
        }
        Optional<byte[]> answer = serverRequests == null ? Optional.empty() : serverRequests.globalRequest(name, data);
        if (wantReply) {
            if (answer.isPresent()) {
                session.send(new WireWriter(8 + answer.get().length).writeByte(SshMessage.REQUEST_SUCCESS)
                        .writeBytes(answer.get()).toByteArray());
            } else {
                session.send(new byte[] {SshMessage.REQUEST_FAILURE});
            }
        }
    }

    private void onGlobalReply(Optional<byte[]> answer) throws IOException {
        CompletableFuture<Optional<byte[]>> reply;
        synchronized (this) {
            reply = globalReplies.poll();
        }
        if (reply == null) {
            throw protocolError("a global request reply without a request");
        }
        reply.complete(answer);
    }

    private void onChannelOpen(WireReader in) throws IOException {
        String type = in.readUtf8();
        int peer = in.readUint32();
        long window = Integer.toUnsignedLong(in.readUint32());
        int maxPacket = in.readUint32();
        OpenChannelResult refusal = null;
        String refusedBecause = "open refused";
        SshChannel channel = null;
        ChannelOpenHandler handler = handlers.get(type);
        if (serverRequests != null) {
            serverRequests.checkOpenAllowed(type);
        }
        synchronized (this) {
            if (serverRequests == null && handler == null) {
                refusal = OpenChannelResult.UNKNOWN_CHANNEL_TYPE;
            } else if (channels.size() + answering >= session.settings().maxChannels()) {
                // opens still being decided count, or a peer could pile up slow connects without bound
                refusal = OpenChannelResult.RESOURCE_SHORTAGE;
                refusedBecause = "too many channels";
            } else if (maxPacket <= 0) {
                throw protocolError("channel open with maximum packet " + Integer.toUnsignedString(maxPacket));
            } else if (serverRequests != null && SESSION.equals(type) && sessions() >= maxSessions) {
                // as sshd's session_open, whose refusal is CONNECT_FAILED
                refusal = OpenChannelResult.CONNECT_FAILED;
                refusedBecause = "no more sessions";
            } else {
                channel = new SshChannel(this, session, allocateId(), type);
                answering++;
                if (SESSION.equals(type)) {
                    answeringSessions++;
                }
            }
        }
        if (refusal != null) {
            if (refusal == OpenChannelResult.CONNECT_FAILED) {
                LOG.log(System.Logger.Level.INFO, "no more sessions for {0}: {1} open (maxSessions)",
                        transport.getPeerName(), String.valueOf(maxSessions));
            }
            refuseOpen(peer, refusal, refusedBecause);
            return;
        }
        PeerOpen open = new PeerOpen(channel, peer, window, maxPacket, handler != null);
        CompletionStage<ChannelHandler> decision;
        try {
            if (handler == null) {
                OpenChannelResult result = serverRequests.channelOpen(type, channel.getId());
                decision = result == OpenChannelResult.SUCCEEDED ? CompletableFuture.completedStage(null)
                        : CompletableFuture.failedStage(new ChannelOpenException(result, "open refused"));
            } else {
                decision = handler.open(type, in.readRemaining());
            }
        } catch (RuntimeException e) {
            decision = CompletableFuture.failedStage(e);
        }
        if (decision == null) {
            decision = CompletableFuture.completedStage(null);
        }
        decision.whenComplete((served, failure) -> answerOpen(open, served, failure));
    }

    /**
     * A channel the peer asked to open, while it is being decided.
     *
     * @param handled whether a {@link ChannelOpenHandler} decides it (and must name who serves it)
     */
    private record PeerOpen(SshChannel channel, int peer, long window, int maxPacket, boolean handled) {}

    /**
     * Confirms or refuses an open the peer asked for, on whichever thread the decision came: the
     * channel joins the table before the confirmation leaves, so the peer's first data finds it.
     * Served channels run their handler on a worker; the others wait for {@link #accept}.
     */
    private void answerOpen(PeerOpen open, ChannelHandler served, Throwable failure) {
        SshChannel channel = open.channel();
        boolean confirmed = failure == null && (served != null || !open.handled());
        SshException ended;
        synchronized (this) {
            answering--;
            if (SESSION.equals(channel.getType())) {
                answeringSessions--;
            }
            ended = terminated;
            if (ended == null && confirmed) {
                channel.confirm(open.peer(), open.window(), open.maxPacket());
                channels.put(channel.getId(), channel);
            }
        }
        if (ended != null) {
            // nobody is left to answer; but what the handler holds (a connected socket, say) is
            // let go only by serving it, so it gets a channel that has already ended
            if (served != null) {
                channel.terminate(ended);
                Workers.pool().execute(() -> serve(served, channel));
            }
            return;
        }
        try {
            if (!confirmed) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                if (cause instanceof ChannelOpenException refused) {
                    refuseOpen(open.peer(), refused.getReason(), refused.getDescription());
                } else {
                    // any other failure's message may say more than a peer should learn
                    refuseOpen(open.peer(), cause == null ? OpenChannelResult.ADMINISTRATIVELY_PROHIBITED
                            : OpenChannelResult.CONNECT_FAILED, "open refused");
                }
                return;
            }
            session.send(new WireWriter(32).writeByte(SshMessage.CHANNEL_OPEN_CONFIRMATION).writeUint32(open.peer())
                    .writeUint32(channel.getId()).writeUint32(channel.localWindowSize())
                    .writeUint32(channel.localMaxPacket()).toByteArray());
        } catch (IOException e) {
            // the connection is ending: terminated() ends the channel, and a handler served below lets go
        }
        if (served != null) {
            Workers.pool().execute(() -> serve(served, channel));
        } else if (confirmed) {
            offerForAccept(channel);
        }
    }

    /**
     * Closes channels that carried no data for their timeout, and every channel when none carried
     * any for the global timeout ({@link #setChannelTimeouts}). Called once a second by one thread.
     */
    public void expireIdle() {
        if (!timeoutsEverSet) {
            return; // the usual case: no lock taken, once a second, for every connection
        }
        ChannelTimeouts current = timeouts;
        List<SshChannel> all;
        synchronized (this) {
            if (channels.isEmpty()) {
                allQuietSince = System.nanoTime();
                return;
            }
            all = List.copyOf(channels.values());
        }
        long now = System.nanoTime();
        List<SshChannel> open = new ArrayList<>();
        List<SshChannel> expired = new ArrayList<>();
        boolean anyUsed = false;
        for (SshChannel channel : all) {
            // an open still pending has nothing to time out; a closing one was dealt with
            if (!channel.isOpenConfirmed() || channel.isClosing()) {
                continue;
            }
            open.add(channel);
            long quiet = channel.quietFor(now);
            anyUsed |= quiet == 0;
            long timeout = channel.inactiveTimeout();
            if (timeout > 0 && quiet >= timeout) {
                expired.add(channel);
            }
        }
        boolean global = false;
        if (anyUsed) {
            allQuietSince = now;
        } else if (current.globalNanos() > 0 && !open.isEmpty() && now - allQuietSince >= current.globalNanos()) {
            global = true;
            expired = open;
            allQuietSince = now;
        }
        for (SshChannel channel : expired) {
            if (!channel.markForceClosing()) {
                continue; // decided by an earlier check, its close not yet done
            }
            long seconds = Duration.ofNanos(global ? current.globalNanos() : channel.inactiveTimeout()).toSeconds();
            // sshd's words (channels.c), at its VERBOSE level; the number as %u prints it
            LOG.log(System.Logger.Level.INFO, "{0}: closing after {1} seconds of inactivity{2}", channel,
                    String.valueOf(seconds), global ? " on every channel" : "");
            // off the timer's thread, which every session shares
            Workers.pool().execute(() -> {
                try {
                    channel.forceClose();
                } catch (IOException e) {
                    // the connection is going: the channel goes with it
                }
            });
        }
    }

    /** Closes channels that carry no data for a while ({@link #expireIdle}); for channels opened from then on. */
    public void setChannelTimeouts(ChannelTimeouts timeouts) {
        this.timeouts = timeouts;
        if (!timeouts.isEmpty() && !timeoutsEverSet) {
            // the global count starts now, not when the connection did
            allQuietSince = System.nanoTime();
            timeoutsEverSet = true;
        }
    }

    /** The timeout of a channel of {@code type} used as {@code extendedType} (or null), in nanoseconds. */
    long inactiveTimeoutFor(String type, String extendedType) {
        return timeouts.nanosFor(type, extendedType);
    }

    /** Session channels open or being decided; under this object's lock. */
    private int sessions() {
        int open = answeringSessions;
        for (SshChannel channel : channels.values()) {
            if (SESSION.equals(channel.getType())) {
                open++;
            }
        }
        return open;
    }

    private void refuseOpen(int peer, OpenChannelResult reason, String description) throws IOException {
        session.send(new WireWriter(64 + description.length()).writeByte(SshMessage.CHANNEL_OPEN_FAILURE)
                .writeUint32(peer).writeUint32(reason.code()).writeString(printable(description)).writeString("")
                .toByteArray());
    }

    private static void serve(ChannelHandler handler, SshChannel channel) {
        try {
            handler.handle(channel);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> channel + " handler ended with " + e);
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                // the connection is gone
            }
        }
    }

    /**
     * Keeps channels for {@link #accept}; an application that never accepts must not make the
     * queue grow, so it holds at most as many as may be open, dropping closed ones first.
     */
    private void offerForAccept(SshChannel channel) {
        synchronized (accepted) {
            accepted.removeIf(Channel::isClosed);
            while (accepted.size() >= session.settings().maxChannels()) {
                accepted.poll();
            }
            accepted.add(channel);
        }
    }

    /** Decides and serves channels of {@code type} the peer opens; null stops. */
    public void setChannelOpenHandler(String type, ChannelOpenHandler handler) {
        if (handler == null) {
            handlers.remove(type);
        } else {
            handlers.put(type, handler);
        }
    }

    private void onChannelRequest(WireReader in) throws IOException {
        SshChannel channel = channel(in.readUint32());
        String type = in.readUtf8();
        boolean wantReply = in.readBoolean();
        boolean ok;
        if (channel.onExitRequest(type, in)) {
            ok = true;
        } else if (serverRequests != null) {
            channel.beginInboundRequest();
            try {
                ok = serverRequests.channelRequest(channel, type, in, wantReply);
            } finally {
                channel.endInboundRequest();
            }
            return;
        } else {
            ok = false;
        }
        if (wantReply) {
            channel.reply(ok);
        }
    }

    /**
     * The channel an open confirmation or failure answers: one this side opened and is waiting
     * for. Either message for an open channel would overwrite its peer id and window, or drop it
     * from the table with its reader and writer still waiting, so it ends the connection.
     */
    private SshChannel pendingOpen(int id, String answer) throws DisconnectException {
        SshChannel channel = channel(id);
        if (!channel.isOpenPending()) {
            throw protocolError("open " + answer + " for channel " + Integer.toUnsignedString(id)
                    + ", which is not being opened");
        }
        return channel;
    }

    private SshChannel channel(int id) throws DisconnectException {
        SshChannel channel;
        synchronized (this) {
            channel = channels.get(id);
        }
        if (channel == null) {
            throw protocolError("message for unknown channel " + Integer.toUnsignedString(id));
        }
        return channel;
    }

    synchronized void remove(SshChannel channel) {
        channels.remove(channel.getId());
    }

    /** The connection ended: every channel and waiter learns why. */
    public void terminated(SshException cause) {
        List<SshChannel> open;
        synchronized (this) {
            terminated = cause;
            open = List.copyOf(channels.values());
            channels.clear();
            globalReplies.forEach(reply -> reply.completeExceptionally(cause));
            globalReplies.clear();
        }
        for (SshChannel channel : open) {
            channel.terminate(cause);
        }
    }

    private int allocateId() {
        while (channels.containsKey(nextId)) {
            nextId++;
        }
        return nextId++;
    }

    private void checkAlive() throws SshException {
        if (terminated != null) {
            throw new SshException("connection closed: " + terminated.getMessage(), terminated);
        }
    }

    private static DisconnectException protocolError(String message) {
        return new DisconnectException(DisconnectReason.PROTOCOL_ERROR, message, true);
    }

    private static String printable(String text) {
        return PeerText.printable(text, 256);
    }
}
