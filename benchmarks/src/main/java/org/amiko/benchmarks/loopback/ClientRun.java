// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of OpenSSH's {@code ssh} or {@code sftp}, timed from start to exit: stdin from a file or
 * {@code /dev/null}, stdout thrown away or captured (small outputs only), stderr appended to the
 * workspace's client log, and a deadline after which it is killed.
 */
public final class ClientRun {
    private static final File NULL = new File("/dev/null");

    /**
     * What one run left; {@code clientSeconds} is the CPU the client's process tree used (see
     * {@link Proc#reapedChildrenSeconds}; one clock tick, 10 ms, is the resolution).
     */
    public record Result(int exitCode, String stdout, long nanos, double clientSeconds) {
        public double millis() {
            return nanos / 1e6;
        }
    }

    private ClientRun() {}

    /**
     * Runs {@code command}.
     *
     * @param stdin a file to feed, or null for {@code /dev/null}
     * @param capture whether to keep stdout (else it goes to {@code /dev/null}, the cheapest sink)
     */
    public static Result run(Workspace workspace, List<String> command, Path stdin, boolean capture, long timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(stdin == null ? ProcessBuilder.Redirect.from(NULL) : ProcessBuilder.Redirect.from(stdin.toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(workspace.root().resolve("client-stderr.log").toFile()));
        if (!capture) {
            builder.redirectOutput(ProcessBuilder.Redirect.to(NULL));
        }
        double reapedBefore = Proc.reapedChildrenSeconds();
        long started = System.nanoTime();
        Process process = Children.start(builder);
        byte[][] out = {new byte[0]};
        Thread reader = null;
        if (capture) {
            reader = new Thread(() -> {
                try {
                    out[0] = process.getInputStream().readAllBytes();
                } catch (IOException e) {
                    // the process was killed
                }
            }, "client-stdout");
            reader.setDaemon(true);
            reader.start();
        }
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new IOException("timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
            }
            long nanos = System.nanoTime() - started;
            if (reader != null) {
                reader.join(5000);
            }
            int exitCode = process.exitValue();
            // exitValue is known once the JDK has reaped the process, so its CPU is in ours by now
            return new Result(exitCode, new String(out[0], StandardCharsets.UTF_8), nanos,
                    Proc.reapedChildrenSeconds() - reapedBefore);
        } finally {
            Children.end(process, 1000);
        }
    }

    /** As {@link #run}, failing unless the exit code is 0. */
    public static Result check(Workspace workspace, List<String> command, Path stdin, boolean capture, long timeoutSeconds)
            throws IOException, InterruptedException {
        Result result = run(workspace, command, stdin, capture, timeoutSeconds);
        if (result.exitCode() != 0) {
            throw new IOException("exit " + result.exitCode() + " from " + String.join(" ", command)
                    + " (see " + workspace.root().resolve("client-stderr.log") + ")");
        }
        return result;
    }
}
