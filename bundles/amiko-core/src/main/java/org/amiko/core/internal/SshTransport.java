// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.amiko.AuthenticationException;
import org.amiko.Channel;
import org.amiko.ChannelOpenHandler;
import org.amiko.DisconnectException;
import org.amiko.DisconnectReason;
import org.amiko.HostKeyException;
import org.amiko.HostKeyVerifier;
import org.amiko.SessionBinding;
import org.amiko.InteractiveHandler;
import org.amiko.PartialAuthenticationException;
import org.amiko.PublicKeySigner;
import org.amiko.SecurityOptions;
import org.amiko.SshException;
import org.amiko.Transport;
import org.amiko.core.AlgorithmCatalog;
import org.amiko.core.AlgorithmPolicy;
import org.amiko.core.SessionInfo;
import org.amiko.core.SourcePenalties;
import org.amiko.core.TransportSettings;
import org.amiko.core.internal.auth.ClientAuthenticator;
import org.amiko.core.internal.auth.ServerAuthenticator;
import org.amiko.core.internal.connection.ChannelTimeouts;
import org.amiko.core.internal.connection.ConnectionService;
import org.amiko.core.internal.connection.HostKeyLearning;
import org.amiko.core.internal.connection.HostKeyUpdate;
import org.amiko.core.internal.io.IoLoop;
import org.amiko.core.internal.io.NioConnection;
import org.amiko.core.internal.io.Workers;
import org.amiko.core.internal.transport.NegotiatedSuite;
import org.amiko.core.internal.transport.Packet;
import org.amiko.core.internal.transport.SshMessage;
import org.amiko.server.ServerInterface;
import org.amiko.server.SubsystemHandler;
import org.amiko.spi.wire.WireWriter;
import org.ietf.jgss.GSSCredential;

/**
 * {@link Transport}: a thin facade that starts a {@link Session} in the client or server role and
 * hands each call to the service that owns it.
 */
public final class SshTransport implements Transport {
    private static final System.Logger LOG = System.getLogger("org.amiko.core");
    private static final int DEFAULT_KEEPALIVES_UNANSWERED = 3;

    private final SocketChannel socket;
    /** The peer's address when the socket's remote end is not the peer; else null. */
    private final InetSocketAddress peerName;
    private final TransportSettings settings;
    private final Supplier<AlgorithmCatalog> catalog;
    private final ConfiguredAlgorithms algorithms;
    private final List<KeyPair> serverKeys = new CopyOnWriteArrayList<>();
    private final Map<String, SubsystemHandler> subsystems = new ConcurrentHashMap<>();
    private final Map<String, ChannelOpenHandler> channelHandlers = new ConcurrentHashMap<>();
    /** {@link #whenClosed()}: completed when the session ends, or by a close before it started. */
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final SecureRandom random = new SecureRandom();
    private volatile Session session;
    private volatile ClientAuthenticator clientAuth;
    private volatile ServerAuthenticator serverAuth;
    /** Whether the server ended this connection at its login grace time. */
    private volatile boolean graceExceeded;
    /** Whether the server's operator or policy ended this connection (not its login rules). */
    private volatile boolean endedByServer;
    private volatile ConnectionService connection;
    private volatile PublicKey remoteServerKey;
    private volatile long keepaliveNanos;
    /** How many keepalives in a row may go unanswered before the connection is given up. */
    private volatile int keepalivesAllowed = DEFAULT_KEEPALIVES_UNANSWERED;
    /** {@link #setChannelTimeouts}'s, handed to the connection service when it starts; guarded by this. */
    private volatile ChannelTimeouts channelTimeouts = ChannelTimeouts.NONE;
    /** {@link #setMaxSessions}'s, handed to the connection service when the server starts; guarded by this. */
    private volatile int maxSessions = ConnectionService.DEFAULT_MAX_SESSIONS;
    /** {@link #setUnusedConnectionTimeout}'s, in nanoseconds; 0 for never. */
    private volatile long unusedTimeoutNanos;
    /** When the connection was last seen with no channel open after login; 0 while one is. Tick thread only. */
    private long unusedSince;
    private volatile long lastKeepaliveSent;
    private int keepalivesUnanswered;
    private final long createdAt = System.currentTimeMillis();

