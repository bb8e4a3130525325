// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU per thread of a JVM, from {@code /proc/PID/task/TID/stat}, grouped by thread name (numbers
 * dropped). It sees what JFR's execution samples do not: the JIT compilers, the GC, and Java threads
 * while they run native code (socket and pipe I/O, process spawning).
 */
final class ThreadCpu {
    private static final double TICKS_PER_SECOND = 100;

    private final Map<Long, Long> ticks;
    private final Map<Long, String> names;

    ThreadCpu(Map<Long, Long> ticks, Map<Long, String> names) {
        this.ticks = ticks;
        this.names = names;
    }

    /** No CPU used yet: a baseline for a process's whole life. */
    static ThreadCpu none() {
        return new ThreadCpu(Map.of(), Map.of());
    }

    static ThreadCpu snapshot(long pid) {
        Map<Long, Long> ticks = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long tid = Long.parseLong(task.getFileName().toString());
                    ticks.put(tid, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                    names.put(tid, name);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        return new ThreadCpu(ticks, names);
    }

    /** CPU seconds the JIT compiler threads (C1 and C2) used between {@code before} and this snapshot. */
    double compilerSecondsSince(ThreadCpu before) {
        long used = 0;
        for (Map.Entry<Long, Long> entry : ticks.entrySet()) {
            if (group(names.get(entry.getKey())).endsWith(" JIT compiler")) {
                used += entry.getValue() - before.ticks.getOrDefault(entry.getKey(), 0L);
            }
        }
        return used / TICKS_PER_SECOND;
    }

    /**
     * A Markdown table of CPU seconds per thread group between {@code before} and this snapshot
     * (threads that ended between the two are not seen).
     */
    String since(ThreadCpu before, double gigabytesOrZero) {
        Map<String, Long> groups = new HashMap<>();
        long total = 0;
        for (Map.Entry<Long, Long> entry : ticks.entrySet()) {
            long used = entry.getValue() - before.ticks.getOrDefault(entry.getKey(), 0L);
            if (used > 0) {
                groups.merge(group(names.get(entry.getKey())), used, Long::sum);
                total += used;
            }
        }
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(groups.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        StringBuilder out = new StringBuilder("| thread (from /proc) | CPU s | % |" + (gigabytesOrZero > 0 ? " s/GB |" : "")
                + "\n|---|---|---|" + (gigabytesOrZero > 0 ? "---|" : "") + "\n");
        for (Map.Entry<String, Long> entry : sorted.subList(0, Math.min(10, sorted.size()))) {
            double seconds = entry.getValue() / TICKS_PER_SECOND;
            out.append(String.format(Locale.ROOT, "| `%s` | %.2f | %.0f |", entry.getKey(), seconds,
                    100.0 * entry.getValue() / Math.max(1, total)));
            if (gigabytesOrZero > 0) {
                out.append(String.format(Locale.ROOT, " %.2f |", seconds / gigabytesOrZero));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** {@code amiko-io-0} and {@code amiko-io-1} are one group; so are the GC's and the JIT's threads. */
    private static String group(String name) {
        String trimmed = name.replaceAll("[#-]?\\d+$", "").replaceAll("\\d+$", "");
        if (trimmed.startsWith("C2 Compiler") || trimmed.startsWith("C1 Compiler")) {
            return trimmed.substring(0, 2) + " JIT compiler";
        }
        if (trimmed.startsWith("G1 ") || trimmed.startsWith("GC Thread")) {
            return "GC (" + trimmed + ")";
        }
        return trimmed.isEmpty() ? name : trimmed;
    }
}
