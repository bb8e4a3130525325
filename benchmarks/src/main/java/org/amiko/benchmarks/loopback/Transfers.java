// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Bulk transfer over one session channel with the OpenSSH client: upload is {@code ssh HOST wc -c}
 * fed a file of zeros from tmpfs (the reply checks the byte count), download is
 * {@code ssh HOST head -c N /dev/zero} into {@code /dev/null}, each suite pinned with {@code -c}/{@code -m}.
 * Servers take turns in every round (the order rotates), so a burst of load from elsewhere on the
 * machine hits them alike; the ratios are per round.
 */
public final class Transfers {
    /** A cipher, with the MAC it needs or null. */
    public record Suite(String label, String cipher, String mac) {
        /**
         * A suite from the command line: {@code CIPHER} or {@code CIPHER/MAC}, labelled as the
         * default suites are, without the {@code @openssh.com} suffixes.
         */
        static Suite parse(String text) {
            String[] parts = text.strip().split("/", 2);
            String cipher = parts[0];
            String mac = parts.length == 2 ? parts[1] : null;
            if (cipher.isEmpty() || mac != null && mac.isEmpty()) {
                throw new IllegalArgumentException("a suite is CIPHER or CIPHER/MAC: " + text);
            }
            String label = cipher.replace("@openssh.com", "")
                    + (mac == null ? "" : " + " + mac.replace("@openssh.com", ""));
            return new Suite(label, cipher, mac);
        }
    }

    /** This run's transfers that failed, for the report. */
    private final List<String> failures = new ArrayList<>();
    /**
     * Servers that failed the byte-count check of a suite given with {@code --suite} (MINA 2.20
     * has no UMAC, for one): "server suite" keys, left out of the rounds instead of ending the run.
     */
    private final Set<String> notOffered = new TreeSet<>();

    public static final List<Suite> SUITES = List.of(
            new Suite("aes128-gcm", "aes128-gcm@openssh.com", null),
            new Suite("chacha20-poly1305", "chacha20-poly1305@openssh.com", null),
            new Suite("aes128-ctr + hmac-sha2-256-etm", "aes128-ctr", "hmac-sha2-256-etm@openssh.com"));

    private static final long CHECK_BYTES = 4L << 20;

    /** One run's transfers: what failed and what a server does not offer belong to it. */
    public Transfers() {}

    /** The default suites and then those the command line added. */
    public static List<Suite> suites(List<Suite> extra) {
        List<Suite> all = new ArrayList<>(SUITES);
        extra.stream().filter(suite -> !all.contains(suite)).forEach(all::add);
        return all;
    }

    /**
     * Checks every server moves exactly the bytes asked, both ways, with every suite. A server
     * that fails an added suite is noted as not offering it; failing a default suite ends the run.
     */
    public void verify(Workspace workspace, List<Server> servers, List<Suite> suites)
            throws IOException, InterruptedException {
        for (Server server : servers) {
            for (Suite suite : suites) {
                try {
                    check(workspace, server, suite);
                } catch (IOException e) {
                    if (SUITES.contains(suite)) {
                        throw e;
                    }
                    notOffered.add(offering(server, suite));
                    System.err.printf(Locale.ROOT, "  %-8s does not transfer with %s: %s%n", server.name(), suite.label(),
                            e.getMessage().lines().findFirst().orElse(""));
                }
            }
        }
    }

    private static void check(Workspace workspace, Server server, Suite suite) throws IOException, InterruptedException {
        ClientRun.Result up = ClientRun.check(workspace, workspace.ssh(server.port(), suite.cipher(), suite.mac(), "wc -c"),
                workspace.dataFile(CHECK_BYTES), true, 120);
        if (Long.parseLong(up.stdout().strip()) != CHECK_BYTES) {
            throw new IOException(server.name() + " " + suite.label() + ": uploaded " + CHECK_BYTES
                    + " bytes, the server counted " + up.stdout().strip());
        }
        long down = countDownload(workspace, server, suite, CHECK_BYTES);
        if (down != CHECK_BYTES) {
            throw new IOException(server.name() + " " + suite.label() + ": downloaded " + down + " of " + CHECK_BYTES
                    + " bytes");
        }
    }

