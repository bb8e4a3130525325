// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The loopback harness: starts OpenSSH's sshd, MINA SSHD and the Amiko runtime on loopback ports,
 * drives them with OpenSSH's client in alternating rounds, then the Amiko client against Amiko
 * (ceiling, thousands of idle sessions), and prints one Markdown report with the machine, the load
 * and the command it ran under. Every child process ends with it ({@link Children}).
 */
public final class Harness {
    private Harness() {}

    public static int main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        Report report = new Report();
        LoadWatch load = LoadWatch.start();
        Workspace workspace = Workspace.create(options.work);
        Path distribution = AmikoRuntime.locate();
        report.line("## Loopback run, " + System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"))
                .line("")
                .line(Machine.describe(String.join(" ", args)));
        try {
            run(options, workspace, distribution, report);
        } finally {
            workspace.removeData();
            report.line("").line("Load average (1 min) during the run: " + load.stop() + ".");
            String text = report.text();
            System.out.println(text);
            if (options.out != null) {
                Files.createDirectories(options.out.toAbsolutePath().getParent());
                Files.writeString(options.out, text);
                System.err.println("report written to " + options.out);
            }
        }
        return 0;
    }

    private static void run(Options options, Workspace workspace, Path distribution, Report report)
            throws IOException, GeneralSecurityException, InterruptedException {
        boolean jdk17 = Runtime.version().feature() == 17;
        if (options.has("startup")) {
            section("bin/amiko start-up");
            try (AmikoRuntime runtime = AmikoRuntime.start(workspace, distribution, List.of(), "startup")) {
                report.add("startup first ms", runtime.startupMillis());
                System.err.printf(Locale.ROOT, "  first start of a fresh copy: listening after %d ms%n", runtime.startupMillis());
            }
            for (int i = 0; i < options.startups; i++) {
                try (AmikoRuntime runtime = AmikoRuntime.restart(workspace, distribution, List.of(), "startup")) {
                    report.add("startup ms", runtime.startupMillis());
                    if (i == options.startups - 1) {
                        // FileInstall, SCR and the JIT settle within seconds; then the server is idle
                        Thread.sleep(5000);
                        report.add("startup rss", Proc.rssBytes(runtime.pid()));
                        report.add("startup heap", runtime.liveHeapBytes(workspace));
                    }
                    System.err.printf(Locale.ROOT, "  bin/amiko listening after %d ms%n", runtime.startupMillis());
                }
            }
            report.line("").line("### bin/amiko start-up (default JAVA_OPTS)").line("")
                    .line("First start: a fresh copy, no bundle cache, no class-data-sharing archive. Restarts: the same copy "
                            + "again, with the cache and the archive the first run recorded when it stopped.").line("")
                    .line("| first start to listening (SSH banner) | restarts to listening | idle RSS after 5 s | idle live heap |")
                    .line("|---|---|---|---|")
                    .line("| " + report.cell("startup first ms", "%.0f ms") + " | " + report.cell("startup ms", "%.0f ms") + " | "
                            + IdleSessions.mib(report, "startup rss") + " | " + IdleSessions.mib(report, "startup heap") + " |");
            if (options.has("profile")) {
                Profiles.startup(workspace, distribution, report);
            }
        }
        boolean needServers = options.sections.stream().anyMatch(s -> List.of("transfer", "setup", "parallel", "sftp", "idle",
                "profile").contains(s));
        if (needServers) {
            List<Server> servers = new ArrayList<>();
            try {
                section("starting servers");
                if (OpenSshd.available()) {
                    servers.add(OpenSshd.start(workspace));
                } else {
                    report.line("").line("OpenSSH sshd is not available here (needs /usr/sbin/sshd and root): its rows are empty.");
                }
                // the two JVMs start side by side: each is mostly waiting on class loading and JIT
                CompletableFuture<Server> mina = starting(() -> JavaServer.mina(workspace, List.of()));
                CompletableFuture<Server> amikoStart = starting(() -> options.amiko.equals("dist")
                        ? AmikoRuntime.start(workspace, distribution, List.of(), "server") : JavaServer.amiko(workspace, List.of()));
                // the library server beside bin/amiko in the connection rows separates the engine's cost
                // from shell=os's process spawn and the OSGi runtime's
                CompletableFuture<Server> libraryStart = options.amiko.equals("dist") && options.library
                        ? starting(() -> JavaServer.amiko(workspace, List.of())) : null;
                servers.add(await(mina, servers));
                Server amiko = await(amikoStart, servers);
                servers.add(amiko);
                Server library = libraryStart == null ? null : await(libraryStart, servers);
                for (Server server : servers) {
                    System.err.printf(Locale.ROOT, "  %-9s port %d pid %d%n", server.name(), server.port(), server.pid());
                }
                try {
                    measureWithOpenSshClient(options, workspace, servers, amiko, library, report);
                } finally {
                    if (library != null) {
                        library.close();
                    }
                }
            } finally {
                servers.forEach(Server::close);
            }
        }
        if (options.has("ceiling")) {
            section("Amiko client to Amiko server");
            try (JavaServer server = JavaServer.amiko(workspace, List.of())) {
                AmikoClients.ceiling(workspace, server, options.ceilingSize, options.rounds, report);
                AmikoClients.ceilingTable(report, options.ceilingSize);
                if (options.has("profile")) {
                    section("JFR profile of the ceiling");
                    Profiles.ceiling(workspace, server, options.ceilingSize, report);
                }
            }
        }
        if (options.has("load")) {
            section("idle sessions from the in-JVM client");
            try (AmikoRuntime server = AmikoRuntime.start(workspace, distribution, List.of(options.loadHeap), "load")) {
                AmikoClients.load(workspace, server, options.load, options.loadBatch, options.loadThreads, options.loadChannel,
                        options.loadDeadlineSeconds, options.settleMillis, report);
            }
            AmikoClients.loadTable(report, options.load, options.loadHeap);
        }
        String amikoName = options.amiko.equals("dist") ? "Amiko" : "Amiko lib";
        Targets.table(report, amikoName, jdk17);
    }

