// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Supplier;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.core.AlgorithmCatalog;
import org.amiko.core.Amiko;
import org.amiko.core.TransportSettings;
import org.amiko.forward.ChannelRelay;

/**
 * SSH through a jump host, as {@code ssh -J} ({@code ProxyJump}) and paramiko's
 * {@code sock=transport.open_channel("direct-tcpip", ...)} do it: a {@code direct-tcpip} channel
 * of a connection to the jump host (RFC 4254 section 7.2) carries a second SSH connection to the
 * target. That one is encrypted and authenticated end to end: the jump host relays ciphertext and
 * never sees the target's keys or the user's credentials. Jumps chain: the transport returned
 * may be the jump of the next.
 *
 * <pre>{@code
 * Transport bastion = Amiko.connect("bastion.example.org", 22);
 * bastion.startClient(verifier);
 * bastion.authPublickey("me", key);
 * Transport target = JumpHost.connect(bastion, "db.internal", 22);
 * target.startClient(verifier); // checks db.internal's own host key, as known for db.internal:22
 * }</pre>
 *
 * @since 1.2
 */
public final class JumpHost {
    /** The originator ssh names for a {@code -J} or {@code -W} channel, which has no local socket. */
    private static final InetSocketAddress ORIGINATOR = new InetSocketAddress("127.0.0.1", 65535);

    private JumpHost() {}

    /**
     * Opens a channel through {@code jump} to {@code host:port} and returns a transport over it,
     * not yet started: call {@link Transport#startClient} next. Host key verification sees the
     * peer as {@code host:port} (unresolved), so known_hosts entries for the target apply.
     *
     * @throws org.amiko.ChannelOpenException if the jump host refuses the channel (forwarding not
     *     allowed there, or the target unreachable from it)
     */
    public static Transport connect(Transport jump, String host, int port) throws IOException {
        return connect(jump, host, port, TransportSettings.defaults(), Amiko::defaultCatalog);
    }

    /** As {@link #connect(Transport, String, int)} with explicit settings and algorithm catalog. */
    public static Transport connect(Transport jump, String host, int port, TransportSettings settings,
            Supplier<AlgorithmCatalog> catalog) throws IOException {
        Channel channel = jump.openDirectTcpip(host, port, ORIGINATOR);
        Transport transport = SocketPair.tunnel(host, port, settings, catalog, channel, far -> SocketPair.startDaemon(
                "amiko-jump-" + host + ":" + port, () -> ChannelRelay.relay(channel, far)));
        // the relay half-closes and waits for the jump host's end; a target that never closes its
        // end would keep the channel and the relay's threads until the jump connection ends
        transport.whenClosed().whenComplete((done, failure) -> {
            try {
                channel.close();
            } catch (IOException e) {
                // the jump connection is going or gone
            }
        });
        return transport;
    }
}
