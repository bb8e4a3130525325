// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How long a SOCKS client has to say where it wants to go: what its request is read from (a
 * socket, a channel) is closed under the read when the time is up, since neither a channel's
 * stream nor a Unix socket's can time a read out. Whichever comes first, the request or the
 * time, decides; a request in time takes its timer out of the queue, so a served connection is
 * not held there.
 */
final class HandshakeDeadline {
    /** A SOCKS client has this long to say where it wants to go. */
    static final Duration SOCKS = Duration.ofSeconds(30);

    /** One daemon thread for every deadline; a met deadline leaves its queue at once. */
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final AtomicBoolean decided = new AtomicBoolean();
    private ScheduledFuture<?> timeout;

    private HandshakeDeadline() {}

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, work -> {
            Thread thread = new Thread(work, "amiko-socks-deadline");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** Closes {@code closeable} after {@code timeout} unless {@link #met} is called first. */
    static HandshakeDeadline closing(AutoCloseable closeable, Duration timeout) {
        HandshakeDeadline deadline = new HandshakeDeadline();
        // the close is handed on: a channel's close may wait for its send lock, which must not
        // hold up the other deadlines
        deadline.timeout = TIMER.schedule(() -> {
            if (deadline.decided.compareAndSet(false, true)) {
                Thread closing = new Thread(() -> ChannelRelay.closeQuietly(closeable), "amiko-socks-timeout");
                closing.setDaemon(true);
                closing.start();
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        return deadline;
    }

    /** Marks the handshake done; false when the time was up first (and what it read from is closed). */
    boolean met() {
        if (!decided.compareAndSet(false, true)) {
            return false;
        }
        timeout.cancel(false);
        return true;
    }
}
