// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    private ConnectionSetup() {}

    /** Sequential connections for each server in turn, per round. */
    public static void sequential(Workspace workspace, List<Server> servers, int warmup, int count, int rounds,
            Report report) throws IOException, InterruptedException {
        warmUp(workspace, servers, warmup);
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
                System.err.printf(Locale.ROOT, "  round %d setup %-8s %6.1f ms/connection  server CPU %.1f ms%n",
                        round + 1, server.name(), Report.median(millis), used.tree() * 1000 / count);
            }
        }
    }

    /**
     * {@code count} connections per JVM server from {@value #CLIENTS} clients at once, so the JIT
     * has compiled the handshake path before anything is timed. A method that runs once per
     * connection and has no loop is compiled by C2 only after 5,000 to 15,000 calls (HotSpot's tier 4
     * thresholds, raised while C2 is busy); until then it runs in C1's profiling tier. A JVM server's
     * CPU per connection is several times higher while C2 is still at work, still 1.5 ms higher after
     * 1,000 connections and 0.8 ms after 5,000 (the README). OpenSSH's sshd forks a fresh process
     * per connection and has nothing to compile, so it
     * gets at most {@value #OPENSSH_WARMUP}, which only fills the page cache.
     */
    static void warmUp(Workspace workspace, List<Server> servers, int count) throws IOException, InterruptedException {
        if (count <= 0) {
            return;
        }
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            for (Server server : servers) {
                int connections = server.isJvm() ? count : Math.min(count, OPENSSH_WARMUP);
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
        } finally {
            clients.shutdownNow();
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
                .line((warmup > 0 ? "After a warm-up of " + warmup + " connections per JVM server (OpenSSH: "
                        + Math.min(warmup, OPENSSH_WARMUP) + ") from " + CLIENTS + " clients. " : "No warm-up. ")
                        + "Sequential: median of " + count
                        + " connections per round; parallel: " + CLIENTS + " clients x " + perClient
                        + " connections. Server CPU per connection: process tree (of which the server process).")
                .line("")
                .line("| server | sequential ms/conn | server CPU ms/conn | of which server process | 8-parallel conn/s | server CPU ms/conn (8-par) |")
                .line("|---|---|---|---|---|---|");
        for (Server server : servers) {
            String s = "setup " + server.name();
            String p = "parallel " + server.name();
            report.line("| " + server.name() + " | " + report.cell(s + " ms", "%.1f") + " | " + report.cell(s + " cpu ms", "%.1f")
                    + " | " + report.cell(s + " self ms", "%.1f") + " | " + report.cell(p + " conn/s", "%.1f") + " | "
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
