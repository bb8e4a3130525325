// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import static org.amiko.forward.ForwardTarget.printable;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.amiko.ChannelHandler;
import org.amiko.OpenChannelResult;
import org.amiko.StreamLocal;
import org.amiko.TcpipAddresses;
import org.amiko.Transport;
import org.amiko.server.ServerInterface;

/**
 * The server's side of TCP/IP port forwarding (RFC 4254 section 7) for one connection, as sshd
 * serves {@code ssh -L} and {@code ssh -R}, within a {@link ForwardingPolicy}:
 * <ul>
 *   <li>{@code direct-tcpip} channels are decided by the policy, then confirmed once the
 *       connection to their target is made, refused with {@code CONNECT_FAILED} and the reason
 *       when it cannot be;</li>
 *   <li>{@link #listen} and {@link #cancel} serve the {@link ServerInterface} hooks
 *       {@link ServerInterface#checkPortForwardRequest} and
 *       {@link ServerInterface#cancelPortForwardRequest}: each listener opens a
 *       {@code forwarded-tcpip} channel to the client per connection it accepts.</li>
 * </ul>
 * OpenSSH's Unix domain socket forwarding (PROTOCOL section 2.4) is served alike:
 * {@code direct-streamlocal@openssh.com} channels, and {@link #listenStreamLocal} and
 * {@link #cancelStreamLocal} for the {@code streamlocal-forward@openssh.com} requests.
 * Listeners close with the connection; at most {@link #MAX_LISTENERS} are open per connection.
 */
