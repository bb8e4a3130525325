// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.amiko.Channel;
import org.amiko.ChannelHandler;
import org.amiko.OpenChannelResult;
import org.amiko.SshException;
import org.amiko.Transport;

/**
 * The client's side of X11 forwarding, {@code ssh -Y}: asks the server, on session channels, to
 * forward X11 connections ({@code x11-req}, RFC 4254 section 6.3.1), and carries each {@code x11}
 * channel the server opens (section 6.3.2) to the local display. The server is given a fake cookie
 * of the real one's length; each forwarded connection must present it, and the real cookie takes
 * its place on the way to the display, so the real one never leaves this machine, as ssh does.
 * One instance serves all of a transport's X11 channels, since they share the one channel type.
 *
 * <p>This is trusted forwarding: the remote X clients get the access the real cookie gives. ssh
 * {@code -X} would ask the X server for a restricted cookie, which needs the X server's SECURITY
 * extension; many X servers no longer have it, and Debian's ssh trusts by default too.
 */
public final class X11Forwarding {
    private static final System.Logger LOG = System.getLogger("org.amiko.forward");

    private final X11Display display;
    private final X11Authorization real;
    private final X11Authorization fake;
    /** Whether a session asked for forwarding; before that, a server's x11 open is refused, as ssh refuses it. */
    private volatile boolean requested;

    private X11Forwarding(X11Display display, X11Authorization real, X11Authorization fake) {
        this.display = display;
        this.real = real;
        this.fake = fake;
    }

    /**
     * Starts serving {@code x11} channels on {@code transport}, carried to {@code display} with
     * {@code authorization}; null means the display wants none, and the fake cookie goes through
     * unchanged, as ssh does when xauth has no cookie for the display.
     */
    public static X11Forwarding on(Transport transport, X11Display display, X11Authorization authorization) {
        Objects.requireNonNull(display, "display");
        byte[] secret = new byte[authorization == null ? 16 : authorization.data().length];
        new SecureRandom().nextBytes(secret);
        X11Authorization fake = new X11Authorization(
                authorization == null ? X11Authorization.MIT_MAGIC_COOKIE : authorization.protocol(), secret);
        X11Forwarding forwarding = new X11Forwarding(display, authorization == null ? fake : authorization,
                fake);
        transport.setChannelOpenHandler(Channel.X11_CHANNEL, forwarding::open);
        return forwarding;
    }

    /**
     * As {@link #on(Transport, X11Display, X11Authorization)} for {@code $DISPLAY} and the cookie
     * xauth(1) has for it.
     *
     * @throws IllegalStateException if DISPLAY is not set
     */
    public static X11Forwarding fromEnvironment(Transport transport) throws IOException {
        X11Display display = X11Display.fromEnvironment();
        return on(transport, display, X11Authorization.fromXauth(display).orElse(null));
    }

    /**
     * Asks the server to forward X11 connections for {@code session}, before its shell or command
     * starts.
     *
     * @param singleConnection whether the server should forward only the first connection
     * @throws SshException if the server refuses
     */
    public void request(Channel session, boolean singleConnection) throws IOException {
        requested = true; // before asking: the server may open a channel as soon as it has granted
        if (!session.requestX11(singleConnection, fake.protocol(), HexFormat.of().formatHex(fake.data()),
                display.screen())) {
            throw new SshException("the server refused X11 forwarding");
        }
    }

    /** The local display connected to. */
    public X11Display display() {
        return display;
    }

    private CompletionStage<ChannelHandler> open(String type, byte[] data) {
        if (!requested) {
            LOG.log(Level.WARNING, "the server opened an X11 channel though no session asked for X11 forwarding");
            return ForwardTarget.refuse(OpenChannelResult.ADMINISTRATIVELY_PROHIBITED, "X11 forwarding not requested");
        }
        return ForwardTarget.connect(display::connect, socket -> channel -> carry(channel, socket));
    }

    /** Checks the setup and swaps the cookie, then relays; a connection without the fake cookie is closed. */
    private void carry(Channel channel, SocketChannel socket) {
        try {
            ByteBuffer setup = ByteBuffer.wrap(X11ConnectionSetup.authorize(channel.getInputStream(), fake, real));
            while (setup.hasRemaining()) {
                socket.write(setup);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "X11 connection from the server not carried: {0}", e.getMessage());
            ChannelRelay.closeQuietly(socket);
            ChannelRelay.closeQuietly(channel);
            return;
        }
        ChannelRelay.relay(channel, socket);
    }
}
