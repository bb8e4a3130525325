// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.Channel;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.lang.System.Logger.Level;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One selector thread moving bytes between sockets and their engines. Reads go into one buffer
 * shared by all of the loop's connections (engines copy what they keep), so an idle connection
 * costs no read buffer. Nothing that can block runs here.
 */
public final class IoLoop {
    private static final System.Logger LOG = System.getLogger("org.amiko.core");
    private static final int READ_BUFFER = 64 * 1024;
    /** How long a listener rests after a failed accept (see {@link #acceptOne}). */
    static final long ACCEPT_PAUSE_MILLIS = 100;
    private static final IoLoop[] SHARED = new IoLoop[Math.max(1, Runtime.getRuntime().availableProcessors())];
    private static final AtomicInteger NEXT = new AtomicInteger();

    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /**
     * Direct: a socket read into a heap buffer goes into a temporary direct buffer of the JDK's
     * first and is copied over, one more copy of every byte received than the engine's own.
     */
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
    private final Thread thread;

    private IoLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** One of the process-wide loops, chosen round-robin. */
    public static IoLoop shared() {
        int index = Math.floorMod(NEXT.getAndIncrement(), SHARED.length);
        synchronized (SHARED) {
            if (SHARED[index] == null) {
                SHARED[index] = new IoLoop("amiko-io-" + index);
            }
            return SHARED[index];
        }
    }

    /**
     * Closes every shared loop (their threads end) and forgets them; later calls to
     * {@link #shared()} start new ones. For the engine bundle's stop.
     */
    public static void shutdownAll() {
        synchronized (SHARED) {
            for (int i = 0; i < SHARED.length; i++) {
                if (SHARED[i] != null) {
                    SHARED[i].close();
                    SHARED[i] = null;
                }
            }
        }
    }

    private void close() {
        // closing the selector deregisters its channels but leaves them open: sockets nobody would
        // ever close, and sessions that never learn they ended. So, on the loop, end each first.
        CompletableFuture<Void> ended = new CompletableFuture<>();
        execute(() -> {
            for (SelectionKey key : selector.keys()) {
                if (key.attachment() instanceof NioConnection connection) {
                    connection.failed(new IOException("the I/O loop stopped"));
                } else {
                    closeQuietly(key.channel());
                }
            }
            ended.complete(null);
        });
        try {
            ended.get(2, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.DEBUG, "ending the loop's connections failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            // closing the selector ends run() with ClosedSelectorException and deregisters every key
            selector.close();
        } catch (IOException e) {
            // the thread still ends at its next select
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // it is going away regardless
        }
    }

    /** Whether the caller is this loop's thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs a task on the loop thread. */
    public void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Registers a connected, non-blocking channel; its connection then receives readiness events. */
    void register(SocketChannel channel, NioConnection connection) {
        execute(() -> {
            try {
                connection.attach(channel.register(selector, SelectionKey.OP_READ, connection));
            } catch (IOException | RuntimeException e) {
                connection.failed(e instanceof IOException io ? io : new IOException(e));
            }
        });
    }

    /** Accepts connections on {@code server}, handing each to {@code onAccept} on the loop thread. */
    public void listen(ServerSocketChannel server, Consumer<SocketChannel> onAccept) {
        execute(() -> {
            try {
                server.configureBlocking(false);
                server.register(selector, SelectionKey.OP_ACCEPT, onAccept);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Stops accepting on {@code server} and closes it; its port is free once the returned future
     * completes. Closing a channel registered with a selector only cancels its key: the JDK closes
     * the socket when the selector next selects, and an idle loop may not select for a long time,
     * so a server started again on the same port failed with "Address already in use".
     */
    public CompletableFuture<Void> closeListener(ServerSocketChannel server) {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        Runnable close = () -> {
            try {
                server.close();
                if (selector.isOpen()) {
                    selector.selectNow(); // deregisters the cancelled key, which closes the socket
                }
                closed.complete(null);
            } catch (IOException | RuntimeException e) {
                closed.completeExceptionally(e);
            }
        };
        if (inLoop() || !thread.isAlive()) {
            close.run(); // a stopped loop's selector is closed: nothing holds the socket back
        } else {
            execute(close);
        }
        return closed;
    }

    void wakeup() {
        selector.wakeup();
    }

    private void run() {
        while (true) {
            try {
                selector.select();
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    dispatch(key);
                }
            } catch (ClosedSelectorException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // one bad event must not stop the loop for everyone else
                Thread.UncaughtExceptionHandler handler = thread.getUncaughtExceptionHandler();
                if (handler != null) {
                    handler.uncaughtException(thread, e);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void dispatch(SelectionKey key) {
        try {
            if (!key.isValid()) {
                return;
            }
            if (key.isAcceptable()) {
                ServerSocketChannel server = (ServerSocketChannel) key.channel();
                SocketChannel accepted;
                while ((accepted = acceptOne(key, server)) != null) {
                    ((Consumer<SocketChannel>) key.attachment()).accept(accepted);
                }
                return;
            }
            NioConnection connection = (NioConnection) key.attachment();
            if (key.isWritable()) {
                connection.flush();
            }
            if (key.isValid() && key.isReadable()) {
                readBuffer.clear();
                connection.readFrom(readBuffer);
            }
        } catch (CancelledKeyException e) {
            // closed concurrently; nothing left to do for this key
        }
    }

    /**
     * The next pending connection, or null. When accepting fails (out of file descriptors, most
     * often) the connection stays in the backlog and the listener stays ready, so the loop would
     * spin on it: it stops listening for {@link #ACCEPT_PAUSE_MILLIS} instead.
     */
    private SocketChannel acceptOne(SelectionKey key, ServerSocketChannel server) {
        try {
            return server.accept();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot accept a connection ({0}); trying again in {1} ms", e.getMessage(),
                    ACCEPT_PAUSE_MILLIS);
            key.interestOps(0);
            Workers.timer().schedule(() -> execute(() -> {
                if (key.isValid()) {
                    key.interestOps(SelectionKey.OP_ACCEPT);
                }
            }), ACCEPT_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
            return null;
        }
    }
}
