// SPDX-License-Identifier: Apache-2.0
package org.amiko.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the peer programs of interop tests (ssh, sftp, python3 with paramiko, PuTTY's tools, a Karaf
 * client, ...) with a deadline, capturing what they print, so that a hung peer fails its test instead
 * of the build.
 */
public final class PeerProcess {
    private PeerProcess() {}

    /** What a finished process left. */
    public record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    /** Runs {@code command} with {@code stdin} as its input, failing if it takes longer than {@code timeout}. */
    public static Result run(List<String> command, Map<String, String> environment, byte[] stdin, Duration timeout)
            throws IOException, InterruptedException {
        return run(command, environment, stdin, timeout, null);
    }

    /** As {@link #run(List, Map, byte[], Duration)}, in {@code directory} (null: this process's). */
    public static Result run(List<String> command, Map<String, String> environment, byte[] stdin, Duration timeout,
            Path directory) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().putAll(environment);
        Process process = builder.start();
        CompletableFuture<byte[]> out = drain(process.getInputStream());
        CompletableFuture<byte[]> err = drain(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        } catch (IOException e) {
            // the process exited without reading its input; its exit code tells the story
        }
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out after " + timeout + ": " + command + "\n" + new String(
                    err.getNow(new byte[0]), StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                new String(err.join(), StandardCharsets.UTF_8));
    }

    /** Runs {@code command} with no input and this process's environment, within {@code timeout}. */
    public static Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        return run(command, Map.of(), null, timeout);
    }

    /** Reads a stream to its end on a thread of its own (the common pool has one thread on two cores). */
    private static CompletableFuture<byte[]> drain(InputStream stream) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try (stream) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                stream.transferTo(bytes);
                result.complete(bytes.toByteArray());
            } catch (IOException e) {
                result.complete(new byte[0]);
            }
        }, "drain");
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    /** Whether an executable exists. */
    public static boolean available(String path) {
        return Files.isExecutable(Path.of(path));
    }
}
