// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.amiko.DisconnectReason;
import org.amiko.Transport;
import org.amiko.core.internal.Session;
import org.amiko.core.internal.SshTransport;
import org.amiko.core.internal.SuiteCheck;
import org.amiko.core.internal.io.IoLoop;
import org.amiko.server.ServerInterface;
import org.amiko.server.SubsystemHandler;

/**
 * A listening SSH server: accepts connections on the I/O loop and starts a server
 * {@link Transport} on each, without a thread per connection. What each connection may do is
 * decided by the {@link ServerInterface} the factory returns for it.
 */
public final class SshServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.amiko.core");
    /** How long {@link #close()} waits for the listener's loop before closing the listener itself. */
    private static final long LISTENER_CLOSE_SECONDS = 5;
    /** What sshd's drop_connection tells a refused client. */
    private static final byte[] NOT_ALLOWED = "Not allowed at this time\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocketChannel listener;
    /** The loop that accepts on {@link #listener}. */
    private final IoLoop loop;
    private final Builder config;
    private final Map<Long, SshTransport> transports = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    /** The drop lines of refusals for MaxStartups and PerSourceMaxStartups, and of penalised sources. */
    private final DropLog startupDrops = new DropLog("Maxstartups", System::nanoTime);
    private final DropLog penaltyDrops = new DropLog("PerSourcePenalties", System::nanoTime);

    private SshServer(ServerSocketChannel listener, IoLoop loop, Builder config) {
        this.listener = listener;
        this.loop = loop;
        this.config = config;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The bound address (with the real port when 0 was asked for). */
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) listener.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** The connections being served, oldest first. */
    public List<Transport> transports() {
        return new ArrayList<>(new TreeMap<>(transports).values());
    }

    /** What each connection is doing, oldest first. */
    public List<SessionInfo> sessions() {
        List<SessionInfo> infos = new ArrayList<>();
        for (SshTransport transport : new TreeMap<>(transports).values()) {
            infos.add(transport.info());
        }
        return infos;
    }

    /** The algorithm lists every connection of this server offers from. */
    public AlgorithmPolicy policy() {
        return config.policy;
    }

    /** Starts a key re-exchange on one connection; false if there is no such connection. */
    public boolean rekey(long id) throws IOException {
        SshTransport transport = transports.get(id);
        if (transport == null || transport.session() == null) {
            return false;
        }
        transport.session().engine().requestRekey();
        transport.session().connection().flush();
        return true;
    }

    /** Disconnects one connection ({@code BY_APPLICATION}); false if there is no such connection. */
    public boolean kill(long id, String why) {
        SshTransport transport = transports.get(id);
        if (transport == null || transport.session() == null) {
            return false;
        }
        transport.markEndedByServer();
        transport.session().disconnect(DisconnectReason.BY_APPLICATION, why);
        return true;
    }

    /**
     * Applies {@code removal} to every connection whose negotiated algorithms are no longer all on
     * offer (a plug-in left, or the policy changed).
     *
     * @return how many connections were affected
     */
    public int reconcile(RemovalPolicy removal) {
        int affected = 0;
        for (SshTransport transport : transports.values()) {
            Session session = transport.session();
            if (session == null || session.engine().suite() == null) {
                continue;
            }
            String gone = SuiteCheck.firstWithdrawn(session.engine().suite(), transport.algorithms());
            if (gone == null || removal == RemovalPolicy.KEEP) {
                continue;
            }
            affected++;
            if (removal == RemovalPolicy.DISCONNECT) {
                transport.markEndedByServer();
                session.disconnect(DisconnectReason.BY_APPLICATION, gone + " is no longer available");
            } else {
                try {
                    session.engine().requestRekey(gone + " is no longer available");
                    session.connection().flush();
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, () -> "rekey of session " + transport.id() + " failed: " + e);
                }
            }
        }
        return affected;
    }

    /**
     * Stops listening, and returns once the port is free for another server; connections already
     * open stay up until {@link #closeAll()} or their end.
     */
    @Override
    public void close() {
        try {
            loop.closeListener(listener).get(LISTENER_CLOSE_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.DEBUG, "closing the listener on its loop failed", e);
            closeListenerHere();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeListenerHere();
        }
    }

    /** The fallback when the loop does not answer (it was shut down): the socket goes at its next select, if any. */
    private void closeListenerHere() {
        try {
            listener.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing the listener failed", e);
        }
    }

    /** Stops listening and disconnects every connection. */
    public void closeAll() {
        close();
        for (SshTransport transport : transports.values()) {
            transport.markEndedByServer();
            transport.close();
        }
    }

    /** The client's address, or null where the socket cannot tell (it is closing). */
    private static InetAddress remoteAddress(SocketChannel socket) {
        try {
            return socket.getRemoteAddress() instanceof InetSocketAddress peer ? peer.getAddress() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void accepted(SocketChannel socket) {
        InetAddress from = remoteAddress(socket);
        // as sshd's drop_connection, in its order: a penalised source, then MaxStartups, then
        // PerSourceMaxStartups; an unauthenticated crowd (each of which may make us hash
        // passwords) cannot take every core and descriptor
        String refusal = config.penalties == null || from == null ? null : config.penalties.refusal(from);
        DropLog log = penaltyDrops;
        // a count over every connection: only where a limit or a refusal needs it
        int startups = refusal != null || config.maxStartups > 0 || config.maxStartupsPerSource > 0
                ? unauthenticated() : 0;
        if (refusal == null) {
            // sshd calls both of these Maxstartups
            log = startupDrops;
            if (config.maxStartups > 0 && dropsStartup(startups, config.maxStartupsBegin, config.maxStartupsRate,
                    config.maxStartups, ThreadLocalRandom.current().nextInt(100))) {
                refusal = "Maxstartups";
            } else if (config.maxStartupsPerSource > 0 && from != null
                    && unauthenticatedFrom(from) >= config.maxStartupsPerSource) {
                refusal = "Maxstartups (PerSourceMaxStartups " + config.maxStartupsPerSource + " from "
                        + config.startupBlock.describe(from) + ")";
            }
        }
        if (refusal != null) {
            log.dropped("drop connection #" + startups + " from " + endpoint(socket, true) + " on "
                    + endpoint(socket, false) + " " + refusal);
            drop(socket);
            return;
        }
        long id = ids.incrementAndGet();
        SshTransport transport = new SshTransport(socket, config.settings, config.catalog, config.policy,
                config.subsystems, id);
        try {
            config.hostKeys.get().forEach(transport::addServerKey);
            config.configure.accept(transport);
            transports.put(id, transport);
            transport.startServerAsync(config.server.apply(transport));
            transport.session().closed().whenComplete((cause, error) -> {
                try {
                    // no penalty for a connection this server ended of its own accord (kill,
                    // closeAll, a withdrawn algorithm): its client did nothing wrong
                    SourcePenalties.Reason ending = transport.preLoginEnd();
                    if (config.penalties != null && from != null && ending != null && !transport.endedByServer()) {
                        config.penalties.penalise(from, ending);
                    }
                } finally {
                    transports.remove(id); // after the penalty: a connection listed has not been judged yet
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, () -> "cannot serve a connection: " + e);
            transports.remove(id);
            transport.close();
        }
    }

    /** {@code [ADDRESS]:PORT} of the socket's remote or local end, as sshd's drop line names them. */
    private static String endpoint(SocketChannel socket, boolean remote) {
        try {
            SocketAddress address = remote ? socket.getRemoteAddress() : socket.getLocalAddress();
            if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
                return "[" + inet.getAddress().getHostAddress() + "]:" + inet.getPort();
            }
        } catch (IOException e) {
            // closing already
        }
        return "[unknown]:0";
    }

    /**
     * Closes a connection refused before a word, telling its client in one line, as sshd's
     * drop_connection does; its log line is the caller's ({@link DropLog}).
     */
    private static void drop(SocketChannel socket) {
        try {
            socket.write(ByteBuffer.wrap(NOT_ALLOWED.clone()));
        } catch (IOException e) {
            // best effort: the close says it anyway
        }
        try {
            socket.close();
        } catch (IOException e) {
            // it is gone either way
        }
    }

    /**
     * sshd's MaxStartups {@code begin:rate:full} (sshd.c {@code should_drop_connection}): with
     * {@code startups} connections unauthenticated, none is refused under {@code begin}, every one
     * from {@code full}, and in between {@code rate} percent at {@code begin}, rising linearly to
     * 100 at {@code full}.
     *
     * @param roll a uniform draw from 0 to 99
     */
    static boolean dropsStartup(int startups, int begin, int rate, int full, int roll) {
        if (startups < begin) {
            return false;
        }
        if (startups >= full || rate == 100) {
            return true;
        }
        int percent = (100 - rate) * (startups - begin) / (full - begin) + rate;
        return roll < percent;
    }

    /** The connections not yet authenticated from {@code from}'s source. */
    private int unauthenticatedFrom(InetAddress from) {
        ByteBuffer source = config.startupBlock.source(from);
        int count = 0;
        for (SshTransport transport : transports.values()) {
            InetSocketAddress peer = transport.getPeerName();
            if (!transport.isAuthenticated() && peer != null && !peer.isUnresolved()
                    && source.equals(config.startupBlock.source(peer.getAddress()))) {
                count++;
            }
        }
        return count;
    }

    /** Connections that have not authenticated yet (a scan: accepting is rare next to the work a connection brings). */
    private int unauthenticated() {
        int count = 0;
        for (SshTransport transport : transports.values()) {
            if (!transport.isAuthenticated()) {
                count++;
            }
        }
        return count;
    }

    /** Configures and starts an {@link SshServer}. */
    public static final class Builder {
        private InetSocketAddress address = new InetSocketAddress("127.0.0.1", 2222);
        private TransportSettings settings = TransportSettings.defaults();
        private Supplier<AlgorithmCatalog> catalog = Amiko::defaultCatalog;
        private Supplier<List<KeyPair>> hostKeys = List::of;
        private Function<Transport, ServerInterface> server = transport -> new ServerInterface() {};
        private final Map<String, SubsystemHandler> fixedSubsystems = new ConcurrentHashMap<>();
        private Function<String, SubsystemHandler> subsystems = fixedSubsystems::get;
        private AlgorithmPolicy policy = new AlgorithmPolicy();
        private Consumer<Transport> configure = transport -> { };
        private int maxStartups;
        /** Where MaxStartups' random early refusal begins, and its rate there in percent (100: none). */
        private int maxStartupsBegin;
        private int maxStartupsRate = 100;
        private int maxStartupsPerSource;
        private NetBlock startupBlock = new NetBlock(32, 128);
        private SourcePenalties penalties;

        private Builder() {}

        public Builder address(InetSocketAddress value) {
            address = Objects.requireNonNull(value);
            return this;
        }

        public Builder settings(TransportSettings value) {
            settings = Objects.requireNonNull(value);
            return this;
        }

        /** The catalog to take algorithms from; a live one lets plug-ins come and go. */
        public Builder catalog(Supplier<AlgorithmCatalog> value) {
            catalog = Objects.requireNonNull(value);
            return this;
        }

        /**
         * The host keys, asked for each accepted connection on the I/O thread that accepted it:
         * the supplier must not block (read key files ahead, not in it), or every connection on
         * that thread waits.
         */
        public Builder hostKeys(Supplier<List<KeyPair>> value) {
            hostKeys = Objects.requireNonNull(value);
            return this;
        }

        public Builder hostKeys(List<KeyPair> value) {
            List<KeyPair> fixed = List.copyOf(value);
            hostKeys = () -> fixed;
            return this;
        }

        /**
         * Makes the decisions for each connection; called once per accepted connection, on the
         * I/O thread that accepted it, so it must return at once (the {@link ServerInterface}
         * hooks themselves run on worker threads and may block).
         */
        public Builder server(Function<Transport, ServerInterface> value) {
            server = Objects.requireNonNull(value);
            return this;
        }

        public Builder subsystem(String name, SubsystemHandler handler) {
            fixedSubsystems.put(name, handler);
            return this;
        }

        /**
         * Looks subsystem handlers up at each request, so handlers can come and go while the
         * server runs (an OSGi whiteboard); replaces handlers added with {@link #subsystem}.
         */
        public Builder subsystems(Function<String, SubsystemHandler> lookup) {
            subsystems = Objects.requireNonNull(lookup);
            return this;
        }

        /** The algorithm lists, shared and live: changing the policy affects the next key exchanges. */
        public Builder algorithms(AlgorithmPolicy value) {
            policy = Objects.requireNonNull(value);
            return this;
        }

        /**
         * At most this many connections may be unauthenticated at once; more are closed as they are
         * accepted, before the version exchange (sshd's {@code MaxStartups} hard limit, 100 there).
         * Default 0: no limit. Idle handshakes cost little here and end at the login grace time, but
         * each password attempt costs a slow hash, so a server with password users should set one.
         */
        public Builder maxStartups(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("maxStartups must be 0 (no limit) or more, not " + value);
            }
            maxStartups = value;
            maxStartupsBegin = value;
            maxStartupsRate = 100;
            return this;
        }

        /**
         * sshd's {@code MaxStartups begin:rate:full} (its default is {@code 10:30:100}): with
         * {@code begin} connections unauthenticated, a new one is refused with a probability of
         * {@code rate} percent, which rises linearly to 100 at {@code full}, where every new one is
         * refused; so a flood is thinned before the hard limit, and some of it still gets through.
         *
         * @throws IllegalArgumentException where sshd refuses the spec: {@code begin} or
         *     {@code full} under 1, {@code begin} over {@code full}, {@code rate} outside 1-100
         * @since 1.4
         */
        public Builder maxStartups(int begin, int rate, int full) {
            if (begin < 1 || full < 1 || begin > full || rate < 1 || rate > 100) {
                throw new IllegalArgumentException("invalid maxStartups " + begin + ":" + rate + ":" + full);
            }
            maxStartups = full;
            maxStartupsBegin = begin;
            maxStartupsRate = rate;
            return this;
        }

        /**
         * At most {@code limit} connections not yet authenticated from one source, as sshd's
         * {@code PerSourceMaxStartups} (0, the default: none), besides {@link #maxStartups}: one
         * client address, or network of {@code netBlockSize} ({@code PerSourceNetBlockSize},
         * {@code 32:128} for each address its own), cannot take every startup.
         *
         * @throws IllegalArgumentException for a negative limit or a malformed block size
         * @since 1.3
         */
        public Builder maxStartupsPerSource(int limit, String netBlockSize) {
            if (limit < 0) {
                throw new IllegalArgumentException("maxStartupsPerSource must be 0 (no limit) or more, not " + limit);
            }
            maxStartupsPerSource = limit;
            startupBlock = NetBlock.parse(netBlockSize);
            return this;
        }

        /**
         * Refuses the new connections of client addresses whose connections ended badly before
         * login, as sshd's {@code PerSourcePenalties} ({@link SourcePenalties}); null (the default)
         * for none.
         *
         * @since 1.3
         */
        public Builder penalties(SourcePenalties value) {
            penalties = value;
            return this;
        }

        /**
         * Adjusts each transport before it starts (its {@link Transport#getSecurityOptions()},
         * say); called on the I/O thread that accepted the connection, so it must not block.
         */
        public Builder configure(Consumer<Transport> value) {
            configure = Objects.requireNonNull(value);
            return this;
        }

        /** Binds and starts accepting. */
        public SshServer start() throws IOException {
            if (hostKeys.get().isEmpty()) {
                throw new IllegalStateException("an SSH server needs at least one host key");
            }
            ServerSocketChannel listener = ServerSocketChannel.open();
            try {
                listener.bind(address, 128);
            } catch (IOException e) {
                listener.close();
                throw new IOException("cannot listen on " + address + ": " + e.getMessage(), e);
            }
            IoLoop loop = IoLoop.shared();
            SshServer server = new SshServer(listener, loop, this);
            loop.listen(listener, server::accepted);
            return server;
        }
    }
}