    /** Every round: each suite, each server (rotating) that offers it, upload then download. */
    public void measure(Workspace workspace, List<Server> servers, List<Suite> suites, long size, int rounds,
            Report report) throws IOException, InterruptedException {
        Path data = workspace.dataFile(size);
        long timeout = 120 + size / (5L << 20);
        for (int round = 0; round < rounds; round++) {
            for (Suite suite : suites) {
                for (Server server : rotate(servers, round)) {
                    if (notOffered.contains(offering(server, suite))) {
                        continue;
                    }
                    for (String direction : List.of("up", "down")) {
                        String command = direction.equals("up") ? "wc -c" : "head -c " + size + " /dev/zero";
                        String key = key(suite, direction, server.name());
                        Cpu cpu = Cpu.start(server);
                        ClientRun.Result result;
                        try {
                            result = ClientRun.check(workspace,
                                    workspace.ssh(server.port(), suite.cipher(), suite.mac(), command),
                                    direction.equals("up") ? data : null, direction.equals("up"), timeout);
                        } catch (IOException e) {
                            // one peer failing one transfer (MINA 2.20 on JDK 25 drops chacha20 downloads
                            // of 1 GiB) is a finding for the table, not a reason to lose the whole run
                            cpu.stop();
                            failures.add("round " + (round + 1) + " " + suite.label() + " " + direction + " "
                                    + server.name() + ": " + e.getMessage().lines().findFirst().orElse("")
                                    + " (" + workspace.root().resolve("client-stderr.log") + ")");
                            System.err.printf(Locale.ROOT, "  round %d %-32s %-4s %-8s FAILED: %s%n", round + 1,
                                    suite.label(), direction, server.name(), e.getMessage());
                            for (String series : List.of(" MB/s", " cpu s/GB", " self s/GB")) {
                                report.add(key + series, Double.NaN);
                            }
                            continue;
                        }
                        Cpu.Used used = cpu.stop();
                        if (direction.equals("up") && Long.parseLong(result.stdout().strip()) != size) {
                            throw new IOException(server.name() + ": the server counted " + result.stdout().strip());
                        }
                        double seconds = result.nanos() / 1e9;
                        report.add(key + " MB/s", size / 1e6 / seconds);
                        report.add(key + " cpu s/GB", used.tree() / (size / 1e9));
                        report.add(key + " self s/GB", used.self() / (size / 1e9));
                        System.err.printf(Locale.ROOT, "  round %d %-32s %-4s %-8s %7.0f MB/s  server CPU %.2f s/GB%n",
                                round + 1, suite.label(), direction, server.name(), size / 1e6 / seconds,
                                used.tree() / (size / 1e9));
                    }
                }
            }
        }
    }

    /** How {@link #notOffered} names a server's suite, as the report prints it. */
    private static String offering(Server server, Suite suite) {
        return server.name() + " " + suite.label();
    }

    /** One transfer, for a profiling pass. */
    public static void once(Workspace workspace, Server server, Suite suite, String direction, long size)
            throws IOException, InterruptedException {
        String command = direction.equals("up") ? "wc -c" : "head -c " + size + " /dev/zero";
        ClientRun.check(workspace, workspace.ssh(server.port(), suite.cipher(), suite.mac(), command),
                direction.equals("up") ? workspace.dataFile(size) : null, direction.equals("up"), 120 + size / (5L << 20));
    }

    public static String key(Suite suite, String direction, String server) {
        return "transfer " + suite.label() + " " + direction + " " + server;
    }

    /** The table: per suite and direction, each server's MB/s and CPU, and Amiko's ratios. */
    public void table(Report report, List<Server> servers, List<Suite> suites, long size) {
        report.line("")
                .line("### Transfer, " + Report.mib(size) + " over one channel (MB/s = 10^6 bytes/s; median (rounds))")
                .line("")
                .line("| suite | dir | server | MB/s | server CPU s/GB (process tree) | of which the server process |")
                .line("|---|---|---|---|---|---|");
        for (Suite suite : suites) {
            for (String direction : List.of("up", "down")) {
                for (Server server : servers) {
                    String key = key(suite, direction, server.name());
                    report.line("| " + suite.label() + " | " + direction + " | " + server.name() + " | "
                            + report.cell(key + " MB/s", "%.0f") + " | " + report.cell(key + " cpu s/GB", "%.2f") + " | "
                            + report.cell(key + " self s/GB", "%.2f") + " |");
                }
            }
        }
        report.line("").line("| suite | dir | server | / MINA | / OpenSSH |").line("|---|---|---|---|---|");
        List<String> amikos = servers.stream().map(Server::name).filter(n -> n.startsWith("Amiko")).toList();
        for (Suite suite : suites) {
            for (String direction : List.of("up", "down")) {
                for (String amiko : amikos) {
                    report.line("| " + suite.label() + " | " + direction + " | " + amiko + " | "
                            + report.ratioCell(key(suite, direction, amiko) + " MB/s", key(suite, direction, "MINA") + " MB/s")
                            + " | " + report.ratioCell(key(suite, direction, amiko) + " MB/s",
                                    key(suite, direction, "OpenSSH") + " MB/s") + " |");
                }
            }
        }
        if (!notOffered.isEmpty()) {
            report.line("").line("Not measured: the byte-count check failed (the suite is not offered, or it broke): "
                    + String.join(", ", notOffered) + ".");
        }
        if (!failures.isEmpty()) {
            report.line("").line("Failed transfers (left out of medians and ratios):").line("");
            failures.forEach(failure -> report.line("- " + failure));
        }
    }

    static List<Server> rotate(List<Server> servers, int round) {
        List<Server> order = new ArrayList<>(servers);
        Collections.rotate(order, -round);
        return order;
    }

    private static long countDownload(Workspace workspace, Server server, Suite suite, long size)
            throws IOException, InterruptedException {
        Process process = Children.start(new ProcessBuilder(workspace.ssh(server.port(), suite.cipher(), suite.mac(),
                "head -c " + size + " /dev/zero")).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.appendTo(workspace.root().resolve("client-stderr.log").toFile())));
        long count = 0;
        try (InputStream in = process.getInputStream()) {
            byte[] buffer = new byte[1 << 16];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                count += read;
            }
        }
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            Children.end(process, 1000);
            throw new IOException(server.name() + " " + suite.label() + ": download check failed");
        }
        Children.end(process, 1000);
        return count;
    }
}
