// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.amiko.Channel;
import org.amiko.HostKeyVerifier;
import org.amiko.Transport;
import org.amiko.core.Amiko;
import org.amiko.core.TransportSettings;

/**
 * The Amiko client in the harness's JVM: the stack's own ceiling (one aes128-gcm channel to an
 * Amiko server, no OpenSSH client in the way) and the load generator that holds thousands of idle
 * sessions on one server, connecting in bounded batches over loopback.
 */
public final class AmikoClients {
    private static final String CIPHER = "aes128-gcm@openssh.com";
    private static final int CHUNK = 256 * 1024;
    /** Bytes per warm-up transfer of the ceiling. */
    private static final long WARM_UP = 256L << 20;

    private AmikoClients() {}

    /** Connects, authenticates with the workspace's user key and pins the suite. */
    static Transport connect(Workspace workspace, Server server, KeyPair user, PublicKey host) throws IOException {
        Transport transport = Amiko.connect(new InetSocketAddress("127.0.0.1", server.port()), TransportSettings.defaults(),
                Amiko::defaultCatalog);
        try {
            transport.getSecurityOptions().setKex(List.of("curve25519-sha256"));
            transport.getSecurityOptions().setKeyTypes(List.of("ssh-ed25519"));
            transport.getSecurityOptions().setCiphers(List.of(CIPHER));
            transport.startClient(HostKeyVerifier.exactly(host));
            transport.authPublickey(workspace.user(), user);
            return transport;
        } catch (IOException | RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    /**
     * Rounds of download then upload of {@code size} bytes on one channel each, after one
     * unrecorded transfer each way of at most {@link #WARM_UP} bytes. The server was started for
     * this section and the client code has not run before in the harness's JVM, so a first round
     * without it measures the JIT (255 against 610-725 MB/s in one run), not the stack.
     */
    public static void ceiling(Workspace workspace, Server server, long size, int rounds, Report report)
            throws IOException, GeneralSecurityException, InterruptedException {
        KeyPair user = workspace.userKeyPair();
        PublicKey host = workspace.hostKeyPair().getPublic();
        byte[] buffer = new byte[CHUNK];
        for (String direction : List.of("down", "up")) {
            transfer(workspace, server, user, host, Math.min(size, WARM_UP), direction, -1, buffer, null);
        }
        for (int round = 0; round < rounds; round++) {
            for (String direction : List.of("down", "up")) {
                transfer(workspace, server, user, host, size, direction, round, buffer, report);
            }
        }
    }

    /** One ceiling transfer, for a profiling pass. */
    static void ceilingOnce(Workspace workspace, Server server, long size, String direction, Report report)
            throws IOException, GeneralSecurityException, InterruptedException {
        transfer(workspace, server, workspace.userKeyPair(), workspace.hostKeyPair().getPublic(), size, direction, 0,
                new byte[CHUNK], report);
    }

    /** One timed transfer; {@code round} -1 and {@code report} null for a warm-up that is not recorded. */
    private static void transfer(Workspace workspace, Server server, KeyPair user, PublicKey host, long size,
            String direction, int round, byte[] buffer, Report report) throws IOException, InterruptedException {
        try (Transport transport = connect(workspace, server, user, host)) {
            Channel channel = transport.openSession();
            Cpu cpu = Cpu.start(server);
            long started = System.nanoTime();
            long moved = 0;
            if (direction.equals("down")) {
                channel.exec("head -c " + size + " /dev/zero");
                InputStream in = channel.getInputStream();
                int count;
                while ((count = in.read(buffer)) >= 0) {
                    moved += count;
                }
            } else {
                channel.exec("wc -c");
                OutputStream out = channel.getOutputStream();
                for (long left = size; left > 0; left -= CHUNK) {
                    out.write(buffer, 0, (int) Math.min(CHUNK, left));
                }
                out.close();
                moved = Long.parseLong(new String(channel.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
                        .strip());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            Cpu.Used used = cpu.stop();
            channel.close();
            if (moved != size) {
                throw new IOException("Amiko to Amiko " + direction + ": " + moved + " of " + size + " bytes");
            }
            if (report != null) {
                report.add("ceiling " + direction + " MB/s", size / 1e6 / seconds);
                report.add("ceiling " + direction + " cpu s/GB", used.self() / (size / 1e9));
            }
            System.err.printf(Locale.ROOT, "  %s Amiko->Amiko %-4s %7.0f MB/s  server CPU %.2f s/GB%n",
                    round < 0 ? "warm-up" : "round " + (round + 1), direction, size / 1e6 / seconds,
                    used.self() / (size / 1e9));
        }
    }

    public static void ceilingTable(Report report, long size) {
        report.line("")
                .line("### Amiko client to Amiko server, one aes128-gcm channel, " + Report.mib(size)
                        + " (library server with in-process sink/source; client in the harness JVM)")
                .line("")
                .line("| dir | MB/s | server CPU s/GB |")
                .line("|---|---|---|");
        for (String direction : List.of("down", "up")) {
            report.line("| " + direction + " | " + report.cell("ceiling " + direction + " MB/s", "%.0f") + " | "
                    + report.cell("ceiling " + direction + " cpu s/GB", "%.2f") + " |");
        }
    }

    /**
     * Opens up to {@code target} sessions (each authenticated, with a session channel open when
     * {@code channel}), {@code batch} at a time from {@code threads} threads, stopping early when a
     * batch mostly fails or {@code deadlineSeconds} pass; measures the server with them all held.
     */
    public static void load(Workspace workspace, Server server, int target, int batch, int threads, boolean channel,
            long deadlineSeconds, long settleMillis, Report report) throws IOException, GeneralSecurityException, InterruptedException {
        KeyPair user = workspace.userKeyPair();
        PublicKey host = workspace.hostKeyPair().getPublic();
        IdleSessions.Memory before = IdleSessions.Memory.of(workspace, server);
        List<Transport> held = Collections.synchronizedList(new ArrayList<>());
        List<Channel> channels = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger failures = new AtomicInteger();
        String firstFailure = null;
        long started = System.nanoTime();
        long deadline = started + TimeUnit.SECONDS.toNanos(deadlineSeconds);
        try {
            while (held.size() < target && System.nanoTime() < deadline) {
                int size = Math.min(batch, target - held.size());
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    futures.add(pool.submit(() -> {
                        Transport transport = connect(workspace, server, user, host);
                        held.add(transport);
                        if (channel) {
                            channels.add(transport.openSession());
                        }
                        return null;
                    }));
                }
                int failed = 0;
                for (Future<?> future : futures) {
                    try {
                        future.get(120, TimeUnit.SECONDS);
                    } catch (ExecutionException | TimeoutException e) {
                        failed++;
                        if (firstFailure == null) {
                            firstFailure = String.valueOf(e.getCause() == null ? e : e.getCause());
                        }
                    }
                }
                failures.addAndGet(failed);
                if (failed > size / 2) {
                    break;
                }
                if (held.size() % 1000 < batch) {
                    System.err.printf(Locale.ROOT, "  load: %d sessions held, %d failed, %.0f s%n", held.size(), failures.get(),
                            (System.nanoTime() - started) / 1e9);
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            Thread.sleep(settleMillis);
            IdleSessions.Memory after = IdleSessions.Memory.of(workspace, server);
            int count = held.size();
            report.add("load held", count);
            report.add("load failed", failures.get());
            report.add("load seconds", seconds);
            report.add("load heap idle", before.heap());
            report.add("load heap open", after.heap());
            report.add("load heap per session", count == 0 ? Double.NaN : (after.heap() - before.heap()) / (double) count);
            report.add("load rss idle", before.resident());
            report.add("load rss open", after.resident());
            report.add("load rss per session", count == 0 ? Double.NaN : (after.resident() - before.resident()) / (double) count);
            if (firstFailure != null) {
                report.line("").line("First load failure: `" + firstFailure.replace('`', '\'') + "`");
            }
            System.err.printf(Locale.ROOT, "  load: %d sessions in %.0f s (%d failed); heap %s -> %s%n", count, seconds,
                    failures.get(), Report.mib(before.heap()), Report.mib(after.heap()));
        } finally {
            pool.shutdownNow();
            ExecutorService closers = Executors.newFixedThreadPool(threads);
            for (Transport transport : held) {
                closers.execute(transport::close);
            }
            closers.shutdown();
            closers.awaitTermination(120, TimeUnit.SECONDS);
        }
    }

    public static void loadTable(Report report, int target, String heap) {
        report.line("")
                .line("### Idle sessions from the in-JVM Amiko client: target " + target + ", server `bin/amiko` with "
                        + heap + " (each session authenticated, one session channel open)")
                .line("")
                .line("| held | failed | seconds to open | live heap idle | live heap held | heap per session | RSS idle | RSS held | RSS per session |")
                .line("|---|---|---|---|---|---|---|---|---|");
        report.line("| " + report.cell("load held", "%.0f") + " | " + report.cell("load failed", "%.0f") + " | "
                + report.cell("load seconds", "%.0f") + " | " + IdleSessions.mib(report, "load heap idle") + " | "
                + IdleSessions.mib(report, "load heap open") + " | " + IdleSessions.kib(report, "load heap per session") + " | "
                + IdleSessions.mib(report, "load rss idle") + " | " + IdleSessions.mib(report, "load rss open") + " | "
                + IdleSessions.kib(report, "load rss per session") + " |");
    }
}