public final class ServerForwarding implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.amiko.forward");
    /** Listeners one connection may hold, so a client cannot take every port and descriptor. */
    public static final int MAX_LISTENERS = 64;

    private final Transport transport;
    private final ForwardingPolicy policy;
    /** By the address as the client asked and the port listened on: what cancel and the channels name. */
    private final Map<Listen, SocketListener> listeners = new ConcurrentHashMap<>();
    /** Unix domain socket listeners by path (OpenSSH PROTOCOL section 2.4). */
    private final Map<String, PrivateSocket> socketListeners = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private record Listen(String address, int port) {}

    private ServerForwarding(Transport transport, ForwardingPolicy policy) {
        this.transport = transport;
        this.policy = policy;
    }

    /**
     * Serves {@code direct-tcpip} channels on {@code transport} within {@code policy}; the
     * listeners that {@link #listen} opens close when the transport does.
     */
    public static ServerForwarding start(Transport transport, ForwardingPolicy policy) {
        ServerForwarding forwarding = new ServerForwarding(transport, Objects.requireNonNull(policy, "policy"));
        transport.setChannelOpenHandler(TcpipAddresses.DIRECT_TCPIP, forwarding::openDirect);
        transport.setChannelOpenHandler(StreamLocal.DIRECT, forwarding::openDirectStreamLocal);
        transport.whenClosed().thenRun(forwarding::close);
        return forwarding;
    }

    private CompletionStage<ChannelHandler> openDirect(String type, byte[] data) {
        TcpipAddresses addresses = ForwardTarget.addresses(data);
        if (addresses == null) {
            return ForwardTarget.refuse(OpenChannelResult.CONNECT_FAILED, "malformed direct-tcpip open");
        }
        if (!policy.allowsOpen(addresses.host(), addresses.port())) {
            LOG.log(Level.INFO, "forwarding to {0}:{1} refused for {2}: not permitted", printable(addresses.host()),
                    Integer.toString(addresses.port()), transport.getPeerName());
            return ForwardTarget.refuse(OpenChannelResult.ADMINISTRATIVELY_PROHIBITED,
                    "port forwarding to there is not permitted");
        }
        return ForwardTarget.connect(addresses.host(), addresses.port());
    }

    private CompletionStage<ChannelHandler> openDirectStreamLocal(String type, byte[] data) {
        String path = ForwardTarget.socketPath(data);
        if (path == null) {
            return ForwardTarget.refuse(OpenChannelResult.CONNECT_FAILED, "malformed direct-streamlocal open");
        }
        if (!policy.allowsStreamLocalOpen(path)) {
            LOG.log(Level.INFO, "forwarding to socket {0} refused for {1}: not permitted", printable(path),
                    transport.getPeerName());
            return ForwardTarget.refuse(OpenChannelResult.ADMINISTRATIVELY_PROHIBITED,
                    "forwarding to that socket is not permitted");
        }
        return ForwardTarget.connectUnix(path);
    }

    /**
     * Listens on {@code address:port} for the client, if the policy allows it; for
     * {@link ServerInterface#checkPortForwardRequest}.
     *
     * @return the port listened on, or empty if refused or the address cannot be bound
     */
    public OptionalInt listen(String address, int port) {
        if (closed) {
            return OptionalInt.empty(); // the connection has ended
        }
        if (!policy.allowsListen(address, port)) {
            LOG.log(Level.INFO, "listening on {0}:{1} refused for {2}: not permitted", printable(address),
                    Integer.toString(port), transport.getPeerName());
            return OptionalInt.empty();
        }
        if (listenerCount() >= MAX_LISTENERS) {
            LOG.log(Level.INFO, "listening refused for {0}: {1} listeners already", transport.getPeerName(),
                    MAX_LISTENERS);
            return OptionalInt.empty();
        }
        try {
            SocketListener listener = SocketListener.start(new InetSocketAddress(bindAddress(address), port),
                    "amiko-forward-R", socket -> forward(address, socket));
            int bound = ((InetSocketAddress) listener.localAddress()).getPort();
            if (listeners.putIfAbsent(new Listen(address, bound), listener) != null) {
                listener.close(); // cannot happen for a bound port, but never lose track of a listener
                return OptionalInt.empty();
            }
            if (closed) {
                close(); // the connection ended while this one was being bound
            }
            return OptionalInt.of(bound);
        } catch (IOException e) {
            LOG.log(Level.INFO, "cannot listen on {0}:{1} for {2}: {3}", printable(address), Integer.toString(port),
                    transport.getPeerName(), printable(String.valueOf(e.getMessage())));
            return OptionalInt.empty();
        }
    }

    /**
     * Listens on a Unix domain socket at {@code path} for the client, if the policy allows it; for
     * {@link ServerInterface#checkStreamLocalForwardRequest}. The socket is made readable and
     * writable by this account only (sshd's default {@code StreamLocalBindMask 0177}), and is
     * removed when the listening ends; a file already at the path is left alone and the request
     * refused (sshd's default {@code StreamLocalBindUnlink no}).
     */
    public boolean listenStreamLocal(String path) {
        String checked = ForwardTarget.checkedPath(path);
        if (closed || checked == null) {
            return false;
        }
        if (!policy.allowsStreamLocalListen(checked)) {
            LOG.log(Level.INFO, "listening on socket {0} refused for {1}: not permitted", printable(path),
                    transport.getPeerName());
            return false;
        }
        if (listenerCount() >= MAX_LISTENERS || socketListeners.containsKey(path)) {
            return false;
        }
        PrivateSocket listener;
        try {
            listener = PrivateSocket.listen(Path.of(checked), "amiko-forward-R-unix",
                    socket -> ChannelRelay.openAndRelay(socket, accepted -> transport.openForwardedStreamLocal(path),
                            e -> LOG.log(Level.DEBUG, () -> "socket connection not forwarded: " + e.getMessage())));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.INFO, "cannot listen on socket {0} for {1}: {2}", printable(path),
                    transport.getPeerName(), printable(String.valueOf(e.getMessage())));
            return false;
        }
        socketListeners.put(path, listener);
        if (closed) {
            close();
        }
        return true;
    }

    /**
     * Stops listening on the socket at {@code path} and removes it; for
     * {@link ServerInterface#cancelStreamLocalForwardRequest}.
     */
    public boolean cancelStreamLocal(String path) {
        PrivateSocket bound = socketListeners.remove(path);
        if (bound == null) {
            return false;
        }
        bound.close();
        return true;
    }

    /** TCP and Unix socket listeners together, which {@link #MAX_LISTENERS} bounds. */
    private int listenerCount() {
        return listeners.size() + socketListeners.size();
    }

    /** The address to bind for what the client asked, as sshd's channel_fwd_bind_addr decides. */
    private InetAddress bindAddress(String address) throws IOException {
        if (!policy.gatewayPorts() || address.equals("localhost")) {
            return InetAddress.getLoopbackAddress();
        }
        if (address.isEmpty() || address.equals("*")) {
            return null; // every address
        }
        return InetAddress.getByName(address);
    }

    /**
     * Stops listening on {@code address:port} as the client named it; for
     * {@link ServerInterface#cancelPortForwardRequest}. Connections already forwarded go on.
     */
    public boolean cancel(String address, int port) {
        SocketListener listener = listeners.remove(new Listen(address, port));
        if (listener == null) {
            return false;
        }
        listener.close();
        return true;
    }

    /** Opens a {@code forwarded-tcpip} channel for a connection accepted for {@code address} as the client asked. */
    private void forward(String address, SocketChannel socket) {
        ChannelRelay.openAndRelay(socket, accepted -> {
            InetSocketAddress origin = (InetSocketAddress) accepted.getRemoteAddress();
            int port = ((InetSocketAddress) accepted.getLocalAddress()).getPort();
            return transport.openForwardedTcpip(new TcpipAddresses(address, port, origin.getAddress().getHostAddress(),
                    origin.getPort()));
        }, e -> LOG.log(Level.DEBUG, () -> "forwarded connection for " + printable(address) + " not opened: "
                + e.getMessage()));
    }

    /** Stops every listener; forwarded connections end with their channels. */
    @Override
    public void close() {
        closed = true;
        for (Listen key : listeners.keySet()) {
            cancel(key.address(), key.port());
        }
        for (String path : socketListeners.keySet()) {
            cancelStreamLocal(path);
        }
    }

}
