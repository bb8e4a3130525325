// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import org.amiko.ChannelHandler;
import org.amiko.OpenChannelResult;
import org.amiko.StreamLocal;
import org.amiko.TcpipAddresses;
import org.amiko.Transport;

/**
 * The client's remote port forwarding, {@code ssh -R}: asks the server to listen on a port
 * ({@code tcpip-forward}, RFC 4254 section 7.1), or on a Unix domain socket (OpenSSH's
 * {@code streamlocal-forward@openssh.com}), and connects each channel the server opens for it
 * (section 7.2) to a local target: a TCP address, a Unix domain socket, or, for
 * {@link #forwardDynamic}, wherever the SOCKS client at the server's end asks. A transport's
 * remote forwardings share the one channel type, so the instances {@link #on} gives for one
 * transport share one handler of its channels, each closing only what it asked for; a channel
 * for a port no instance forwarded is refused, as ssh refuses one "for unknown listen_port".
 */
public final class RemotePortForwarding implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.amiko.forward");

    private final Transport transport;
    /** The transport's handler of forwarded channels, which this instance shares. */
    private final Dispatcher dispatcher;
    /** What this instance asked for, and so cancels when closed. */
    private final Set<Listen> listens = ConcurrentHashMap.newKeySet();
    private final Set<String> sockets = ConcurrentHashMap.newKeySet();
    /** Whether {@link #close} has run; guarded by {@link #SERVING}. */
    private boolean closed;

    /**
     * A transport's one handler of {@code forwarded-tcpip} and {@code forwarded-streamlocal}
     * channels, with the targets of every instance on it, until the last of them closes.
     */
    private static final class Dispatcher {
        /**
         * Targets by the address as asked and the port the server listens on (what its channels
         * name): a TCP address, a Unix domain socket, or a {@link SocksTarget}.
         */
        final Map<Listen, SocketAddress> targets = new ConcurrentHashMap<>();
        /** Targets of Unix socket forwardings by the server-side socket path (OpenSSH PROTOCOL 2.4). */
        final Map<String, SocketAddress> socketTargets = new ConcurrentHashMap<>();
        /** The instances open on it; guarded by {@link #SERVING}. */
        int instances;

        private CompletionStage<ChannelHandler> openFromSocket(String type, byte[] data) {
            String path = ForwardTarget.socketPath(data);
            if (path == null) {
                return ForwardTarget.refuse(OpenChannelResult.CONNECT_FAILED, "malformed forwarded-streamlocal open");
            }
            SocketAddress target = socketTargets.get(path);
            if (target == null) {
                LOG.log(Level.WARNING, "the server opened a forwarded connection for socket {0}, which was not forwarded",
                        ForwardTarget.printable(path));
                return ForwardTarget.refuse(OpenChannelResult.ADMINISTRATIVELY_PROHIBITED, "not forwarded");
            }
            return connect(target);
        }

        private CompletionStage<ChannelHandler> open(String type, byte[] data) {
            TcpipAddresses addresses = ForwardTarget.addresses(data);
            if (addresses == null) {
                return ForwardTarget.refuse(OpenChannelResult.CONNECT_FAILED, "malformed forwarded-tcpip open");
            }
            SocketAddress target = target(addresses.host(), addresses.port());
            if (target == null) {
                LOG.log(Level.WARNING, "the server opened a forwarded connection for {0}:{1}, which was not forwarded",
                        ForwardTarget.printable(addresses.host()), Integer.toString(addresses.port()));
                return ForwardTarget.refuse(OpenChannelResult.ADMINISTRATIVELY_PROHIBITED, "not forwarded");
            }
            return connect(target);
        }

        /**
         * The target for a channel: by address and port, else by the port alone when one forwarding
         * has it, since servers name the address differently ({@code ""} asked may come back as
         * {@code "0.0.0.0"}); the port is the one listened on either way.
         */
        private SocketAddress target(String address, int port) {
            SocketAddress exact = targets.get(new Listen(address, port));
            if (exact != null) {
                return exact;
            }
            var byPort = targets.entrySet().stream().filter(entry -> entry.getKey().port() == port).toList();
            return byPort.size() == 1 ? byPort.get(0).getValue() : null;
        }
    }
    /** The target of a remote SOCKS proxy: each connection says where it goes, among the places permitted. */
    private static final class SocksTarget extends SocketAddress {
        private static final long serialVersionUID = 1L;
        private final transient BiPredicate<String, Integer> permitted;

        SocksTarget(BiPredicate<String, Integer> permitted) {
            this.permitted = permitted;
        }
    }

    private record Listen(String address, int port) {}

    private RemotePortForwarding(Transport transport, Dispatcher dispatcher) {
        this.transport = transport;
        this.dispatcher = dispatcher;
    }

    /**
     * Starts serving {@code forwarded-tcpip} channels on {@code transport}, sharing the handler
     * of its channels with the other instances on it: a transport has one handler for the channel
     * type, so one instance must not take another's channels away (an SshClient's configured
     * RemoteForwards, say).
     */
    public static RemotePortForwarding on(Transport transport) {
        synchronized (SERVING) {
            Dispatcher dispatcher = SERVING.get(transport);
            if (dispatcher == null) {
                Dispatcher started = new Dispatcher();
                transport.setChannelOpenHandler(TcpipAddresses.FORWARDED_TCPIP, started::open);
                transport.setChannelOpenHandler(StreamLocal.FORWARDED, started::openFromSocket);
                SERVING.put(transport, started);
                // forgotten with its transport (a weak map would not do: the value holds the key)
                transport.whenClosed().thenRun(() -> {
                    synchronized (SERVING) {
                        SERVING.remove(transport, started);
                    }
                });
                dispatcher = started;
            }
            dispatcher.instances++;
            return new RemotePortForwarding(transport, dispatcher);
        }
    }

    /** The handler of each open transport's forwarded channels, until its last instance or the transport closes. */
    private static final Map<Transport, Dispatcher> SERVING = new HashMap<>();

    /**
     * Asks the server to listen on {@code address:port} and forward what it accepts there to
     * {@code target}, which this side connects to.
     *
     * @param address as {@code ssh -R} takes it: {@code "localhost"} (the usual server default
     *     anyway), {@code ""} or {@code "*"} for every address, or an address; the server decides
     * @param port the port, or 0 for one the server picks
     * @return the port the server listens on
     * @throws org.amiko.SshException if the server refuses
     */
    public int forward(String address, int port, InetSocketAddress target) throws IOException {
        return forward(address, port, (SocketAddress) target);
    }

    /**
     * As {@link #forward(String, int, InetSocketAddress)}, to a TCP address or to a Unix domain
     * socket on this side ({@code ssh -R port:/path}, a {@link UnixDomainSocketAddress}).
     *
     * @since 1.3
     */
    public int forward(String address, int port, SocketAddress target) throws IOException {
        Objects.requireNonNull(target, "target");
        if (!(target instanceof InetSocketAddress) && !(target instanceof UnixDomainSocketAddress)) {
            throw new IllegalArgumentException("neither a TCP nor a Unix domain socket address: " + target);
        }
        return listen(address, port, target);
    }

    /**
     * Asks the server to listen on {@code address:port} as a SOCKS proxy ({@code ssh -R port}
     * without a target, OpenSSH 7.6): each connection made there says, in SOCKS4, 4a or 5, where
     * it wants to go, and this side connects there, name lookups included. Only CONNECT is served.
     *
     * @return the port the server listens on
     * @throws org.amiko.SshException if the server refuses
     * @since 1.3
     */
    public int forwardDynamic(String address, int port) throws IOException {
        return forwardDynamic(address, port, (host, to) -> true);
    }

    /**
     * As {@link #forwardDynamic(String, int)}, connecting only where {@code permitted} allows
     * (ssh's {@code PermitRemoteOpen}); a SOCKS client that asks for elsewhere is told the
     * connection is not allowed.
     *
     * @param permitted given the host as the SOCKS client named it and the port
     * @since 1.3
     */
    public int forwardDynamic(String address, int port, BiPredicate<String, Integer> permitted) throws IOException {
        return listen(address, port, new SocksTarget(Objects.requireNonNull(permitted, "permitted")));
    }

    private int listen(String address, int port, SocketAddress target) throws IOException {
        // a named port is served before it is asked for: the server may open a channel for it
        // as soon as it listens, before its answer arrives here
        if (port != 0) {
            dispatcher.targets.put(new Listen(address, port), target);
        }
        int bound;
        try {
            bound = transport.requestPortForward(address, port);
        } catch (IOException e) {
            dispatcher.targets.remove(new Listen(address, port));
            throw e;
        }
        dispatcher.targets.put(new Listen(address, bound), target);
        listens.add(new Listen(address, bound));
        return bound;
    }

    /**
     * Asks the server to stop listening on a port forwarded through this instance; connections
     * already forwarded go on.
     *
     * @return whether the server stopped listening
     */
    public boolean cancel(String address, int port) throws IOException {
        boolean cancelled = transport.cancelPortForward(address, port);
        dispatcher.targets.remove(new Listen(address, port));
        listens.remove(new Listen(address, port));
        return cancelled;
    }

    /**
     * Asks the server to listen on the Unix domain socket at {@code socketPath} and forward what
     * it accepts there to {@code target} ({@code ssh -R /path:host:port}, OpenSSH PROTOCOL 2.4).
     *
     * @throws org.amiko.SshException if the server refuses
     */
    public void forwardSocket(String socketPath, InetSocketAddress target) throws IOException {
        forwardSocket(socketPath, (SocketAddress) target);
    }

    /**
     * As {@link #forwardSocket(String, InetSocketAddress)}, to a TCP address or to a Unix domain
     * socket on this side ({@code ssh -R /path:/path}).
     *
     * @since 1.3
     */
    public void forwardSocket(String socketPath, SocketAddress target) throws IOException {
        Objects.requireNonNull(target, "target");
        if (!(target instanceof InetSocketAddress) && !(target instanceof UnixDomainSocketAddress)) {
            throw new IllegalArgumentException("neither a TCP nor a Unix domain socket address: " + target);
        }
        dispatcher.socketTargets.put(socketPath, target);
        try {
            transport.requestStreamLocalForward(socketPath);
        } catch (IOException e) {
            dispatcher.socketTargets.remove(socketPath);
            throw e;
        }
        sockets.add(socketPath);
    }

    /** Asks the server to stop listening on a socket forwarded through this instance. */
    public boolean cancelSocket(String socketPath) throws IOException {
        boolean cancelled = transport.cancelStreamLocalForward(socketPath);
        dispatcher.socketTargets.remove(socketPath);
        sockets.remove(socketPath);
        return cancelled;
    }

    /** Connects a forwarded channel to its target; a SOCKS channel is confirmed first and asks in band. */
    private static CompletionStage<ChannelHandler> connect(SocketAddress target) {
        if (target instanceof SocksTarget socks) {
            return CompletableFuture.completedFuture(channel -> ChannelSocks.serve(channel, socks.permitted));
        }
        if (target instanceof UnixDomainSocketAddress unix) {
            return ForwardTarget.connectUnix(unix.getPath().toString());
        }
        InetSocketAddress inet = (InetSocketAddress) target;
        return ForwardTarget.connect(inet.getHostString(), inet.getPort());
    }

    /**
     * Cancels every forwarding this instance asked for that is still on; the last instance on a
     * transport to close stops serving the channel type.
     */
    @Override
    public void close() {
        try {
            for (Listen listen : List.copyOf(listens)) {
                cancel(listen.address(), listen.port());
            }
            for (String path : List.copyOf(sockets)) {
                cancelSocket(path);
            }
        } catch (IOException e) {
            // the connection is gone, and its listeners with it
        }
        synchronized (SERVING) {
            if (closed) {
                return;
            }
            closed = true;
            if (--dispatcher.instances == 0 && SERVING.get(transport) == dispatcher) {
                SERVING.remove(transport);
                transport.setChannelOpenHandler(TcpipAddresses.FORWARDED_TCPIP, null);
                transport.setChannelOpenHandler(StreamLocal.FORWARDED, null);
            }
        }
    }
}
