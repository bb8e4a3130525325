// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What Linux's {@code /proc} says about a server: CPU time and memory of one process or of its
 * whole process tree. A tree matters for OpenSSH (a process per connection, then the shell and its
 * command) and for the Amiko runtime with {@code shell=os}; a JVM's threads are one process.
 */
public final class Proc {
    /** Clock ticks per second of the times in {@code /proc/PID/stat}; 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = ticksPerSecond();

    private Proc() {}

    /** CPU seconds of one process's own threads (utime + stime). */
    public static double selfSeconds(long pid) {
        long[] times = times(pid);
        return times == null ? 0 : (times[0] + times[1]) / TICKS_PER_SECOND;
    }

    /**
     * CPU seconds of every child this JVM has reaped so far, with their own reaped descendants
     * ({@code cutime + cstime} of {@code /proc/self/stat}): the difference across one client run
     * is that client's CPU ({@code sftp} and the {@code ssh} it started), when no other child ends
     * meanwhile.
     */
    public static double reapedChildrenSeconds() {
        long[] times = times(ProcessHandle.current().pid());
        return times == null ? 0 : (times[2] + times[3]) / TICKS_PER_SECOND;
    }

    /**
     * CPU seconds of a process and every descendant, living or reaped: a live process's
     * {@code cutime + cstime} holds its reaped children, so summing all four over the live tree
     * counts every process that ever ran in it (except orphans adopted by init).
     */
    public static double treeSeconds(long pid) {
        long total = 0;
        for (long member : tree(pid)) {
            long[] times = times(member);
            if (times != null) {
                total += times[0] + times[1] + times[2] + times[3];
            }
        }
        return total / TICKS_PER_SECOND;
    }

    /** The process and its descendants, parents first. */
    public static List<Long> tree(long pid) {
        Map<Long, List<Long>> children = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path entry : entries) {
                long child = Long.parseLong(entry.getFileName().toString());
                long parent = parentOf(child);
                if (parent > 0) {
                    children.computeIfAbsent(parent, p -> new ArrayList<>()).add(child);
                }
            }
        } catch (IOException e) {
            return List.of(pid);
        }
        List<Long> members = new ArrayList<>();
        members.add(pid);
        for (int i = 0; i < members.size(); i++) {
            members.addAll(children.getOrDefault(members.get(i), List.of()));
        }
        return members;
    }

    /** Resident set size of one process, in bytes. */
    public static long rssBytes(long pid) {
        return statusKilobytes(pid, "VmRSS:") * 1024;
    }

    /**
     * Proportional set size of the process tree, in bytes: shared pages split among the processes
     * that share them, so a process per connection (OpenSSH) is not counted many times over.
     */
    public static long treePssBytes(long pid) {
        long total = 0;
        for (long member : tree(pid)) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + member + "/smaps_rollup"))) {
                    if (line.startsWith("Pss:")) {
                        total += Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the process ended meanwhile
            }
        }
        return total;
    }

    /** Waits until the tree is back to at most {@code members} processes (connections and shells reaped). */
    public static void awaitTreeSize(long pid, int members, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (tree(pid).size() > members && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
    }

    private static long statusKilobytes(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // gone
        }
        return 0;
    }

    /** utime, stime, cutime, cstime in ticks, or null if the process is gone. */
    private static long[] times(long pid) {
        String[] fields = statFields(pid);
        if (fields == null) {
            return null;
        }
        // fields after the command name: [0] is state (field 3); utime is field 14
        return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[13]),
            Long.parseLong(fields[14])};
    }

    private static long parentOf(long pid) {
        String[] fields = statFields(pid);
        return fields == null ? -1 : Long.parseLong(fields[1]);
    }

    /** The fields of {@code /proc/PID/stat} after the parenthesised command name (which may hold spaces). */
    private static String[] statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static double ticksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes()).strip();
            getconf.waitFor();
            return Double.parseDouble(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
