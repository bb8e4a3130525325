// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.io;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process-wide worker threads: a cached pool for service layers and blocking hooks, and one
 * timer thread. Daemon threads, created on first use, so an embedding application that never
 * closes Amiko still exits.
 */
public final class Workers {
    private static final ExecutorService POOL = Executors.newCachedThreadPool(factory("amiko-worker"));
    private static final ScheduledExecutorService TIMER =
            Executors.newSingleThreadScheduledExecutor(factory("amiko-timer"));

    private Workers() {}

    public static ExecutorService pool() {
        return POOL;
    }

    public static ScheduledExecutorService timer() {
        return TIMER;
    }

    static ThreadFactory factory(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
