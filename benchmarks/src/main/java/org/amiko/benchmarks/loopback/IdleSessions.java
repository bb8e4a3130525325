// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Memory per idle session: {@code count} OpenSSH clients held open with {@code ssh -N} (authenticated,
 * no channel), each reporting through {@code LocalCommand} once it is in. The server's memory is
 * read idle and with all sessions open: RSS for a JVM, the summed PSS of every process for OpenSSH
 * (a process pair per connection), and for a JVM the live heap after a full GC.
 */
public final class IdleSessions {
    private static final int BATCH = 10;

    private IdleSessions() {}

    public static void measure(Workspace workspace, List<Server> servers, int count, long settleMillis, Report report)
            throws IOException, InterruptedException {
        for (Server server : servers) {
            // one batch in and out first: what the first sessions initialise once (classes, caches,
            // pools) is not a cost per session, and without this it lands in the figure when this
            // section runs alone on a fresh server (9.2 against 7.8 KiB per session for bin/amiko)
            List<Process> warmUp = openBatch(workspace, server, BATCH);
            for (Process client : warmUp) {
                Children.end(client, 2000);
            }
            Proc.awaitTreeSize(server.pid(), 1, 15_000);
            Memory before = Memory.of(workspace, server);
            List<Process> clients = new ArrayList<>();
            try {
                for (int started = 0; started < count; started += BATCH) {
                    clients.addAll(openBatch(workspace, server, Math.min(BATCH, count - started)));
                }
                Thread.sleep(settleMillis);
                Memory after = Memory.of(workspace, server);
                String key = "idle " + server.name();
                report.add(key + " rss idle", before.resident());
                report.add(key + " rss open", after.resident());
                report.add(key + " rss per session", (after.resident() - before.resident()) / (double) count);
                if (server.isJvm()) {
                    report.add(key + " heap idle", before.heap());
                    report.add(key + " heap open", after.heap());
                    report.add(key + " heap per session", (after.heap() - before.heap()) / (double) count);
                }
                System.err.printf(Locale.ROOT, "  idle %-8s %d sessions: memory %s -> %s, heap %s -> %s%n", server.name(),
                        count, Report.mib(before.resident()), Report.mib(after.resident()),
                        server.isJvm() ? Report.mib(before.heap()) : "-", server.isJvm() ? Report.mib(after.heap()) : "-");
            } finally {
                for (Process client : clients) {
                    Children.end(client, 2000);
                }
            }
            Proc.awaitTreeSize(server.pid(), 1, 15_000);
        }
    }

    /** Starts {@code size} idle clients and returns once each is in. */
    private static List<Process> openBatch(Workspace workspace, Server server, int size)
            throws IOException, InterruptedException {
        List<Process> batch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            batch.add(Children.start(new ProcessBuilder(workspace.ssh(server.port(), ConnectionSetup.CIPHER,
                    null, null, "-o", "PermitLocalCommand=yes", "-o", "LocalCommand=echo up",
                    "-o", "ServerAliveInterval=0"))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.appendTo(
                            workspace.root().resolve("client-stderr.log").toFile()))));
        }
        for (Process client : batch) {
            awaitUp(client, server);
        }
        return batch;
    }

    private static void awaitUp(Process client, Server server) throws IOException, InterruptedException {
        BufferedReader out = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        String[] line = new String[1];
        Thread reader = new Thread(() -> {
            try {
                line[0] = out.readLine();
            } catch (IOException e) {
                // the client ended
            }
        }, "idle-client");
        reader.setDaemon(true);
        reader.start();
        reader.join(TimeUnit.SECONDS.toMillis(60));
        if (!"up".equals(line[0])) {
            throw new IOException(server.name() + ": an idle ssh -N client did not get in");
        }
    }

    /** A server's resident memory and (JVM) live heap. */
    record Memory(long resident, long heap) {
        static Memory of(Workspace workspace, Server server) throws IOException, InterruptedException {
            long heap = server.liveHeapBytes(workspace);
            long resident = server.isJvm() ? Proc.rssBytes(server.pid()) : Proc.treePssBytes(server.pid());
            return new Memory(resident, heap);
        }
    }

    public static void table(Report report, List<Server> servers, int count) {
        report.line("")
                .line("### Idle sessions: " + count + " `ssh -N` clients (authenticated, no channel)")
                .line("")
                .line("Memory: RSS of the JVM; for OpenSSH the PSS summed over sshd and its per-connection processes. "
                        + "Heap: live heap after a full GC (jcmd GC.run; GC.heap_info).")
                .line("")
                .line("| server | memory idle | memory with " + count + " | per session | live heap idle | live heap with "
                        + count + " | heap per session |")
                .line("|---|---|---|---|---|---|---|");
        for (Server server : servers) {
            String key = "idle " + server.name();
            report.line("| " + server.name() + " | " + mib(report, key + " rss idle") + " | " + mib(report, key + " rss open")
                    + " | " + kib(report, key + " rss per session") + " | " + mib(report, key + " heap idle") + " | "
                    + mib(report, key + " heap open") + " | " + kib(report, key + " heap per session") + " |");
        }
    }

    static String mib(Report report, String key) {
        double value = report.median(key);
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.1f MiB", value / 1048576);
    }

    static String kib(Report report, String key) {
        double value = report.median(key);
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.1f KiB", value / 1024);
    }
}
