// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests.karaf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.amiko.testkit.PeerProcess;

/**
 * A throw-away copy of the unpacked Karaf distribution, patched for a test: console SSH on a free
 * loopback port with a user for {@code bin/client}, JMX/RMI on free loopback ports, and pax-url
 * reading only Karaf's {@code system/} folder and the build's repository directory, offline (so
 * nothing comes from the network or from a stale {@code ~/.m2}).
 */
final class KarafInstance implements AutoCloseable {
    private static final String USER = "karaf";
    private static final String PASSWORD = "karaf";
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final Path home;
    private final int consolePort;
    private Process process;
    private Thread shutdownHook;

    private KarafInstance(Path home, int consolePort) {
        this.home = home;
        this.consolePort = consolePort;
    }

    /**
     * Copies {@code distribution} to a fresh {@code work/karaf} and patches its {@code etc/}. A copy,
     * because Karaf keeps what was installed in data/ and etc/: a second build without clean must
     * not start from the first one's state.
     */
    static KarafInstance prepare(Path distribution, Path repository, Path work) throws IOException {
        deleteTree(work);
        Files.createDirectories(work);
        Path home = work.resolve("karaf");
        copyTree(distribution, home);
        KarafInstance karaf = new KarafInstance(home, freePort());
        karaf.patch(repository);
        return karaf;
    }

    Path home() {
        return home;
    }

    Path etc() {
        return home.resolve("etc");
    }

    private void patch(Path repository) throws IOException {
        Path etc = etc();
        // Karaf ships no enabled user; the console admits the "ssh" role only.
        // and for Amiko's jaasRealm: a viewer who may use ssh, and one without the ssh role, whom an
        // sshRole (Amiko's jaasRole) check keeps out
        Files.writeString(etc.resolve("users.properties"), "\n" + USER + " = " + PASSWORD + ",_g_:admingroup\n"
                + "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n"
                + "support = help,viewer,ssh\nwatcher = watch,viewer\n", StandardCharsets.ISO_8859_1,
                StandardOpenOption.APPEND);
        edit(etc.resolve("org.apache.karaf.shell.cfg"), Map.of("sshPort", Integer.toString(consolePort),
                "sshHost", "127.0.0.1"));
        // fixed 1099/44444 would collide with any other Karaf (or a second build) on this machine
        edit(etc.resolve("org.apache.karaf.management.cfg"), Map.of("rmiRegistryPort", Integer.toString(freePort()),
                "rmiServerPort", Integer.toString(freePort())));
        // Karaf's system/ for its own features, the build's repository for Amiko's and the rest;
        // a local repository of its own, so ~/.m2 is never read.
        Files.writeString(etc.resolve("org.ops4j.pax.url.mvn.cfg"), String.join("\n",
                "org.ops4j.pax.url.mvn.offline = true",
                "org.ops4j.pax.url.mvn.useFallbackRepositories = false",
                "org.ops4j.pax.url.mvn.localRepository = ${karaf.data}/m2",
                "org.ops4j.pax.url.mvn.defaultRepositories = "
                        + "${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots, "
                        + repository.toUri() + "@id=amiko.build@snapshots",
                "org.ops4j.pax.url.mvn.repositories =",
                ""), StandardCharsets.ISO_8859_1);
    }

