// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP server on a free loopback port, the far end of a forwarded connection in the port
 * forwarding tests, and the client side of those connections ({@link #assertEchoed},
 * {@link #assertDigestReply}).
 */
public final class TcpTarget implements AutoCloseable {
    /** How long one connection through a forwarding may take in all. */
    public static final Duration CONNECTION_DEADLINE = Duration.ofSeconds(60);
    private static final int SO_TIMEOUT = 30_000;

    /** What the server does with each connection. */
    public enum Mode {
        /** Sends back what it reads as it reads it; its end of input ends its output. */
        ECHO,
        /**
         * Sends nothing until its end of input, then one line {@code SHA256HEX COUNT} of what it
         * read, and closes: a reply only a half-closed connection can get.
         */
        DIGEST_AFTER_EOF
    }

    private final ServerSocket listener;
    private final Mode mode;
    private final AtomicInteger accepted = new AtomicInteger();

    private TcpTarget(Mode mode) throws IOException {
        this.mode = mode;
        this.listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(this::acceptLoop, "tcp-target-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static TcpTarget start(Mode mode) throws IOException {
        return new TcpTarget(mode);
    }

    public int port() {
        return listener.getLocalPort();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port());
    }

    /** Connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            Thread serve = new Thread(() -> serve(socket), "tcp-target-connection");
            serve.setDaemon(true);
            serve.start();
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(SO_TIMEOUT);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            if (mode == Mode.ECHO) {
                in.transferTo(out);
                socket.shutdownOutput();
            } else {
                String[] digest = Streams.digest(in);
                out.write((digest[0] + " " + digest[1] + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            // the test sees what did not arrive
        }
    }

    /**
     * Connects to {@code via}, writes {@code length} pseudo-random bytes from one thread while
     * reading from another, shuts its output after the last byte, and asserts that exactly those
     * bytes came back followed by the end of input: the round trip of an {@link Mode#ECHO} target
     * behind a forwarding.
     */
    public static void assertEchoed(InetSocketAddress via, int length) throws Exception {
        try (Socket socket = connect(via)) {
            CompletableFuture<String> sent = writeThenShutdown(socket, length, length);
            String[] received = Streams.digest(socket.getInputStream());
            String sentDigest = sent.get(CONNECTION_DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertEquals(Integer.toString(length), received[1], "bytes echoed through " + via);
            assertEquals(sentDigest, received[0], "the echo through " + via + " differs from what was sent");
        }
    }

    /**
     * {@link #assertEchoed} on {@code connections} connections at once, each on a thread of its
     * own: their channels share the connection and must not mix or stall each other.
     */
    public static void assertEchoedConcurrently(InetSocketAddress via, int connections, int length)
            throws Exception {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    assertEchoed(via, length);
                    done.complete(null);
                } catch (Throwable e) {
                    done.completeExceptionally(e);
                }
            }, "tcp-target-client-" + i);
            thread.setDaemon(true);
            thread.start();
            all.add(done);
        }
        for (CompletableFuture<Void> done : all) {
            try {
                done.get(CONNECTION_DEADLINE.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
    }

    /**
     * Connects to {@code via}, writes {@code length} bytes, shuts its output, and asserts that a
     * {@link Mode#DIGEST_AFTER_EOF} target's reply comes back: the end of data crossed the
     * forwarding while the way back stayed open.
     */
    public static void assertDigestReply(InetSocketAddress via, int length) throws Exception {
        try (Socket socket = connect(via)) {
            CompletableFuture<String> sent = writeThenShutdown(socket, length, length + 1L);
            String sentDigest = sent.get(CONNECTION_DEADLINE.toSeconds(), TimeUnit.SECONDS);
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(reply);
            assertEquals(sentDigest + " " + length + "\n", reply.toString(StandardCharsets.US_ASCII),
                    "the reply after a half close through " + via);
        }
    }

    private static Socket connect(InetSocketAddress via) throws IOException {
        Socket socket = new Socket();
        socket.connect(via, SO_TIMEOUT);
        socket.setSoTimeout(SO_TIMEOUT);
        return socket;
    }

    private static CompletableFuture<String> writeThenShutdown(Socket socket, int length, long seed) {
        CompletableFuture<String> sent = new CompletableFuture<>();
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = socket.getOutputStream();
                String digest = Streams.writeRandom(out, length, seed);
                out.flush();
                socket.shutdownOutput();
                sent.complete(digest);
            } catch (IOException | RuntimeException e) {
                sent.completeExceptionally(e);
            }
        }, "tcp-target-writer");
        writer.setDaemon(true);
        writer.start();
        return sent;
    }

    /**
     * Connects to {@code via} and asserts that the connection is accepted but ended without a byte:
     * what a forwarding listener does with a connection it cannot carry on.
     */
    public static void assertClosedWithoutData(InetSocketAddress via) throws IOException {
        try (Socket socket = connect(via)) {
            int first;
            try {
                first = socket.getInputStream().read();
            } catch (SocketException reset) {
                first = -1; // a reset ends it as well
            }
            assertEquals(-1, first, "a byte arrived through " + via);
        }
    }

    /**
     * Whether a connect to {@code address} is refused: nothing listens there. A connect the kernel
     * had queued for a listener that then closed ends in a reset instead: not refused yet, since
     * that listener was there, so the caller asks again.
     */
    public static boolean refuses(InetSocketAddress address) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, SO_TIMEOUT);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (SocketException e) {
            if (String.valueOf(e.getMessage()).contains("reset")) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Waits until nothing listens on {@code address} any more, for a listener that closes on its
     * own once its connection has ended; no event is there to wait on, so a connect is retried.
     */
    public static void awaitRefused(InetSocketAddress address, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!refuses(address)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still listening on " + address + " after " + timeout);
            }
            Thread.onSpinWait();
        }
    }

    /**
     * The local addresses of the sockets listening on TCP {@code port} on this machine, from
     * {@code /proc/net/tcp} and {@code tcp6} (no connection needed): {@code 127.0.0.1},
     * {@code 0.0.0.0}, {@code ::1}, {@code ::}.
     */
    public static Set<String> listeningAddresses(int port) throws IOException {
        Set<String> addresses = new TreeSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            List<String> lines = Files.readAllLines(path);
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                String[] local = fields[1].split(":");
                if (!fields[3].equals("0A") || Integer.parseInt(local[1], 16) != port) {
                    continue; // 0A: TCP_LISTEN
                }
                addresses.add(procAddress(local[0]));
            }
        }
        return addresses;
    }

    /** An address as /proc/net/tcp writes it: 32-bit words in host (little-endian) order. */
    private static String procAddress(String hex) throws IOException {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = word * 8 + (3 - i) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return InetAddress.getByAddress(bytes).getHostAddress();
    }
}
