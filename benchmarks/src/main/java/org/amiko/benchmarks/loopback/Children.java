// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every process the harness starts, so that none outlives it: a shutdown hook ends them (and
 * their descendants, such as sshd's per-connection processes) on a normal exit, an exception or
 * SIGTERM/SIGINT from {@code benchmarks/run}'s trap.
 */
public final class Children {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Children::endAll, "end-children"));
    }

    private Children() {}

    /** Starts a process and registers it. */
    public static Process start(ProcessBuilder builder) throws IOException {
        Process process = builder.start();
        LIVE.add(process);
        return process;
    }

    /** SIGTERM to the process and its descendants, then SIGKILL to whatever is left after the grace period. */
    public static void end(Process process, long graceMillis) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        LIVE.remove(process);
    }

    static void endAll() {
        for (Process process : List.copyOf(LIVE)) {
            end(process, 3000);
        }
    }

    /**
     * Runs a short command to its end (ssh-keygen, jcmd), failing after {@code timeoutSeconds}.
     *
     * @return its standard output and error, merged
     */
    public static String run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Process process = start(new ProcessBuilder(command).redirectErrorStream(true));
        try {
            process.getOutputStream().close();
            byte[][] out = new byte[1][];
            Thread reader = new Thread(() -> {
                try {
                    out[0] = process.getInputStream().readAllBytes();
                } catch (IOException e) {
                    out[0] = new byte[0];
                }
            }, "run-output");
            reader.setDaemon(true);
            reader.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new IOException("timed out after " + timeoutSeconds + " s: " + command);
            }
            reader.join(5000);
            String text = out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException("exit " + process.exitValue() + " from " + command + ": " + text);
            }
            return text;
        } finally {
            end(process, 1000);
        }
    }
}
