// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Connection setup with the OpenSSH client: {@code ssh HOST true} (curve25519-sha256, ssh-ed25519 host
 * key, Ed25519 user key, aes128-gcm) one after another, and from 8 clients at once. Each figure is
 * the client's wall time per connection and the server's CPU per connection after a warm-up.
 */
public final class ConnectionSetup {
    public static final String CIPHER = "aes128-gcm@openssh.com";
    public static final int CLIENTS = 8;
    /** Warm-up connections for OpenSSH's sshd, whatever the JVM servers get. */
    static final int OPENSSH_WARMUP = 100;
    /** Connections per warm-up batch once the minimum is done. */
    static final int QUIET_BATCH = 1000;
    /** The JIT compiler threads' most CPU in a batch, in per cent of the server process's, for "quiet". */
    static final int QUIET_PERCENT = 2;
    /** The warm-up ends at this many times its minimum, quiet or not. */
    static final int WARMUP_LIMIT_FACTOR = 3;

    private ConnectionSetup() {}

    /** Sequential connections for each server in turn, per round. */
    public static void sequential(Workspace workspace, List<Server> servers, int warmup, int count, int rounds,
            Report report) throws IOException, InterruptedException {
        warmUp(workspace, servers, warmup)
                .forEach((name, connections) -> report.add("setup " + name + " warmup", connections));
        for (int round = 0; round < rounds; round++) {
            for (Server server : Transfers.rotate(servers, round)) {
                List<Double> millis = new ArrayList<>();
                Cpu cpu = Cpu.start(server);
                for (int i = 0; i < count; i++) {
                    millis.add(once(workspace, server));
                }
                Cpu.Used used = cpu.stop();
                String key = "setup " + server.name();
                report.add(key + " ms", Report.median(millis));
                report.add(key + " cpu ms", used.tree() * 1000 / count);
                report.add(key + " self ms", used.self() * 1000 / count);
                report.add(key + " jit ms", used.jit() * 1000 / count);
                System.err.printf(Locale.ROOT, "  round %d setup %-8s %6.1f ms/connection  server CPU %.1f ms (JIT %.2f)%n",
                        round + 1, server.name(), Report.median(millis), used.tree() * 1000 / count,
                        used.jit() * 1000 / count);
            }
        }
    }

