// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.amiko.Channel;
import org.amiko.ChannelOpenException;
import org.amiko.OpenChannelResult;
import org.amiko.Transport;

/**
 * The client's dynamic port forwarding, {@code ssh -D}: a local SOCKS proxy (SOCKS5 without
 * authentication, SOCKS4 and 4a; CONNECT only) that carries each connection over a
 * {@code direct-tcpip} channel (RFC 4254 section 7.2) to wherever the SOCKS client asked, name
 * lookups included, made by the server. The SOCKS client is told whether the server could connect:
 * "connection refused" or "not allowed" as the server answered.
 *
 * <p>Closing stops the listening; connections already forwarded go on. The listening also stops
 * when the transport ends. Anyone who can reach the listening address can use the proxy, so keep
 * it on loopback.
 */
public final class DynamicPortForwarding extends ListeningForwarding {
    private static final System.Logger LOG = System.getLogger("org.amiko.forward");
    /** A SOCKS client has this long to say where it wants to go. */
    static final Duration HANDSHAKE_TIMEOUT = HandshakeDeadline.SOCKS;


    /** How long a SOCKS client has to say where it wants to go. */
    private final Duration handshakeTimeout;

    private DynamicPortForwarding(Transport transport, Duration handshakeTimeout) {
        super(transport);
        this.handshakeTimeout = handshakeTimeout;
    }

    /**
     * Starts a SOCKS proxy on {@code listen} whose connections go through {@code transport}.
     *
     * @param listen the local address; port 0 picks a free one ({@link #localAddress()})
     * @throws IOException if the address cannot be bound
     */
    public static DynamicPortForwarding start(Transport transport, InetSocketAddress listen) throws IOException {
        return start(transport, (SocketAddress) listen);
    }

    /**
     * As {@link #start(Transport, InetSocketAddress)}, on a TCP address or on a Unix domain socket
     * ({@code ssh -D /path}), which is made as {@link LocalPortForwarding#start(Transport, SocketAddress, String, int)}
     * makes one.
     *
     * @throws IOException if the address cannot be bound
     * @since 1.3
     */
    public static DynamicPortForwarding start(Transport transport, SocketAddress listen) throws IOException {
        return start(transport, listen, HANDSHAKE_TIMEOUT);
    }

    /** As {@link #start(Transport, SocketAddress)} with another handshake timeout: for tests. */
    static DynamicPortForwarding start(Transport transport, SocketAddress listen, Duration handshakeTimeout)
            throws IOException {
        DynamicPortForwarding forwarding = new DynamicPortForwarding(transport, handshakeTimeout);
        forwarding.listen(listen, "amiko-forward-D");
        return forwarding;
    }

    @Override
    void forward(SocketChannel socket) {
        SocksHandshake request;
        Channel channel;
        // a silent client cannot hold the thread: the socket is closed under its read
        HandshakeDeadline deadline = HandshakeDeadline.closing(socket, handshakeTimeout);
        try {
            request = SocksHandshake.read(Channels.newInputStream(socket), Channels.newOutputStream(socket));
            if (!deadline.met()) {
                throw new IOException("the SOCKS client said nothing for " + handshakeTimeout);
            }
            try {
                channel = transport.openDirectTcpip(request.host(), request.port(), originator(socket));
            } catch (ChannelOpenException e) {
                LOG.log(Level.INFO, "SOCKS connection to {0}:{1} refused: {2}", ForwardTarget.printable(request.host()),
                        Integer.toString(request.port()), e.getMessage());
                request.failed(e.getReason());
                ChannelRelay.closeQuietly(socket);
                return;
            } catch (IOException e) {
                request.failed(OpenChannelResult.RESOURCE_SHORTAGE);
                throw e;
            }
            try {
                request.succeeded();
            } catch (IOException e) {
                ChannelRelay.closeQuietly(channel); // opened for a client that is gone
                throw e;
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "SOCKS connection dropped: " + e.getMessage());
            ChannelRelay.closeQuietly(socket);
            if (!transport.isActive()) {
                close();
            }
            return;
        }
        ChannelRelay.relay(channel, socket);
    }
}
