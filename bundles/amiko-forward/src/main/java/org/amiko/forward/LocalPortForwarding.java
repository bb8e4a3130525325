// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import org.amiko.ChannelOpenException;
import org.amiko.Transport;

/**
 * The client's local port forwarding, {@code ssh -L}: listens on a local address (or a local Unix
 * domain socket, {@code ssh -L /path:host:port}, made private to this account) and carries each
 * connection made there over a {@code direct-tcpip} channel (RFC 4254 section 7.2) to a host and
 * port that the server connects to, or over a {@code direct-streamlocal@openssh.com} channel to a
 * Unix domain socket on the server's side. A connection the server refuses is closed, and the refusal
 * logged, as ssh reports "open failed".
 *
 * <p>Closing stops the listening; connections already forwarded go on until either end closes
 * them. The listening also stops when the transport ends.
 */
public final class LocalPortForwarding extends ListeningForwarding {
    private static final System.Logger LOG = System.getLogger("org.amiko.forward");

    /** Where the server connects, for the log: {@code host:port} or a socket path. */
    private final String target;
    /** Opens the channel for one accepted connection. */
    private final ChannelRelay.ChannelOpener opener;

    private LocalPortForwarding(Transport transport, String target, ChannelRelay.ChannelOpener opener) {
        super(transport);
        this.target = target;
        this.opener = opener;
    }

    /**
     * Starts forwarding {@code listen} to {@code host:port} as the server sees it.
     *
     * @param listen the local address to listen on; port 0 picks a free one ({@link #localAddress()})
     * @param host the host the server connects to, a name or an address, resolved by the server
     * @throws IOException if the local address cannot be bound
     */
    public static LocalPortForwarding start(Transport transport, InetSocketAddress listen, String host, int port)
            throws IOException {
        return start(transport, (SocketAddress) listen, host, port);
    }

    /**
     * As {@link #start(Transport, InetSocketAddress, String, int)}, listening on a TCP address or
     * on a Unix domain socket ({@link UnixDomainSocketAddress}: readable and writable by this
     * account only, never over a file already there, and removed when the listening ends, as ssh's
     * defaults have it).
     *
     * @throws IOException if the address cannot be bound
     * @since 1.3
     */
    public static LocalPortForwarding start(Transport transport, SocketAddress listen, String host, int port)
            throws IOException {
        Objects.requireNonNull(host, "host");
        if (port <= 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return start(transport, listen, host + ":" + port, socket -> transport.openDirectTcpip(host, port,
                originator(socket)));
    }

    /**
     * Starts forwarding {@code listen} to the Unix domain socket at {@code socketPath} on the
     * server's side ({@code ssh -L port:/path}, OpenSSH PROTOCOL section 2.4).
     *
     * @throws IOException if the local address cannot be bound
     */
    public static LocalPortForwarding startToSocket(Transport transport, InetSocketAddress listen, String socketPath)
            throws IOException {
        return startToSocket(transport, (SocketAddress) listen, socketPath);
    }

    /**
     * As {@link #startToSocket(Transport, InetSocketAddress, String)}, listening on a TCP address
     * or on a Unix domain socket as {@link #start(Transport, SocketAddress, String, int)} does.
     *
     * @throws IOException if the address cannot be bound
     * @since 1.3
     */
    public static LocalPortForwarding startToSocket(Transport transport, SocketAddress listen, String socketPath)
            throws IOException {
        Objects.requireNonNull(socketPath, "socketPath");
        return start(transport, listen, socketPath, socket -> transport.openDirectStreamLocal(socketPath));
    }

    private static LocalPortForwarding start(Transport transport, SocketAddress listen, String target,
            ChannelRelay.ChannelOpener opener) throws IOException {
        LocalPortForwarding forwarding = new LocalPortForwarding(transport, target, opener);
        forwarding.listen(listen, "amiko-forward-L");
        return forwarding;
    }

    @Override
    void forward(SocketChannel socket) {
        ChannelRelay.openAndRelay(socket, opener, e -> {
            if (e instanceof ChannelOpenException) {
                LOG.log(Level.INFO, "forwarding to {0} refused: {1}", target, e.getMessage());
            } else if (!transport.isActive()) {
                close();
            }
        });
    }
}
