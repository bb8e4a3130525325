// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import org.amiko.ChannelOpenException;
import org.amiko.Transport;

/**
 * The client's local port forwarding, {@code ssh -L}: listens on a local address and carries each
 * connection made there over a {@code direct-tcpip} channel (RFC 4254 section 7.2) to a host and
 * port that the server connects to. A connection the server refuses is closed, and the refusal
 * logged, as ssh reports "open failed".
 *
 * <p>Closing stops the listening; connections already forwarded go on until either end closes
 * them. The listening also stops when the transport ends.
 */
public final class LocalPortForwarding extends ListeningForwarding {
    private static final System.Logger LOG = System.getLogger("org.amiko.forward");

    private final String host;
    private final int port;

    private LocalPortForwarding(Transport transport, String host, int port) {
        super(transport);
        this.host = host;
        this.port = port;
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
        Objects.requireNonNull(host, "host");
        if (port <= 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        LocalPortForwarding forwarding = new LocalPortForwarding(transport, host, port);
        forwarding.listen(listen, "amiko-forward-L");
        return forwarding;
    }

    @Override
    void forward(SocketChannel socket) {
        ChannelRelay.openAndRelay(socket,
                () -> transport.openDirectTcpip(host, port, (InetSocketAddress) socket.getRemoteAddress()), e -> {
                    if (e instanceof ChannelOpenException) {
                        LOG.log(Level.INFO, "forwarding to {0}:{1} refused: {2}", host, Integer.toString(port),
                                e.getMessage());
                    } else if (!transport.isActive()) {
                        close();
                    }
                });
    }
}
