// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.amiko.ChannelHandler;
import org.amiko.OpenChannelResult;
import org.amiko.StreamLocal;
import org.amiko.TcpipAddresses;
import org.amiko.Transport;

/**
 * The client's remote port forwarding, {@code ssh -R}: asks the server to listen on a port
 * ({@code tcpip-forward}, RFC 4254 section 7.1), or on a Unix domain socket (OpenSSH's
 * {@code streamlocal-forward@openssh.com}), and connects each channel the server opens for it
 * (section 7.2) to a local target. One instance serves all of a
 * transport's remote forwardings, since they share the one channel type; a channel for a port not
 * forwarded through it is refused, as ssh refuses one "for unknown listen_port".
 */
public final class RemotePortForwarding implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.amiko.forward");

    private final Transport transport;
    /** Targets by the address as asked and the port the server listens on (what its channels name). */
    private final Map<Listen, InetSocketAddress> targets = new ConcurrentHashMap<>();
    /** Targets of Unix socket forwardings by the server-side socket path (OpenSSH PROTOCOL 2.4). */
    private final Map<String, InetSocketAddress> socketTargets = new ConcurrentHashMap<>();

    private record Listen(String address, int port) {}

    private RemotePortForwarding(Transport transport) {
        this.transport = transport;
    }

    /** Starts serving {@code forwarded-tcpip} channels on {@code transport}. */
    public static RemotePortForwarding on(Transport transport) {
        RemotePortForwarding forwarding = new RemotePortForwarding(transport);
        transport.setChannelOpenHandler(TcpipAddresses.FORWARDED_TCPIP, forwarding::open);
        transport.setChannelOpenHandler(StreamLocal.FORWARDED, forwarding::openFromSocket);
        return forwarding;
    }

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
        Objects.requireNonNull(target, "target");
        // a named port is served before it is asked for: the server may open a channel for it
        // as soon as it listens, before its answer arrives here
        if (port != 0) {
            targets.put(new Listen(address, port), target);
        }
        int bound;
        try {
            bound = transport.requestPortForward(address, port);
        } catch (IOException e) {
            targets.remove(new Listen(address, port));
            throw e;
        }
        targets.put(new Listen(address, bound), target);
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
        targets.remove(new Listen(address, port));
        return cancelled;
    }

    /**
     * Asks the server to listen on the Unix domain socket at {@code socketPath} and forward what
     * it accepts there to {@code target} ({@code ssh -R /path:host:port}, OpenSSH PROTOCOL 2.4).
     *
     * @throws org.amiko.SshException if the server refuses
     */
    public void forwardSocket(String socketPath, InetSocketAddress target) throws IOException {
        Objects.requireNonNull(target, "target");
        socketTargets.put(socketPath, target);
        try {
            transport.requestStreamLocalForward(socketPath);
        } catch (IOException e) {
            socketTargets.remove(socketPath);
            throw e;
        }
    }

    /** Asks the server to stop listening on a socket forwarded through this instance. */
    public boolean cancelSocket(String socketPath) throws IOException {
        boolean cancelled = transport.cancelStreamLocalForward(socketPath);
        socketTargets.remove(socketPath);
        return cancelled;
    }

    private CompletionStage<ChannelHandler> openFromSocket(String type, byte[] data) {
        String path = ForwardTarget.socketPath(data);
        if (path == null) {
            return ForwardTarget.refuse(OpenChannelResult.CONNECT_FAILED, "malformed forwarded-streamlocal open");
        }
        InetSocketAddress target = socketTargets.get(path);
        if (target == null) {
            LOG.log(Level.WARNING, "the server opened a forwarded connection for socket {0}, which was not forwarded",
                    ForwardTarget.printable(path));
            return ForwardTarget.refuse(OpenChannelResult.ADMINISTRATIVELY_PROHIBITED, "not forwarded");
        }
        return ForwardTarget.connect(target.getHostString(), target.getPort());
    }

    private CompletionStage<ChannelHandler> open(String type, byte[] data) {
        TcpipAddresses addresses = ForwardTarget.addresses(data);
        if (addresses == null) {
            return ForwardTarget.refuse(OpenChannelResult.CONNECT_FAILED, "malformed forwarded-tcpip open");
        }
        InetSocketAddress target = target(addresses.host(), addresses.port());
        if (target == null) {
            LOG.log(Level.WARNING, "the server opened a forwarded connection for {0}:{1}, which was not forwarded",
                    ForwardTarget.printable(addresses.host()), Integer.toString(addresses.port()));
            return ForwardTarget.refuse(OpenChannelResult.ADMINISTRATIVELY_PROHIBITED, "not forwarded");
        }
        return ForwardTarget.connect(target.getHostString(), target.getPort());
    }

    /**
     * The target for a channel: by address and port, else by the port alone when one forwarding
     * has it, since servers name the address differently ({@code ""} asked may come back as
     * {@code "0.0.0.0"}); the port is the one listened on either way.
     */
    private InetSocketAddress target(String address, int port) {
        InetSocketAddress exact = targets.get(new Listen(address, port));
        if (exact != null) {
            return exact;
        }
        var byPort = targets.entrySet().stream().filter(entry -> entry.getKey().port() == port).toList();
        return byPort.size() == 1 ? byPort.get(0).getValue() : null;
    }

    /** Cancels every forwarding still on and stops serving the channel type. */
    @Override
    public void close() {
        try {
            for (Listen listen : targets.keySet()) {
                cancel(listen.address(), listen.port());
            }
            for (String path : socketTargets.keySet()) {
                cancelSocket(path);
            }
        } catch (IOException e) {
            // the connection is gone, and its listeners with it
        }
        transport.setChannelOpenHandler(TcpipAddresses.FORWARDED_TCPIP, null);
        transport.setChannelOpenHandler(StreamLocal.FORWARDED, null);
    }
}