    private static void measureWithOpenSshClient(Options options, Workspace workspace, List<Server> servers, Server amiko,
            Server library, Report report) throws IOException, InterruptedException {
        List<Server> connecting = new ArrayList<>(servers);
        if (library != null) {
            connecting.add(library);
        }
        if (options.has("transfer")) {
            section("transfers, checking byte counts first");
            List<Transfers.Suite> suites = Transfers.suites(options.extraSuites);
            Transfers transfers = new Transfers();
            if (options.verify) {
                transfers.verify(workspace, connecting, suites);
            }
            transfers.measure(workspace, connecting, suites, options.size, options.rounds, report);
            transfers.table(report, connecting, suites, options.size);
        }
        if (options.has("setup")) {
            section("sequential connection setup");
            ConnectionSetup.sequential(workspace, connecting, options.setupWarmup, options.setupCount, options.rounds, report);
        }
        if (options.has("parallel")) {
            section("8 parallel clients");
            ConnectionSetup.parallel(workspace, connecting, options.parallelPerClient, options.rounds, report);
        }
        if (options.has("setup") || options.has("parallel")) {
            // the warm-up runs before the sequential rows; a parallel-only run has none
            ConnectionSetup.table(report, connecting, options.has("setup") ? options.setupWarmup : 0, options.setupCount,
                    options.parallelPerClient);
        }
        if (options.has("sftp")) {
            section("SFTP");
            List<Server> serving = new ArrayList<>();
            for (Server server : servers) {
                if (SftpTransfers.works(workspace, server)) {
                    serving.add(server);
                }
            }
            if (!serving.contains(amiko)) {
                report.line("").line("Amiko's SFTP subsystem did not answer (amiko-sftp missing or failing): no Amiko SFTP row.");
            }
            SftpTransfers.measure(workspace, serving, options.sftpSize, options.rounds, report);
            SftpTransfers.table(report, servers, options.sftpSize);
        }
        if (options.has("idle")) {
            section("idle sessions");
            IdleSessions.measure(workspace, connecting, options.idle, options.settleMillis, report);
            IdleSessions.table(report, connecting, options.idle);
        }
        if (options.has("profile")) {
            section("profiles of the Amiko server");
            Profiles.record(workspace, amiko, options.profileSize, options.setupWarmup, report);
            if (library != null) {
                Profiles.record(workspace, library, options.profileSize, options.setupWarmup, report);
            }
        }
    }

    /** A server start that may throw, on a thread of its own. */
    interface Start {
        Server start() throws IOException, GeneralSecurityException, InterruptedException;
    }

    private static CompletableFuture<Server> starting(Start start) {
        CompletableFuture<Server> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(start.start());
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        }, "server-start");
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    /** The started server; on failure the servers started so far are closed by the caller's finally. */
    private static Server await(CompletableFuture<Server> start, List<Server> started)
            throws IOException, InterruptedException {
        try {
            return start.get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException("a server did not start: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("a server did not start within 120 s (" + started.size() + " others are up)", e);
        }
    }

    private static void section(String title) {
        System.err.println("== " + title + " (" + ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_TIME) + ")");
    }
}
