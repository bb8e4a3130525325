// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How long a SOCKS client has to say where it wants to go: what its request is read from (a
 * socket, a channel) is closed under the read when the time is up, since neither a channel's
 * stream nor a Unix socket's can time a read out. Whichever comes first, the request or the
 * time, decides.
 */
final class HandshakeDeadline {
    /** A SOCKS client has this long to say where it wants to go. */
    static final Duration SOCKS = Duration.ofSeconds(30);

    private final AtomicBoolean decided = new AtomicBoolean();

    private HandshakeDeadline() {}

    /** Closes {@code closeable} after {@code timeout} unless {@link #met} is called first. */
    static HandshakeDeadline closing(AutoCloseable closeable, Duration timeout) {
        HandshakeDeadline deadline = new HandshakeDeadline();
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (deadline.decided.compareAndSet(false, true)) {
                ChannelRelay.closeQuietly(closeable);
            }
        });
        return deadline;
    }

    /** Marks the handshake done; false when the time was up first (and what it read from is closed). */
    boolean met() {
        return decided.compareAndSet(false, true);
    }
}