    /**
     * At least {@code count} connections per JVM server from {@value #CLIENTS} clients at once, then
     * batches of {@value #QUIET_BATCH} until the JIT is quiet, so that the timed rounds measure the
     * compiled handshake path and not its compilation. A method that runs once per connection and
     * has no loop is compiled by C2 only after 5,000 to 15,000 calls (HotSpot's tier 4 thresholds,
     * raised while C2 is busy); until then it runs in C1's profiling tier, and C2's large
     * compilations of it cost CPU of their own. On 27 November, a {@code bin/amiko} driven by hand
     * (JDK 17) still spent 0.9 ms per connection in C2 between connections 12,000 and 16,000 and
     * nearly nothing after 20,000, while the harness's own servers were quiet by 16,000 to 18,000
     * (the README). Quiet means the compiler threads used at most
     * {@value #QUIET_PERCENT}% of the server process's CPU in a batch; the warm-up stops at
     * {@value #WARMUP_LIMIT_FACTOR} times {@code count} whatever the JIT does, and the table says how
     * many each server got. OpenSSH's sshd forks a fresh process per connection and has nothing to
     * compile, so it gets at most {@value #OPENSSH_WARMUP}, which only fills the page cache.
     *
     * @return warm-up connections per server name
     */
    static Map<String, Integer> warmUp(Workspace workspace, List<Server> servers, int count)
            throws IOException, InterruptedException {
        Map<String, Integer> done = new LinkedHashMap<>();
        if (count <= 0) {
            return done;
        }
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            for (Server server : servers) {
                if (!server.isJvm()) {
                    connect(clients, workspace, server, Math.min(count, OPENSSH_WARMUP));
                    done.put(server.name(), Math.min(count, OPENSSH_WARMUP));
                    continue;
                }
                connect(clients, workspace, server, count);
                int total = count;
                while (total < WARMUP_LIMIT_FACTOR * count) {
                    ThreadCpu threads = ThreadCpu.snapshot(server.pid());
                    double self = Proc.selfSeconds(server.pid());
                    // a toy warm-up (--quick) gets toy batches
                    int batch = Math.min(QUIET_BATCH, count);
                    connect(clients, workspace, server, batch);
                    total += batch;
                    double jit = ThreadCpu.snapshot(server.pid()).compilerSecondsSince(threads);
                    double used = Proc.selfSeconds(server.pid()) - self;
                    System.err.printf(Locale.ROOT, "  warm-up %-8s %6d connections, JIT %.2f of %.2f s%n", server.name(),
                            total, jit, used);
                    if (jit * 100 <= QUIET_PERCENT * used) {
                        break;
                    }
                }
                done.put(server.name(), total);
            }
        } finally {
            clients.shutdownNow();
        }
        return done;
    }

    /** {@code connections} connections to {@code server}, shared among {@value #CLIENTS} clients. */
    private static void connect(ExecutorService clients, Workspace workspace, Server server, int connections)
            throws IOException, InterruptedException {
        List<Future<?>> loops = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int share = connections / CLIENTS + (c < connections % CLIENTS ? 1 : 0);
            loops.add(clients.submit(() -> {
                for (int i = 0; i < share; i++) {
                    once(workspace, server);
                }
                return null;
            }));
        }
        for (Future<?> loop : loops) {
            try {
                loop.get();
            } catch (ExecutionException e) {
                throw new IOException(server.name() + ": a warm-up connection failed", e.getCause());
            }
        }
    }

    /** {@value #CLIENTS} loops of {@code perClient} connections each, for each server in turn, per round. */
    public static void parallel(Workspace workspace, List<Server> servers, int perClient, int rounds, Report report)
            throws IOException, InterruptedException {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            for (int round = 0; round < rounds; round++) {
                for (Server server : Transfers.rotate(servers, round)) {
                    Cpu cpu = Cpu.start(server);
                    long started = System.nanoTime();
                    List<Future<Integer>> loops = new ArrayList<>();
                    for (int c = 0; c < CLIENTS; c++) {
                        loops.add(clients.submit(() -> {
                            for (int i = 0; i < perClient; i++) {
                                once(workspace, server);
                            }
                            return perClient;
                        }));
                    }
                    int total = 0;
                    for (Future<Integer> loop : loops) {
                        try {
                            total += loop.get();
                        } catch (ExecutionException e) {
                            throw new IOException(server.name() + ": a parallel client failed", e.getCause());
                        }
                    }
                    double seconds = (System.nanoTime() - started) / 1e9;
                    Cpu.Used used = cpu.stop();
                    String key = "parallel " + server.name();
                    report.add(key + " conn/s", total / seconds);
                    report.add(key + " cpu ms", used.tree() * 1000 / total);
                    report.add(key + " self ms", used.self() * 1000 / total);
                    System.err.printf(Locale.ROOT, "  round %d parallel %-8s %6.1f connections/s  server CPU %.1f ms%n",
                            round + 1, server.name(), total / seconds, used.tree() * 1000 / total);
                }
            }
        } finally {
            clients.shutdownNow();
        }
    }

    /** One {@code ssh HOST true}; returns its wall time in milliseconds. */
    public static double once(Workspace workspace, Server server) throws IOException, InterruptedException {
        return ClientRun.check(workspace, workspace.ssh(server.port(), CIPHER, null, "true"), null, false, 60).millis();
    }

    public static void table(Report report, List<Server> servers, int warmup, int count, int perClient) {
        report.line("")
                .line("### Connection setup: `ssh HOST true`, curve25519-sha256, ssh-ed25519, aes128-gcm")
                .line("")
                .line((warmup > 0 ? "After a warm-up from " + CLIENTS + " clients of at least " + warmup
                        + " connections per JVM server, then batches of " + QUIET_BATCH + " until its JIT compiler threads"
                        + " used at most " + QUIET_PERCENT + "% of its CPU in a batch (at most " + WARMUP_LIMIT_FACTOR * warmup
                        + "; OpenSSH: " + Math.min(warmup, OPENSSH_WARMUP) + "). " : "No warm-up. ")
                        + "Sequential: median of " + count
                        + " connections per round; parallel: " + CLIENTS + " clients x " + perClient
                        + " connections. Server CPU per connection: process tree (of which the server process, and of"
                        + " that its JIT compiler threads).")
                .line("")
                .line("| server | warm-up connections | sequential ms/conn | server CPU ms/conn | of which server process | of which JIT | 8-parallel conn/s | server CPU ms/conn (8-par) |")
                .line("|---|---|---|---|---|---|---|---|");
        for (Server server : servers) {
            String s = "setup " + server.name();
            String p = "parallel " + server.name();
            report.line("| " + server.name() + " | " + report.cell(s + " warmup", "%.0f") + " | " + report.cell(s + " ms", "%.1f")
                    + " | " + report.cell(s + " cpu ms", "%.1f") + " | " + report.cell(s + " self ms", "%.1f") + " | "
                    + (server.isJvm() ? report.cell(s + " jit ms", "%.2f") : "–") + " | " + report.cell(p + " conn/s", "%.1f") + " | "
                    + report.cell(p + " cpu ms", "%.1f") + " |");
        }
        String amiko = servers.stream().map(Server::name).filter(n -> n.startsWith("Amiko")).findFirst().orElse("Amiko");
        report.line("")
                .line("Sequential time Amiko / OpenSSH: " + report.ratioCell("setup " + amiko + " ms", "setup OpenSSH ms")
                        + "; Amiko / MINA: " + report.ratioCell("setup " + amiko + " ms", "setup MINA ms")
                        + ". 8-parallel rate Amiko / MINA: " + report.ratioCell("parallel " + amiko + " conn/s",
                                "parallel MINA conn/s")
                        + "; Amiko / OpenSSH: " + report.ratioCell("parallel " + amiko + " conn/s", "parallel OpenSSH conn/s")
                        + ".");
    }
}
