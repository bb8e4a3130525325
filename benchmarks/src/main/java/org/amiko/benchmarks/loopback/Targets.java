// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

import java.util.List;
import java.util.Locale;

/**
 * The targets, checked against this run's medians: each line says met or missed and by how
 * much. Ratios are medians of per-round ratios. The server CPU targets are the Amiko server
 * process's own CPU (the JVM), the process tree is in the tables beside.
 */
final class Targets {
    private Targets() {}

    static void table(Report report, String amiko, boolean jdk17) {
        report.line("").line("### Targets").line("").line("| target | this run | |").line("|---|---|---|");
        Transfers.Suite gcm = Transfers.SUITES.get(0);
        Transfers.Suite chacha = Transfers.SUITES.get(1);
        Transfers.Suite ctr = Transfers.SUITES.get(2);
        ratio(report, "aes128-gcm download >= 1.3x MINA", Transfers.key(gcm, "down", amiko), Transfers.key(gcm, "down", "MINA"), 1.3);
        ratio(report, "aes128-gcm upload >= 1.0x MINA", Transfers.key(gcm, "up", amiko), Transfers.key(gcm, "up", "MINA"), 1.0);
        for (String direction : List.of("down", "up")) {
            at(report, "aes128-gcm " + direction + " server CPU <= 0.6 s/GB (server process)",
                    report.median(Transfers.key(gcm, direction, amiko) + " self s/GB"), 0.6, "%.2f s/GB", false);
        }
        for (String direction : List.of("down", "up")) {
            ratio(report, "chacha20-poly1305 " + direction + " >= 1.0x OpenSSH", Transfers.key(chacha, direction, amiko),
                    Transfers.key(chacha, direction, "OpenSSH"), 1.0);
        }
        for (String direction : List.of("down", "up")) {
            ratio(report, "aes128-ctr + hmac-sha2-256-etm " + direction + " >= 1.0x OpenSSH",
                    Transfers.key(ctr, direction, amiko), Transfers.key(ctr, direction, "OpenSSH"), 1.0);
        }
        at(report, "setup server CPU <= 2 ms/connection (server process, sequential)", report.median("setup " + amiko + " self ms"),
                2.0, "%.1f ms", false);
        double library = report.median("setup Amiko lib self ms");
        if (!Double.isNaN(library) && !amiko.equals("Amiko lib")) {
            report.line("| (for comparison: the library server, exec served in process, no OSGi) | "
                    + String.format(Locale.ROOT, "%.1f ms", library) + " | – |");
        }
        double sequential = Report.median(report.ratios("setup " + amiko + " ms", "setup OpenSSH ms"));
        at(report, "sequential setup time <= 0.6x OpenSSH's", sequential, 0.6, "%.2fx", false);
        ratio(report, "8-parallel connections/s >= 1.2x MINA", "parallel " + amiko + " conn/s", "parallel MINA conn/s", 1.2, "");
        ratio(report, "SFTP put >= 1.0x OpenSSH", "sftp put " + amiko, "sftp put OpenSSH", 1.0);
        ratio(report, "SFTP get >= 1.0x OpenSSH", "sftp get " + amiko, "sftp get OpenSSH", 1.0);
        at(report, "live heap <= 16 KiB per idle session (200 ssh -N)", report.median("idle " + amiko + " heap per session") / 1024,
                16, "%.1f KiB", false);
        at(report, "live heap <= 16 KiB per idle session (in-JVM load)", report.median("load heap per session") / 1024, 16,
                "%.1f KiB", false);
        at(report, "10,000 idle sessions in a 512 MiB heap (sessions held)", report.median("load held"), 10_000, "%.0f", true);
        if (jdk17) {
            for (String direction : List.of("down", "up")) {
                at(report, "Amiko to Amiko aes128-gcm " + direction + " >= 2 GB/s (JDK 17)",
                        report.median("ceiling " + direction + " MB/s"), 2000, "%.0f MB/s", true);
            }
        } else {
            report.line("| Amiko to Amiko >= 2 GB/s is a JDK 17 target | down " + report.cell("ceiling down MB/s", "%.0f")
                    + ", up " + report.cell("ceiling up MB/s", "%.0f") + " MB/s | – |");
        }
        at(report, "bin/amiko to listening <= 1.5 s", report.median("startup ms") / 1000, 1.5, "%.2f s", false);
        at(report, "idle RSS <= 100 MB", report.median("startup rss") / 1e6, 100, "%.0f MB", false);
    }

    private static void ratio(Report report, String target, String a, String b, double wanted) {
        ratio(report, target, a, b, wanted, " MB/s");
    }

    private static void ratio(Report report, String target, String a, String b, double wanted, String suffix) {
        double value = Report.median(report.ratios(a + suffix, b + suffix));
        at(report, target, value, wanted, "%.2fx", true);
    }

    private static void at(Report report, String target, double value, double limit, String format, boolean atLeast) {
        if (Double.isNaN(value)) {
            report.line("| " + target + " | not measured | – |");
            return;
        }
        boolean met = atLeast ? value >= limit : value <= limit;
        String by = met ? "" : String.format(Locale.ROOT, " (%s by %.0f%%)", "missed",
                100 * Math.abs(value - limit) / limit);
        report.line("| " + target + " | " + String.format(Locale.ROOT, format, value) + " | " + (met ? "met" : "**missed**" + by)
                + " |");
    }
}
