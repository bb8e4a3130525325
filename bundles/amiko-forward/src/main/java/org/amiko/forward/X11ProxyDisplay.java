// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import org.amiko.ChannelOpenException;
import org.amiko.Transport;

/**
 * The server's side of X11 forwarding for one session whose {@code x11-req} was granted (RFC 4254
 * section 6.3): a display that X clients on the server connect to, each connection carried to the
 * client on an {@code x11} channel (section 6.3.2), where the client's ssh hands it to its X server.
 *
 * <p>As sshd with {@code X11UseLocalhost yes}, the display listens on loopback only, on TCP port
 * 6000 + N for the first free display number N from an offset ({@code X11DisplayOffset}, 10 by
 * default), trying at most {@link #MAX_DISPLAYS} numbers ({@code X11MaxDisplays}). X clients reach
 * it as {@link #display(int) 127.0.0.1:N.SCREEN}. With a single-connection request the display
 * stops listening once its first connection arrives (section 6.3.1).
 *
 * <p>Closing stops the listening; connections already forwarded go on until either end closes
 * them. The listening also stops when the transport ends.
 */
public final class X11ProxyDisplay extends ListeningForwarding {
    private static final System.Logger LOG = System.getLogger("org.amiko.forward");
    /** sshd's default {@code X11DisplayOffset}: leaves the low numbers to local X servers. */
    public static final int DEFAULT_DISPLAY_OFFSET = 10;
    /** sshd's default {@code X11MaxDisplays}: display numbers tried from the offset. */
    public static final int MAX_DISPLAYS = 1000;
    private static final int MAX_PORT = 0xFFFF;

    private final boolean singleConnection;
    /** Set by the first connection of a single-connection display; later ones are closed. */
    private final AtomicBoolean used = new AtomicBoolean();

    private X11ProxyDisplay(Transport transport, boolean singleConnection) {
        super(transport);
        this.singleConnection = singleConnection;
    }

    /**
     * Opens a display for {@code transport}'s client on the first free display number from
     * {@code displayOffset}.
     *
     * @param displayOffset the first display number tried, as sshd's {@code X11DisplayOffset}
     * @param singleConnection whether to forward one connection only, as the {@code x11-req} asked
     * @throws IllegalArgumentException if the offset is negative or past the last TCP port
     * @throws IOException if no display number in range is free, or binding fails otherwise
     */
    public static X11ProxyDisplay start(Transport transport, int displayOffset, boolean singleConnection)
            throws IOException {
        if (displayOffset < 0 || displayOffset > MAX_PORT - X11Display.TCP_PORT_BASE) {
            throw new IllegalArgumentException("display offset out of range: " + displayOffset);
        }
        InetAddress loopback = InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        int last = Math.min(displayOffset + MAX_DISPLAYS - 1, MAX_PORT - X11Display.TCP_PORT_BASE);
        for (int display = displayOffset; display <= last; display++) {
            X11ProxyDisplay forwarding = new X11ProxyDisplay(transport, singleConnection);
            try {
                forwarding.listen(new InetSocketAddress(loopback, X11Display.TCP_PORT_BASE + display), "amiko-forward-x11-");
                return forwarding;
            } catch (BindException taken) {
                // another X server or session has this display, as sshd finds: try the next
            }
        }
        throw new IOException("no free X11 display from " + displayOffset + " to " + last);
    }

    /** The display number N: X clients connect to TCP port 6000 + N on loopback. */
    public int displayNumber() {
        return localAddress().getPort() - X11Display.TCP_PORT_BASE;
    }

    /**
     * The {@code DISPLAY} value for X clients on this host, {@code 127.0.0.1:N.SCREEN}. sshd says
     * {@code localhost}, and binds every loopback address to match; this display listens on
     * 127.0.0.1 only, and an X client that tried {@code ::1} first for {@code localhost} could
     * reach another local user's listener there. X clients file a loopback display's cookie under
     * the local host, as for {@code unix:N}.
     *
     * @param screen the screen number of the {@code x11-req}
     */
    public String display(int screen) {
        return "127.0.0.1:" + displayNumber() + "." + screen;
    }

    @Override
    void forward(SocketChannel socket) {
        if (singleConnection) {
            // connections are handed over on threads of their own: a second one may already be on its way
            if (!used.compareAndSet(false, true)) {
                ChannelRelay.closeQuietly(socket);
                return;
            }
            close();
        }
        ChannelRelay.openAndRelay(socket, accepted -> transport.openX11Channel(
                (InetSocketAddress) accepted.getRemoteAddress()), e -> {
                    if (e instanceof ChannelOpenException) {
                        LOG.log(Level.INFO, "X11 connection to display {0} refused by the client: {1}",
                                displayNumber(), e.getMessage());
                    } else if (!transport.isActive()) {
                        close();
                    }
                });
    }
}
