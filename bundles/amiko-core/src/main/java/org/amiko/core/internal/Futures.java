// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.amiko.SshException;

/** Waiting on the engine's futures from blocking API calls, with SSH-flavoured exceptions. */
public final class Futures {
    private Futures() {}

    /**
     * Waits for {@code future}; an {@link IOException} it failed with is rethrown as is, so callers
     * see the {@code DisconnectException} or {@code HostKeyException} that ended it.
     */
    public static <T> T await(CompletableFuture<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new SshException(String.valueOf(cause), cause);
        }
    }
}