    /** Replaces {@code key = value} lines of a properties file; each key must be present. */
    private static void edit(Path file, Map<String, String> values) throws IOException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        for (Map.Entry<String, String> entry : values.entrySet()) {
            Matcher line = Pattern.compile("^" + Pattern.quote(entry.getKey()) + "\\s*=.*$", Pattern.MULTILINE)
                    .matcher(text);
            if (!line.find()) {
                throw new IOException(entry.getKey() + " not found in " + file);
            }
            text = line.replaceFirst(Matcher.quoteReplacement(entry.getKey() + " = " + entry.getValue()));
        }
        Files.writeString(file, text, StandardCharsets.ISO_8859_1);
    }

    /**
     * Starts Karaf in the background ({@code bin/karaf daemon} execs the JVM, so the process is
     * Karaf itself) and waits until its boot features are installed.
     */
    void start(Duration deadline) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "bin/karaf", "daemon").directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(home.resolve("karaf.out").toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        process = builder.start();
        // if the test JVM is told to stop (Ctrl-C, surefire's timeout), Karaf stops with it
        shutdownHook = new Thread(this::stop, "karaf-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        awaitBoot(deadline);
    }

    /**
     * Karaf announces the end of its boot only as a service (BootFinished), so this polls for it:
     * first the console port (cheap), then the service through the client.
     */
    private void awaitBoot(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        awaitPort(consolePort, deadline);
        String last = "";
        while (System.nanoTime() < deadline) {
            PeerProcess.Result result = client("service:list org.apache.karaf.features.BootFinished");
            if (result.exitCode() == 0 && result.stdout().contains("BootFinished")) {
                return;
            }
            last = result.toString();
            Thread.sleep(500);
        }
        throw new AssertionError("Karaf did not finish booting within " + timeout + "; last client run: " + last
                + "\n" + logTail());
    }

    /** Waits until something accepts connections on loopback {@code port}, or fails at the deadline. */
    void awaitPort(int port, long deadlineNanos) throws InterruptedException {
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("Karaf exited with " + process.exitValue() + "\n" + logTail());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadlineNanos) {
                    throw new AssertionError("nothing listens on 127.0.0.1:" + port + "\n" + logTail());
                }
                Thread.sleep(200);
            }
        }
    }

    /** Runs console commands through {@code bin/client} in batch mode (commands on stdin). */
    PeerProcess.Result client(String... commands) throws IOException, InterruptedException {
        List<String> command = List.of("/bin/sh", "bin/client", "-a", Integer.toString(consolePort), "-h", "127.0.0.1",
                "-u", USER, "-p", PASSWORD, "-b");
        byte[] stdin = (String.join("\n", commands) + "\n").getBytes(StandardCharsets.UTF_8);
        return PeerProcess.run(command, Map.of("JAVA_HOME", System.getProperty("java.home")), stdin, CLIENT_TIMEOUT,
                home);
    }

    /**
     * Waits until Karaf's own console answers {@code bin/client} again: a feature install that
     * refreshes Karaf's SSH server (its MINA bundles) leaves it without a session for a moment
     * ("Failed to get the session."), with no event to wait on.
     */
    void awaitConsole(long deadlineNanos) throws IOException, InterruptedException {
        while (true) {
            PeerProcess.Result probe = client("echo console-ready");
            if (probe.exitCode() == 0 && probe.stdout().contains("console-ready")) {
                return;
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new AssertionError("Karaf's console does not answer: " + probe + "\n" + logTail());
            }
            Thread.sleep(500);
        }
    }

    /** The end of Karaf's log, for failure messages. */
    String logTail() {
        Path log = home.resolve("data/log/karaf.log");
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "--- " + log + " (tail)\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 60),
                    lines.size()));
        } catch (IOException e) {
            return "(no " + log + ")";
        }
    }

    /** Stops Karaf: SIGTERM runs its shutdown hook; after a deadline it is killed. */
    @Override
    public void close() {
        stop();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting and runs the hook itself
            }
        }
    }

    private void stop() {
        Process karaf = process;
        if (karaf == null || !karaf.isAlive()) {
            return;
        }
        List<ProcessHandle> children = karaf.descendants().toList();
        karaf.destroy();
        try {
            if (!karaf.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                karaf.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            karaf.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** A port nothing listens on right now (a small race, acceptable on loopback in a test). */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            paths.forEach(source -> {
                try {
                    // COPY_ATTRIBUTES keeps the scripts' execute bits
                    Files.copy(source, to.resolve(from.relativize(source).toString()),
                            StandardCopyOption.COPY_ATTRIBUTES);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
