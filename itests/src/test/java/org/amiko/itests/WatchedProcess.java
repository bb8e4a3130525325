// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A peer that keeps running while the test works with it (an {@code ssh -N} holding a forwarding,
 * a python script waiting for a connection): its output is read line by line as it comes, so
 * the test waits for the line that announces what it needs (a port listened on, a refusal)
 * instead of sleeping. Every wait has a deadline; a process that exits first fails the wait with
 * everything it printed.
 */
public final class WatchedProcess implements AutoCloseable {
    /** How long {@link #close} waits after SIGTERM before SIGKILL. */
    private static final Duration TERM_GRACE = Duration.ofSeconds(2);

    private final List<String> command;
    private final Process process;
    private final List<String> stdout = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();
    private int streamsOpen = 2;

    private WatchedProcess(List<String> command, Map<String, String> environment) throws IOException {
        this.command = List.copyOf(command);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        process = builder.start();
        watch(process.getInputStream(), stdout, "stdout");
        watch(process.getErrorStream(), stderr, "stderr");
    }

    public static WatchedProcess start(List<String> command) throws IOException {
        return new WatchedProcess(command, Map.of());
    }

    public static WatchedProcess start(List<String> command, Map<String, String> environment) throws IOException {
        return new WatchedProcess(command, environment);
    }

    private void watch(InputStream stream, List<String> lines, String name) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (this) {
                        lines.add(line);
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process ended
            } finally {
                synchronized (this) {
                    streamsOpen--;
                    notifyAll();
                }
            }
        }, "watched-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Waits for a line of standard error matching {@code pattern}, the first such line if several. */
    public Matcher awaitStderr(Pattern pattern, Duration timeout) throws InterruptedException {
        return await(stderr, pattern, timeout);
    }

    /** Waits for a line of standard output matching {@code pattern}. */
    public Matcher awaitStdout(Pattern pattern, Duration timeout) throws InterruptedException {
        return await(stdout, pattern, timeout);
    }

    private synchronized Matcher await(List<String> lines, Pattern pattern, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < lines.size(); checked++) {
                Matcher matcher = pattern.matcher(lines.get(checked));
                if (matcher.find()) {
                    return matcher;
                }
            }
            if (streamsOpen == 0) {
                throw new AssertionError("exited without a line matching /" + pattern + "/: " + this);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no line matching /" + pattern + "/ within " + timeout + ": " + this);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Waits for the process to exit by itself and for its output to be read; returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + ": " + this);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (streamsOpen > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("output not closed after exit: " + this);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
        return process.exitValue();
    }


    /** The process id, for signals the JDK does not send (SIGSTOP, say). */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The process's standard input. */
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    public synchronized List<String> stdoutLines() {
        return List.copyOf(stdout);
    }

    public synchronized String stderrText() {
        return String.join("\n", stderr);
    }

    /**
     * Ends the process: SIGTERM, then SIGKILL if it has not gone within {@link #TERM_GRACE}. The
     * grace is short because OpenSSH 9.2's ssh can lose a SIGTERM that arrives while it is busy
     * (its client loop checks for the signal and then calls poll(2), not ppoll(2)); it then sits in
     * poll for minutes. Seen here against its own sshd as well as against Amiko.
     */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(TERM_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public synchronized String toString() {
        return command + (process.isAlive() ? " (running)" : " (exit " + process.exitValue() + ")")
                + "\n--- stdout\n" + String.join("\n", stdout) + "\n--- stderr\n" + String.join("\n", stderr);
    }
}
