// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.amiko.DisconnectReason;
import org.amiko.core.internal.io.Workers;

/**
 * A client's bound on what the server must send before login
 * ({@link org.amiko.core.TransportSettings#connectTimeout()}): a server that took the connection
 * or a request and then says nothing is disconnected, not waited on for ever.
 */
public final class ServerDeadline {
    private ServerDeadline() {}

    /**
     * Waits for {@code phase}; when it is not done within {@code timeout} ({@link Duration#ZERO}:
     * never), {@code session} is disconnected, which ends the wait with a message saying that the
     * server did not {@code what} in time.
     */
    static <T> T await(Session session, CompletableFuture<T> phase, Duration timeout, String what)
            throws IOException {
        ScheduledFuture<?> deadline = timeout.isZero() ? null : Workers.timer().schedule(() -> {
            if (!phase.isDone()) {
                session.disconnect(DisconnectReason.BY_APPLICATION, message(what, timeout));
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return Futures.await(phase);
        } finally {
            if (deadline != null) {
                deadline.cancel(false);
            }
        }
    }

    /** "the server did not WHAT within N s" ({@link #describe}). */
    public static String message(String what, Duration timeout) {
        return "the server did not " + what + " within " + describe(timeout);
    }

    /** A timeout as error messages give it: whole seconds, else milliseconds. */
    public static String describe(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }
}
