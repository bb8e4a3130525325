// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.amiko.testkit.PeerProcess;

/** A real OpenSSH {@code ssh-agent} of the test's own, on a socket in the test's directory. */
final class SshAgentProcess implements AutoCloseable {
    static final String SSH_AGENT = "/usr/bin/ssh-agent";
    static final String SSH_ADD = "/usr/bin/ssh-add";

    private final Process process;
    private final Path socket;

    private SshAgentProcess(Process process, Path socket) {
        this.process = process;
        this.socket = socket;
    }

    /** Whether ssh-agent and ssh-add are installed. */
    static boolean available() {
        return PeerProcess.available(SSH_AGENT) && PeerProcess.available(SSH_ADD);
    }

    /**
     * Starts an agent in the foreground, its socket and log in {@code directory}, and returns once
     * the socket is there: the agent makes it before it serves, and the directory's watch service
     * says when.
     */
    static SshAgentProcess start(Path directory) throws IOException, InterruptedException {
        Path socket = directory.resolve("agent.sock");
        try (WatchService watcher = directory.getFileSystem().newWatchService()) {
            directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
            Process process = new ProcessBuilder(SSH_AGENT, "-D", "-a", socket.toString()).redirectErrorStream(true)
                    .redirectOutput(directory.resolve("agent.log").toFile()).start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!Files.exists(socket)) {
                WatchKey key = watcher.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (key == null || !process.isAlive()) {
                    process.destroy();
                    fail("ssh-agent did not create its socket: " + Files.readString(directory.resolve("agent.log")));
                }
                key.pollEvents();
                key.reset();
            }
            return new SshAgentProcess(process, socket);
        }
    }

    Path socket() {
        return socket;
    }

    /** {@code ssh-add [options] identity} against this agent; fails the test if ssh-add does. */
    void add(Path identity, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(SSH_ADD));
        command.addAll(List.of(options));
        command.add(identity.toString());
        PeerProcess.Result added = PeerProcess.run(command, Map.of("SSH_AUTH_SOCK", socket.toString()), null,
                Duration.ofSeconds(20));
        assertEquals(0, added.exitCode(), added::toString);
    }

    @Override
    public void close() {
        process.destroy();
    }
}
