// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amiko.keys.KeyFiles;
import org.amiko.keys.PublicKeyLine;

/**
 * The built Felix distribution ({@code distribution/target/amiko}) as a test runs it: a fresh copy
 * ({@link #install}), then {@code bin/amiko} on a port of the test's, whose console lines are
 * collected so a test can wait for one.
 */
final class RunningDistribution implements AutoCloseable {
    private final Process process;
    private final Path home;
    private final int port;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    /** The console lines read so far. */
    final List<String> seen = new ArrayList<>();

    /** A variable in bin/amiko's environment, and so the server's. */
    static final String SERVER_ONLY_VARIABLE = "AMIKO_ITEST_SERVER_ONLY";

    RunningDistribution(Path home, int port) throws IOException {
        this(home, port, "");
    }

    RunningDistribution(Path home, int port, String javaOptions) throws IOException {
        this.home = home;
        this.port = port;
        Path config = home.resolve("etc/org.amiko.sshd.cfg");
        Files.writeString(config, Files.readString(config).replace("port = 2222", "port = " + port));
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/amiko").toString()).redirectErrorStream(true);
        builder.environment().put("JAVA_OPTS", javaOptions);
        // one of the server's own, which no shell=os command should see (AcceptEnvOpenSshTest)
        builder.environment().put(SERVER_ONLY_VARIABLE, "the server's");
        builder.environment().remove("AMIKO_CDS");
        process = builder.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * A fresh copy ({@link #install(Path, KeyPair)}) with the settings changed ({@link #setting},
     * pairs of the shipped line and the wanted one), started on a free port, once it listens.
     */
    static RunningDistribution listening(Path work, KeyPair user, String... shippedAndWanted)
            throws IOException, GeneralSecurityException, InterruptedException {
        Path home = install(work, user);
        for (int i = 0; i < shippedAndWanted.length; i += 2) {
            setting(home, shippedAndWanted[i], shippedAndWanted[i + 1]);
        }
        RunningDistribution server = new RunningDistribution(home, OpenSshServer.freePort());
        try {
            server.await("listening on /127.0.0.1:" + server.port);
            return server;
        } catch (AssertionError | InterruptedException e) {
            server.close();
            throw e;
        }
    }

    /** The port it listens on. */
    int port() {
        return port;
    }

    /** Its home directory. */
    Path home() {
        return home;
    }

    /** OpenSSH's ssh for it, its files in {@code work}, with its host keys on file. */
    OpenSshClient openSsh(Path work) throws IOException, GeneralSecurityException {
        return new OpenSshClient(work, port, hostKeys(home));
    }

    /** Waits for a console line matching {@code pattern}. */
    Matcher await(String pattern) throws InterruptedException {
        Pattern compiled = Pattern.compile(pattern);
        for (String line : seen) {
            Matcher matcher = compiled.matcher(line);
            if (matcher.find()) {
                return matcher;
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                break;
            }
            seen.add(line);
            Matcher matcher = compiled.matcher(line);
            if (matcher.find()) {
                return matcher;
            }
        }
        throw new AssertionError("no console line matching " + pattern + " (process "
                + (process.isAlive() ? "running" : "exited " + process.exitValue()) + ") in:\n"
                + String.join("\n", seen));
    }

    /** Every console line printed so far, those no {@link #await} has read included. */
    List<String> console() {
        lines.drainTo(seen);
        return List.copyOf(seen);
    }

    /** The arguments of the JVM that bin/amiko exec'd (the process is that JVM). */
    List<String> jvmArguments() {
        return List.of(process.info().arguments().orElse(new String[0]));
    }

    int terminate() throws InterruptedException {
        process.destroy();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "bin/amiko did not stop on SIGTERM");
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /**
     * A fresh copy of the built distribution, as unpacked on a new machine: without the state a
     * previous run left (framework cache, logs, class archive, generated host keys and users).
     */
    static Path install(Path work) throws IOException {
        Path built = Path.of(System.getProperty("amiko.distribution", "../distribution/target/amiko"));
        assumeTrue(Files.isExecutable(built.resolve("bin/amiko")), "distribution not built");
        Path home = work.resolve("amiko");
        try (var paths = Files.walk(built)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                String relative = built.relativize(source).toString();
                if (relative.startsWith("data/cache") || relative.startsWith("data/log") || relative.startsWith("data/cds-")
                        || relative.startsWith("etc/ssh_host_") || relative.equals("etc/users.properties")) {
                    continue;
                }
                Path target = home.resolve(relative);
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return home;
    }

    /** A fresh copy (see {@link #install(Path)}) whose authorized_keys lets {@code user}'s key in. */
    static Path install(Path work, KeyPair user) throws IOException, GeneralSecurityException {
        Path home = install(work);
        Files.writeString(home.resolve("etc/authorized_keys"), PublicKeyLine.of(user.getPublic(), "me").format() + "\n",
                StandardOpenOption.APPEND);
        return home;
    }

    /**
     * Replaces the line {@code shipped} of {@code home}'s etc/org.amiko.sshd.cfg with {@code wanted},
     * after checking that the distribution ships it: a test whose setting no longer matches would
     * otherwise run, and pass, against the default.
     */
    static void setting(Path home, String shipped, String wanted) throws IOException {
        Path config = home.resolve("etc/org.amiko.sshd.cfg");
        String settings = Files.readString(config);
        assertTrue(settings.contains(shipped + "\n"), "the shipped default: " + shipped);
        Files.writeString(config, settings.replace(shipped + "\n", wanted + "\n"));
    }

    /** The host keys the first start of {@code home} created, for a known_hosts file. */
    static List<KeyPair> hostKeys(Path home) throws IOException, GeneralSecurityException {
        return List.of(KeyFiles.load(home.resolve("etc/ssh_host_ed25519_key"), null),
                KeyFiles.load(home.resolve("etc/ssh_host_ecdsa_key"), null),
                KeyFiles.load(home.resolve("etc/ssh_host_rsa_key"), null));
    }
}
