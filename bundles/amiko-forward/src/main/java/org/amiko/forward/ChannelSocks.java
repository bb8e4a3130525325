// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.SocketChannel;
import java.util.function.BiPredicate;
import org.amiko.Channel;
import org.amiko.OpenChannelResult;

/**
 * A SOCKS proxy served inside a forwarded channel, for a remote dynamic forwarding
 * ({@code ssh -R port} without a target, OpenSSH 7.6): the channel is confirmed at once, its first
 * bytes are the SOCKS client's request, and this side connects where it asks, answers, and relays.
 * ssh serves {@code RemoteForward} SOCKS channels the same way (its channels.c turns them into
 * dynamic channels).
 */
final class ChannelSocks {
    private static final System.Logger LOG = System.getLogger("org.amiko.forward");

    private ChannelSocks() {}

    /**
     * Serves one channel; returns when the connection has ended.
     *
     * @param permitted where this side may connect, given the host as the SOCKS client named it and the port
     */
    static void serve(Channel channel, BiPredicate<String, Integer> permitted) throws IOException {
        SocksHandshake request;
        // a SOCKS client that says nothing is cut off, as the local proxy cuts one off
        HandshakeDeadline deadline = HandshakeDeadline.closing(channel, HandshakeDeadline.SOCKS);
        try {
            request = SocksHandshake.read(channel.getInputStream(), channel.getOutputStream());
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "SOCKS request over the channel not served: " + e.getMessage());
            ChannelRelay.closeQuietly(channel);
            return;
        }
        if (!deadline.met()) {
            return; // too late: the channel is closed
        }
        if (!permitted.test(request.host(), request.port())) {
            LOG.log(Level.INFO, "SOCKS connection to {0}:{1} not permitted", ForwardTarget.printable(request.host()),
                    Integer.toString(request.port()));
            request.failed(OpenChannelResult.ADMINISTRATIVELY_PROHIBITED);
            ChannelRelay.closeQuietly(channel);
            return;
        }
        SocketChannel socket;
        try {
            socket = ForwardTarget.tcp(request.host(), request.port());
        } catch (IOException e) {
            LOG.log(Level.INFO, "SOCKS connection to {0}:{1} failed: {2}", ForwardTarget.printable(request.host()),
                    Integer.toString(request.port()), e.getMessage());
            request.failed(OpenChannelResult.CONNECT_FAILED);
            ChannelRelay.closeQuietly(channel);
            return;
        }
        try {
            request.succeeded();
        } catch (IOException e) {
            ChannelRelay.closeQuietly(socket);
            throw e;
        }
        ChannelRelay.relay(channel, socket);
    }
}
