// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.io;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process-wide worker threads: a cached pool for service layers and blocking hooks, and one
 * timer thread. Daemon threads, created on first use, so an embedding application that never
 * closes Amiko still exits; {@link #shutdown()} ends them when the engine's bundle stops, so an
 * updated bundle leaves no thread holding the old class loader.
 */
public final class Workers {
    private static ExecutorService pool;
    private static ScheduledExecutorService timer;

    private Workers() {}

    public static synchronized ExecutorService pool() {
        if (pool == null) {
            pool = Executors.newCachedThreadPool(factory("amiko-worker"));
        }
        return pool;
    }

    public static synchronized ScheduledExecutorService timer() {
        if (timer == null) {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, factory("amiko-timer"));
            // a cancelled task (a session's ticker or login deadline) leaves the queue at once
            executor.setRemoveOnCancelPolicy(true);
            timer = executor;
        }
        return timer;
    }

    /** Ends the pool and the timer; later calls create new ones. */
    public static synchronized void shutdown() {
        if (pool != null) {
            pool.shutdownNow();
            pool = null;
        }
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
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