    private final long id;
    private final Function<String, SubsystemHandler> sharedSubsystems;

    public SshTransport(SocketChannel socket, TransportSettings settings, Supplier<AlgorithmCatalog> catalog) {
        this(socket, settings, catalog, new AlgorithmPolicy(), name -> null, 0);
    }

    /**
     * A client over a socket whose remote end is not the SSH peer (a Unix socket to a tunnel):
     * {@code peerName} is the peer's address as host key checks and operators see it.
     */
    public SshTransport(SocketChannel socket, InetSocketAddress peerName, TransportSettings settings,
            Supplier<AlgorithmCatalog> catalog) {
        this(socket, settings, catalog, new AlgorithmPolicy(), name -> null, 0, peerName);
    }

    /**
     * @param policy the algorithm lists, shared by the transports of one server
     * @param sharedSubsystems subsystem handlers registered for the whole server, asked after this
     *     transport's own
     * @param id the server's number for this connection
     */
    public SshTransport(SocketChannel socket, TransportSettings settings, Supplier<AlgorithmCatalog> catalog,
            AlgorithmPolicy policy, Function<String, SubsystemHandler> sharedSubsystems, long id) {
        this(socket, settings, catalog, policy, sharedSubsystems, id, null);
    }

    private SshTransport(SocketChannel socket, TransportSettings settings, Supplier<AlgorithmCatalog> catalog,
            AlgorithmPolicy policy, Function<String, SubsystemHandler> sharedSubsystems, long id,
            InetSocketAddress peerName) {
        this.peerName = peerName;
        this.socket = socket;
        this.settings = settings;
        this.catalog = catalog;
        this.algorithms = new ConfiguredAlgorithms(catalog, policy);
        this.sharedSubsystems = sharedSubsystems;
        this.id = id;
    }

    // ---- client ----

    @Override
    public void startClient(HostKeyVerifier verifier) throws IOException {
        Session started;
        synchronized (this) {
            if (session != null) {
                throw new IllegalStateException("transport already started");
            }
            started = newSession(true);
            clientAuth = new ClientAuthenticator(started, algorithms);
            connection = new ConnectionService(started, this, null, name -> null, null);
            connection.setChannelTimeouts(channelTimeouts);
            connection.learnHostKeys(new HostKeyLearning(verifier, started.connection().peer(), catalog,
                    () -> started.engine().sessionId(), this::getRemoteServerKey));
            channelHandlers.forEach(connection::setChannelOpenHandler);
            session = started;
        }
        try {
            algorithms.preferKeyTypes(verifier.knownKeyTypes(started.connection().peer()));
        } catch (RuntimeException e) {
            // a verifier that cannot say keeps the configured order
        }
        started.start(clientServices());
        // the verifier may ask someone: the server's time runs up to its host key, then from the verdict
        Session.HostKeyOffer offer = ServerDeadline.await(started, started.hostKeyOffer(), settings.connectTimeout(),
                "send its identification and host key");
        boolean trusted;
        try {
            trusted = verifier.isTrusted(started.connection().peer(), offer.keyType(), offer.key());
        } catch (RuntimeException e) {
            trusted = false;
        }
        remoteServerKey = offer.key();
        started.engine().hostKeyVerdict(trusted);
        started.connection().flush();
        if (!trusted) {
            throw new HostKeyException("the " + offer.keyType() + " host key of " + started.connection().peer()
                    + " is not trusted");
        }
        ServerDeadline.await(started, started.firstKex(), settings.connectTimeout(), "finish the key exchange");
    }

    @Override
    public void connect(PublicKey hostKey, String username, String password) throws IOException {
        ensureClientStarted(hostKey);
        requireComplete(authPassword(username, password));
    }

    @Override
    public void connect(PublicKey hostKey, String username, KeyPair key) throws IOException {
        ensureClientStarted(hostKey);
        requireComplete(authPublickey(username, key));
    }

    private void ensureClientStarted(PublicKey hostKey) throws IOException {
        if (session == null) {
            startClient(hostKey == null ? HostKeyVerifier.acceptingAny() : HostKeyVerifier.exactly(hostKey));
        } else if (hostKey != null && !hostKey.equals(remoteServerKey)) {
            throw new HostKeyException("the server's host key is not the expected one");
        }
    }

