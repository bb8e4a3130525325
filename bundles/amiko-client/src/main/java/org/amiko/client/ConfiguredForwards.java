// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.amiko.SshException;
import org.amiko.Transport;
import org.amiko.forward.DynamicPortForwarding;
import org.amiko.forward.LocalPortForwarding;
import org.amiko.forward.RemotePortForwarding;

/**
 * A host's {@code LocalForward}, {@code RemoteForward} and {@code DynamicForward} lines set up on
 * a connection once it is logged in, as ssh sets them up after login ({@code ssh_init_forwarding}),
 * and stopped with it. A forwarding that cannot be set up (its address taken, the server
 * refusing) is warned about and left out, or, under {@code ExitOnForwardFailure yes}, fails the
 * connection, as in ssh.
 *
 * <p>Where a local listener binds, as ssh's {@code channel_fwd_bind_addr} decides for a client:
 * no address, loopback ({@link InetAddress#getLoopbackAddress()}; ssh binds every loopback
 * address), or every address under {@code GatewayPorts yes}; {@code localhost} loopback;
 * {@code *} or an empty address every address; any other address itself. A remote listener's
 * address goes to the server as ssh sends it ({@code localhost} for none, {@code ""} for
 * {@code *}), and the server's own GatewayPorts decides. A local Unix domain socket
 * ({@code LocalForward /path ...}, {@code DynamicForward /path}) is made as ssh's defaults make
 * one: for this account only, never over a file already there, removed when the forwarding ends.
 */
final class ConfiguredForwards implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.amiko.client");

    private final Transport transport;
    /** The listeners on this side, to be closed. */
    private final List<AutoCloseable> listeners = new ArrayList<>();
    /** The forwardings running, a remote port 0 with the port the server chose. */
    private final List<Forward> active = new ArrayList<>();
    /** Serves the server's channels of every remote forwarding; null until the first. */
    private RemotePortForwarding remote;

    /** Where a remote SOCKS proxy's connections may go (PermitRemoteOpen). */
    private final RemoteOpens remoteOpens;

    private ConfiguredForwards(Transport transport, RemoteOpens remoteOpens) {
        this.transport = transport;
        this.remoteOpens = remoteOpens;
    }

    /**
     * Sets up {@code host}'s forwardings on {@code transport}.
     *
     * @throws SshException for one that fails under {@code ExitOnForwardFailure yes}; those set up
     *     before it are stopped
     */
    static ConfiguredForwards start(Transport transport, HostConfig host) throws SshException {
        ConfiguredForwards forwards = new ConfiguredForwards(transport, RemoteOpens.parse(host.permitRemoteOpen()));
        for (Forward forward : host.forwards()) {
            try {
                forwards.active.add(forwards.start(forward, host.gatewayPorts()));
            } catch (IOException | RuntimeException e) {
                // a RuntimeException too: a path the system cannot take, a Forward made by hand
                String message = forward.kind().keyword() + " " + forward.listenEnd()
                        + (forward.connectEnd() == null ? "" : " " + forward.connectEnd()) + " not set up: "
                        + e.getMessage();
                if (host.exitOnForwardFailure()) {
                    forwards.close(); // and the caller closes the connection, the server's listeners with it
                    throw new SshException(message + " (ExitOnForwardFailure)", e);
                }
                LOG.log(Level.WARNING, message);
            }
        }
        return forwards;
    }

    /** The forwardings running, in the order configured. */
    List<Forward> active() {
        return List.copyOf(active);
    }

    /** Sets up one forwarding; returns it as it runs. */
    private Forward start(Forward forward, boolean gatewayPorts) throws IOException {
        switch (forward.kind()) {
            case LOCAL -> {
                SocketAddress listen = localListen(forward, gatewayPorts);
                listeners.add(forward.connectPath() != null
                        ? LocalPortForwarding.startToSocket(transport, listen, forward.connectPath())
                        : LocalPortForwarding.start(transport, listen, forward.connectHost(), forward.connectPort()));
                return forward;
            }
            case DYNAMIC -> {
                listeners.add(DynamicPortForwarding.start(transport, localListen(forward, gatewayPorts)));
                return forward;
            }
            default -> {
                return startRemote(forward);
            }
        }
    }

    private Forward startRemote(Forward forward) throws IOException {
        if (remote == null) {
            remote = RemotePortForwarding.on(transport);
        }
        if (forward.listenPath() != null) {
            if (forward.kind() == Forward.Kind.REMOTE_DYNAMIC) {
                throw new UnsupportedOperationException("a SOCKS proxy on a remote Unix socket is not served");
            }
            remote.forwardSocket(forward.listenPath(), target(forward));
            return forward;
        }
        // as ssh's channel_request_remote_forwarding names the address to the server
        String address = forward.listenHost() == null ? "localhost"
                : forward.listenHost().isEmpty() || forward.listenHost().equals("*") ? "" : forward.listenHost();
        int port = forward.kind() == Forward.Kind.REMOTE_DYNAMIC
                ? remote.forwardDynamic(address, forward.listenPort(), remoteOpens)
                : remote.forward(address, forward.listenPort(), target(forward));
        if (forward.listenPort() == 0) {
            LOG.log(Level.INFO, "Allocated port {0} for remote forward to {1}", Integer.toString(port),
                    forward.connectEnd() == null ? "a SOCKS proxy" : forward.connectEnd());
        }
        return forward.listeningOn(port);
    }

    /** Where a remote forwarding's connections go on this side: a socket path, or a host and port resolved then. */
    private static SocketAddress target(Forward forward) {
        return forward.connectPath() != null ? UnixDomainSocketAddress.of(Path.of(forward.connectPath()))
                : InetSocketAddress.createUnresolved(forward.connectHost(), forward.connectPort());
    }

    /** The address a local or dynamic forwarding listens on, as the class comment says. */
    private static SocketAddress localListen(Forward forward, boolean gatewayPorts) throws IOException {
        if (forward.listenPath() != null) {
            return UnixDomainSocketAddress.of(Path.of(forward.listenPath()));
        }
        String host = forward.listenHost();
        boolean every = host == null ? gatewayPorts : host.isEmpty() || host.equals("*");
        if (every) {
            return new InetSocketAddress(forward.listenPort());
        }
        if (host == null || host.equals("localhost")) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), forward.listenPort());
        }
        return new InetSocketAddress(InetAddress.getByName(host), forward.listenPort());
    }

    /**
     * Stops the listeners on this side (a Unix socket made for one removed) before this returns;
     * the server's listeners end with the connection, which the caller closes next.
     */
    @Override
    public void close() {
        for (int i = listeners.size() - 1; i >= 0; i--) {
            try {
                listeners.get(i).close();
            } catch (Exception e) {
                // the connection is ending anyway; its listeners end with it
            }
        }
        listeners.clear();
        active.clear();
    }
}
