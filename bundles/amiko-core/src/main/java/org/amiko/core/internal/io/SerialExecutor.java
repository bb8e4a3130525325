// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.io;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs tasks one at a time, in submission order, on threads borrowed from a shared pool: a
 * connection's service layer runs here, so its hooks may block without stalling the selector or
 * other connections, and its messages are still handled strictly in order. Holds no thread while
 * idle.
 */
public final class SerialExecutor implements Executor {
    private final Executor pool;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;
    private volatile Thread current;

    public SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (tasks) {
                running = false;
                tasks.clear();
            }
            throw e;
        }
    }

    /**
     * Runs {@code task} on the calling thread if nothing is queued or running, keeping the order
     * with tasks submitted later: they wait until it is done, and then go to the pool. For work
     * that never blocks, it saves a thread hand-off.
     *
     * @return false (and nothing ran) if other tasks came first
     */
    public boolean tryRunInline(Runnable task) {
        synchronized (tasks) {
            if (running || !tasks.isEmpty()) {
                return false;
            }
            running = true;
            current = Thread.currentThread();
        }
        try {
            task.run();
        } finally {
            boolean more;
            synchronized (tasks) {
                // cleared before running is, so no later runner's mark is overwritten
                current = null;
                more = !tasks.isEmpty();
                running = more;
            }
            if (more) {
                pool.execute(this::drain);
            }
        }
        return true;
    }

    /** Whether the calling thread is the one running this executor's tasks. */
    public boolean isCurrentThread() {
        return current == Thread.currentThread();
    }

    /** Tasks waiting, for read backpressure. */
    public int backlog() {
        synchronized (tasks) {
            return tasks.size();
        }
    }

    private void drain() {
        current = Thread.currentThread();
        while (true) {
            Runnable task;
            synchronized (tasks) {
                task = tasks.poll();
                if (task == null) {
                    // cleared with running, under the lock: the next drain (or inline run) may
                    // start as soon as running is false, and its mark must not be wiped by ours
                    current = null;
                    running = false;
                    return;
                }
            }
            try {
                task.run();
            } catch (Throwable e) {
                Thread.UncaughtExceptionHandler handler = Thread.currentThread().getUncaughtExceptionHandler();
                if (handler != null) {
                    handler.uncaughtException(Thread.currentThread(), e);
                }
            }
        }
    }
}