    private static void requireComplete(List<String> methodsLeft) throws PartialAuthenticationException {
        if (!methodsLeft.isEmpty()) {
            throw new PartialAuthenticationException(methodsLeft);
        }
    }

    @Override
    public PublicKey getRemoteServerKey() {
        return remoteServerKey;
    }

    @Override
    public Optional<SessionBinding> getSessionBinding() {
        Session current = session;
        if (current == null || clientAuth == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(current.engine().sessionBinding());
    }

    @Override
    public List<String> authNone(String username) throws IOException {
        return client().none(username);
    }

    @Override
    public List<String> authPassword(String username, String password) throws IOException {
        return client().password(username, password);
    }

    @Override
    public List<String> authPublickey(String username, KeyPair key) throws IOException {
        return client().publicKey(username, key);
    }

    @Override
    public List<String> authPublickey(String username, PublicKey key, PublicKeySigner signer) throws IOException {
        return client().publicKey(username, key, signer);
    }

    @Override
    public List<String> authHostbased(String username, KeyPair hostKey, String clientHostName, String clientUsername)
            throws IOException {
        return client().hostbased(username, hostKey, clientHostName, clientUsername);
    }

    @Override
    public List<String> authHostbased(String username, PublicKey hostKey, PublicKeySigner signer,
            String clientHostName, String clientUsername) throws IOException {
        return client().hostbased(username, hostKey, signer, clientHostName, clientUsername);
    }

    @Override
    public List<String> authInteractive(String username, InteractiveHandler handler) throws IOException {
        return client().interactive(username, handler);
    }

    @Override
    public List<String> authGssapiWithMic(String username, String gssHost, GSSCredential credential)
            throws IOException {
        return authGssapiWithMic(username, gssHost, credential, false);
    }

    @Override
    public List<String> authGssapiWithMic(String username, String gssHost, GSSCredential credential,
            boolean delegateCredentials) throws IOException {
        return client().gssapiWithMic(username, gssHost, credential, delegateCredentials);
    }

    private ClientAuthenticator client() {
        ClientAuthenticator auth = clientAuth;
        if (auth == null) {
            throw new IllegalStateException("call startClient first");
        }
        return auth;
    }

    @Override
    public Channel openSession() throws IOException {
        return openChannel("session", new byte[0]);
    }

    @Override
    public Channel openChannel(String type, byte[] typeSpecificData) throws IOException {
        if (!isAuthenticated()) {
            throw new AuthenticationException("not authenticated", List.of());
        }
        return connection.openChannel(type, typeSpecificData);
    }

    @Override
    public void setChannelOpenHandler(String type, ChannelOpenHandler handler) {
        if (handler == null) {
            channelHandlers.remove(type);
        } else {
            channelHandlers.put(type, handler);
        }
        ConnectionService service = connection;
        if (service != null) {
            service.setChannelOpenHandler(type, handler);
        }
    }

    // ---- server ----

    @Override
    public void addServerKey(KeyPair key) {
        serverKeys.add(key);
    }

    @Override
    public PublicKey getServerKey() {
        Session current = session;
        if (current == null || current.isClient()) {
            return null;
        }
        NegotiatedSuite suite = current.engine().suite();
        if (suite == null) {
            return null;
        }
        return serverKeys.stream().map(KeyPair::getPublic).filter(key -> suite.hostKey().supports(key)).findFirst()
                .orElse(null);
    }

    @Override
    public void startServer(ServerInterface server) throws IOException {
        Futures.await(startServerAsync(server));
    }

    /** Starts the server role without waiting; the future completes after the first key exchange. */
    public CompletableFuture<Void> startServerAsync(ServerInterface server) throws IOException {
        Session started;
        synchronized (this) {
            if (session != null) {
                throw new IllegalStateException("transport already started");
            }
            if (serverKeys.isEmpty()) {
                throw new IllegalStateException("addServerKey before startServer");
            }
            algorithms.serverSide();
            started = newSession(false);
            serverAuth = new ServerAuthenticator(started, server, algorithms, () -> connection.announceHostKeys());
            connection = new ConnectionService(started, this, server, name -> {
                SubsystemHandler own = subsystems.get(name);
                return own != null ? own : sharedSubsystems.apply(name);
            }, new HostKeyUpdate(() -> List.copyOf(serverKeys), algorithms::snapshot,
                    () -> started.engine().sessionId(), () -> negotiatedHostKey(started), random));
            channelHandlers.forEach(connection::setChannelOpenHandler);
            connection.setMaxSessions(maxSessions);
            connection.setChannelTimeouts(channelTimeouts);
            session = started;
        }
        started.start(serverServices());
        ScheduledFuture<?> grace = Workers.timer().schedule(() -> {
            if (!serverAuth.isAuthenticated() && started.engine().terminationCause() == null) {
                graceExceeded = true;
                started.disconnect(DisconnectReason.BY_APPLICATION, "login grace time exceeded");
            }
        }, settings.loginGraceTime().toMillis(), TimeUnit.MILLISECONDS);
        // a connection that ends before its grace time must not stay in the timer's queue (holding
        // its whole session) until the deadline: short connections would pile up there
        started.closed().whenComplete((cause, error) -> {
            grace.cancel(false);
            serverAuth.endedBeforeLogin(cause, graceExceeded, started.engine().remoteVersion() != null, endedByServer);
        });
        return started.firstKex();
    }

    /** Marks this connection as ended by the server of its own accord, before it ends it. */
    public void markEndedByServer() {
        endedByServer = true;
    }

    /** Whether {@link #markEndedByServer} was called. */
    public boolean endedByServer() {
        return endedByServer;
    }

    /**
     * How this server connection ended before login, for {@link org.amiko.core.SourcePenalties}:
     * at its login grace time, after a failed attempt, or without one; null once logged in.
     */
    public SourcePenalties.Reason preLoginEnd() {
        ServerAuthenticator auth = serverAuth;
        if (auth != null && auth.isAuthenticated()) {
            return null;
        }
        if (graceExceeded) {
            return SourcePenalties.Reason.GRACE_EXCEEDED;
        }
        return auth != null && auth.attempted() ? SourcePenalties.Reason.AUTHFAIL : SourcePenalties.Reason.NOAUTH;
    }

    @Override
    public Optional<Channel> accept(Duration timeout) throws IOException, InterruptedException {
        ConnectionService service = connection;
        if (service == null) {
            throw new IllegalStateException("call startServer first");
        }
        return service.accept(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void setSubsystemHandler(String name, SubsystemHandler handler) {
        if (handler == null) {
            subsystems.remove(name);
        } else {
            subsystems.put(name, handler);
        }
    }

    // ---- both ----

    @Override
    public Optional<byte[]> globalRequest(String name, byte[] data) throws IOException {
        return connected().globalRequest(name, data, true);
    }

    @Override
    public void sendGlobalRequest(String name, byte[] data) throws IOException {
        connected().globalRequest(name, data, false);
    }

    private ConnectionService connected() throws SshException {
        if (!isAuthenticated()) {
            throw new SshException("global requests need an authenticated connection");
        }
        return connection;
    }

    @Override
    public void sendIgnore(int length) throws IOException {
        byte[] filler = new byte[Math.max(0, length)];
        random.nextBytes(filler);
        started().send(new WireWriter(8 + filler.length).writeByte(SshMessage.IGNORE).writeString(filler).toByteArray());
    }

    @Override
    public void renegotiateKeys() throws IOException {
        Session current = started();
        CompletableFuture<Void> done = new CompletableFuture<>();
        current.onKeysEstablished(done);
        current.engine().requestRekey();
        current.connection().flush();
        Futures.await(done);
    }

    @Override
    public void setKeepalive(Duration interval) {
        setKeepalive(interval, DEFAULT_KEEPALIVES_UNANSWERED);
    }

    @Override
    public void setKeepalive(Duration interval, int maxUnanswered) {
        if (maxUnanswered < 0) {
            throw new IllegalArgumentException("a negative count of keepalives: " + maxUnanswered);
        }
        keepalivesAllowed = maxUnanswered;
        keepaliveNanos = interval.toNanos();
    }

    @Override
    public void setUnusedConnectionTimeout(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("a negative timeout: " + timeout);
        }
        unusedTimeoutNanos = timeout.toNanos();
    }

    @Override
    public synchronized void setChannelTimeouts(Map<String, Duration> timeouts) {
        ChannelTimeouts checked = ChannelTimeouts.of(timeouts);
        channelTimeouts = checked;
        ConnectionService service = connection;
        if (service != null) {
            service.setChannelTimeouts(checked);
        }
    }

    @Override
    public synchronized void setMaxSessions(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("a negative session limit: " + max);
        }
        maxSessions = max;
        ConnectionService service = connection;
        if (service != null) {
            service.setMaxSessions(max);
        }
    }

    @Override
    public SecurityOptions getSecurityOptions() {
        return algorithms;
    }

    @Override
    public boolean isActive() {
        Session current = session;
        return current != null && current.engine().terminationCause() == null;
    }

    @Override
    public boolean isAuthenticated() {
        ClientAuthenticator client = clientAuth;
        ServerAuthenticator server = serverAuth;
        return (client != null && client.isAuthenticated()) || (server != null && server.isAuthenticated());
    }

    @Override
    public String getUsername() {
        ClientAuthenticator client = clientAuth;
        ServerAuthenticator server = serverAuth;
        return client != null ? client.username() : server != null ? server.username() : null;
    }

    @Override
    public String getBanner() {
        ClientAuthenticator client = clientAuth;
        return client == null ? null : client.banner();
    }

    @Override
    public String getRemoteVersion() {
        Session current = session;
        return current == null ? null : current.engine().remoteVersion();
    }

    @Override
    public InetSocketAddress getPeerName() {
        if (peerName != null) {
            return peerName;
        }
        try {
            return socket.getRemoteAddress() instanceof InetSocketAddress remote ? remote : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public InetSocketAddress getLocalName() {
        try {
            return socket.getLocalAddress() instanceof InetSocketAddress local ? local : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        Session current = session;
        if (current != null) {
            current.disconnect(DisconnectReason.BY_APPLICATION, "closed by application");
        } else {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing more to do
            }
            closed.complete(null);
        }
    }

    @Override
    public CompletionStage<Void> whenClosed() {
        return closed.minimalCompletionStage();
    }

    // ---- for the runtime (operators' view) ----

    /** The running session, or null before start. */
    public Session session() {
        return session;
    }

    /** The authentication method that succeeded (server side), or null. */
    public String authMethod() {
        ServerAuthenticator server = serverAuth;
        return server == null ? null : server.method();
    }

    /** Channels open now. */
    public int channelCount() {
        ConnectionService service = connection;
        return service == null ? 0 : service.channelCount();
    }

    public long createdAtMillis() {
        return createdAt;
    }

    /** The server's number for this connection. */
    public long id() {
        return id;
    }

    /** The algorithm lists this transport offers from. */
    public ConfiguredAlgorithms algorithms() {
        return algorithms;
    }

    /** A snapshot for operators. */
    public SessionInfo info() {
        Session current = session;
        NegotiatedSuite suite = current == null ? null : current.engine().suite();
        return new SessionInfo(id, getPeerName(), current == null ? null : current.engine().remoteVersion(),
                getUsername(), authMethod(), suite == null ? null : suite.describe(),
                current != null && current.engine().isStrictKex(), current == null ? 0 : current.engine().bytesReceived(),
                current == null ? 0 : current.engine().bytesSent(), channelCount(),
                current == null ? 0 : current.engine().completedExchanges(),
                Duration.ofMillis(System.currentTimeMillis() - createdAt));
    }

    // ---- wiring ----

    /** The host key algorithm of a session's key exchange, or null before the first one. */
    private static String negotiatedHostKey(Session session) {
        NegotiatedSuite suite = session.engine().suite();
        return suite == null ? null : suite.hostKeyName();
    }

    private Session newSession(boolean client) throws IOException {
        NioConnection nio = new NioConnection(socket, IoLoop.shared(), peerName);
        Session created = new Session(client, settings, nio, algorithms, () -> List.copyOf(serverKeys), random);
        created.onTick(this::keepalive);
        created.onTick(this::unusedConnectionCheck);
        created.onTick(() -> {
            ConnectionService service = connection;
            if (service != null) {
                service.expireIdle();
            }
        });
        created.closed().whenComplete((cause, failure) -> closed.complete(null));
        return created;
    }

    private Session.Services clientServices() {
        return new Session.Services() {
            @Override
            public void handle(Packet packet) throws IOException {
                int type = packet.type();
                if (type == SshMessage.SERVICE_ACCEPT || (type >= SshMessage.USERAUTH_REQUEST && type < SshMessage.GLOBAL_REQUEST)) {
                    clientAuth.handle(packet);
                } else {
                    connection.handle(packet);
                }
            }

            @Override
            public void terminated(SshException cause) {
                clientAuth.terminated(cause);
                connection.terminated(cause);
            }
        };
    }

    private Session.Services serverServices() {
        return new Session.Services() {
            @Override
            public void handle(Packet packet) throws IOException {
                int type = packet.type();
                if (type < SshMessage.GLOBAL_REQUEST) {
                    serverAuth.handle(packet);
                } else if (!serverAuth.isAuthenticated()) {
                    throw new DisconnectException(DisconnectReason.PROTOCOL_ERROR,
                            "connection message " + type + " before authentication", true);
                } else {
                    connection.handle(packet);
                }
            }

            @Override
            public void terminated(SshException cause) {
                serverAuth.terminated();
                connection.terminated(cause);
            }
        };
    }

    private void keepalive() {
        long interval = keepaliveNanos;
        Session current = session;
        if (interval <= 0 || current == null || !isAuthenticated()) {
            return;
        }
        long now = System.nanoTime();
        if (now - current.lastReceived() < interval || now - lastKeepaliveSent < interval) {
            return;
        }
        synchronized (this) {
            if (current.lastReceived() - lastKeepaliveSent > 0) {
                // anything from the peer since the last question answers it, as ssh's packet.c
                // resets its count on every packet: only unbroken silence adds up
                keepalivesUnanswered = 0;
            }
            int allowed = keepalivesAllowed;
            if (keepalivesUnanswered >= allowed) {
                // as ssh's server_alive_check: the count is of keepalives already sent, so 0 asks nothing
                current.disconnect(DisconnectReason.CONNECTION_LOST, allowed == 0
                        ? "the peer was silent for " + Duration.ofNanos(interval).toSeconds() + " s"
                        : "no answer to " + allowed + (allowed == 1 ? " keepalive" : " keepalives"));
                return;
            }
            keepalivesUnanswered++;
        }
        lastKeepaliveSent = now;
        try {
            connection.globalRequestAsync(ConnectionService.KEEPALIVE, new byte[0]).whenComplete((reply, error) -> {
                synchronized (this) {
                    keepalivesUnanswered = 0;
                }
            });
        } catch (IOException e) {
            // the session is ending; the engine reports why
        }
    }

    /**
     * sshd's UnusedConnectionTimeout (serverloop.c): a logged-in server connection with no channel
     * open for the whole timeout is ended; the count starts at login, and again each time the last
     * channel closes.
     */
    private void unusedConnectionCheck() {
        long timeout = unusedTimeoutNanos;
        Session current = session;
        ConnectionService service = connection;
        if (timeout <= 0 || current == null || serverAuth == null || !serverAuth.isAuthenticated() || service == null) {
            return;
        }
        long now = System.nanoTime();
        if (service.channelCount() > 0) {
            unusedSince = 0;
        } else if (unusedSince == 0) {
            unusedSince = now;
        } else if (now - unusedSince >= timeout) {
            InetSocketAddress peer = getPeerName();
            // sshd's words (serverloop.c), so that its log watchers know the line
            LOG.log(System.Logger.Level.INFO, "terminating inactive connection from {0}", peer == null ? "unknown"
                    : peer.getHostString() + " port " + peer.getPort());
            unusedTimeoutNanos = 0; // once: the next tick may come before the session has ended
            current.disconnect(DisconnectReason.BY_APPLICATION, "no channel open for "
                    + Duration.ofNanos(timeout).toSeconds() + " s (unused connection timeout)");
        }
    }

    private Session started() {
        Session current = session;
        if (current == null) {
            throw new IllegalStateException("transport not started");
        }
        return current;
    }
}
