// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.amiko.Channel;
import org.amiko.SshException;
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

    /**
     * As {@link #connect(Transport, String, int)} with explicit settings and algorithm catalog. The
     * settings' {@link TransportSettings#connectTimeout()} bounds the channel's open and the
     * handshake through it together, as ssh's ConnectTimeout bounds the wait for the target's greeting
     * through a ProxyJump: a jump host that does not answer the open in time (its own connect to
     * the target hanging) is given up on, and a channel it opens later is closed.
     *
     * @throws SshException when the jump host does not answer the open in time
     */
    public static Transport connect(Transport jump, String host, int port, TransportSettings settings,
            Supplier<AlgorithmCatalog> catalog) throws IOException {
        long started = System.nanoTime();
        Channel channel = open(jump, host, port, settings.connectTimeout());
        // the open and the handshake share the one timeout, as ssh's wait for the greeting covers both
        Duration timeout = settings.connectTimeout();
        if (!timeout.isZero()) {
            Duration left = timeout.minusNanos(System.nanoTime() - started);
            settings = settings.toBuilder().connectTimeout(left.toMillis() < 1 ? Duration.ofMillis(1) : left).build();
        }
        Transport transport = SocketPair.tunnel(host, port, settings, catalog, channel, far -> SocketPair.startDaemon(
                "amiko-jump-" + host + ":" + port, () -> ChannelRelay.relay(channel, far)));
        // the relay half-closes and waits for the jump host's end; a target that never closes its
        // end would keep the channel and the relay's threads until the jump connection ends
        transport.whenClosed().whenComplete((done, failure) -> closeQuietly(channel));
        return transport;
    }

    /** Opens the channel, waiting at most {@code timeout} ({@link Duration#ZERO}: as long as it takes). */
    private static Channel open(Transport jump, String host, int port, Duration timeout) throws IOException {
        if (timeout.isZero()) {
            return jump.openDirectTcpip(host, port, ORIGINATOR);
        }
        // an open cannot be withdrawn (RFC 4254 section 5.1): it is waited for on a thread of its
        // own, which the jump host's answer or the jump connection's end releases
        CompletableFuture<Channel> opened = new CompletableFuture<>();
        Thread opening = new Thread(() -> {
            try {
                opened.complete(jump.openDirectTcpip(host, port, ORIGINATOR));
            } catch (IOException | RuntimeException e) {
                opened.completeExceptionally(e);
            }
        }, "amiko-jump-open-" + host + ":" + port);
        opening.setDaemon(true);
        opening.start();
        try {
            return opened.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            opened.thenAccept(JumpHost::closeQuietly); // opened after all: nobody wants it now
            throw new SshException("the jump host did not open a channel to " + host + ":" + port + " within "
                    + Timeouts.describe(timeout));
        } catch (InterruptedException e) {
            opened.thenAccept(JumpHost::closeQuietly);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the jump host opened a channel");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException failure) {
                throw failure;
            }
            throw (RuntimeException) e.getCause();
        }
    }

    private static void closeQuietly(Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // the jump connection is going or gone
        }
    }
}
