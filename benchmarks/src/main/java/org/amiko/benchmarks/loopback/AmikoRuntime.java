// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real distribution, {@code bin/amiko} (Felix, SCR, ConfigAdmin, FileInstall), copied afresh
 * for each start (or restarted in the copy it left, for the start-up figures) and configured through {@code etc/org.amiko.sshd.cfg} with {@code shell=os}: the
 * shared host key (plus ECDSA and RSA keys made beforehand, so no start pays for key generation),
 * our authorized_keys, and the SFTP subsystem when the amiko-sftp bundle can be found (dropped into
 * {@code deploy/} if the distribution does not ship it yet).
 */
public final class AmikoRuntime implements Server {
    private final Process process;
    private final int port;
    private final Path home;
    private final long startupMillis;
    private final boolean sftp;

    private AmikoRuntime(Workspace workspace, Path distribution, List<String> jvmOptions, String label, boolean fresh)
            throws IOException, GeneralSecurityException, InterruptedException {
        home = workspace.root().resolve("amiko-" + label);
        if (fresh || !Files.isExecutable(home.resolve("bin/amiko"))) {
            copyTree(distribution, home);
        }
        Path etc = home.resolve("etc");
        Files.copy(workspace.hostKey(), etc.resolve("ssh_host_ed25519_key"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(workspace.hostKey().resolveSibling("ssh_host_ed25519_key.pub"), etc.resolve("ssh_host_ed25519_key.pub"),
                StandardCopyOption.REPLACE_EXISTING);
        for (String[] spec : new String[][] {{"ssh_host_ecdsa_key", "ecdsa", "256"}, {"ssh_host_rsa_key", "rsa", "3072"}}) {
            Path made = workspace.root().resolve(spec[0]);
            if (!Files.exists(made)) {
                Children.run(List.of("ssh-keygen", "-q", "-t", spec[1], "-b", spec[2], "-N", "", "-C", "bench", "-f",
                        made.toString()), 60);
            }
            Files.copy(made, etc.resolve(spec[0]), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(made.resolveSibling(spec[0] + ".pub"), etc.resolve(spec[0] + ".pub"), StandardCopyOption.REPLACE_EXISTING);
        }
        sftp = installSftp(home);
        port = OpenSshd.freePort();
        Files.writeString(etc.resolve("org.amiko.sshd.cfg"), "port = " + port + "\n"
                + "address = 127.0.0.1\n"
                + "authorizedKeys = " + workspace.authorizedKeys() + "\n"
                + "shell = os\n"
                + "sftpRoot = " + workspace.sftpDirectory() + "\n");
        Path log = home.resolve("amiko-console.log");
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/amiko").toString()).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", workspace.javaHome().toString());
        builder.environment().put("JAVA_OPTS", String.join(" ", jvmOptions));
        long started = System.nanoTime();
        process = Children.start(builder);
        startupMillis = Ready.awaitBanner(process, port, log, started, 60_000);
        workspace.trust(port);
    }

    /**
     * Starts a fresh copy of {@code distribution} under the workspace.
     *
     * @param label names the copy, so runs with other options keep their logs apart
     */
    public static AmikoRuntime start(Workspace workspace, Path distribution, List<String> jvmOptions, String label)
            throws IOException, GeneralSecurityException, InterruptedException {
        return new AmikoRuntime(workspace, distribution, jvmOptions, label, true);
    }

    /**
     * Starts the copy {@code label} again as it was left (Felix's bundle cache, the class-data
     * sharing archive the previous run recorded when it stopped): a restart, as users meet it after
     * the first start; a fresh copy if there is none yet.
     */
    public static AmikoRuntime restart(Workspace workspace, Path distribution, List<String> jvmOptions, String label)
            throws IOException, GeneralSecurityException, InterruptedException {
        return new AmikoRuntime(workspace, distribution, jvmOptions, label, false);
    }

    /** Where the built distribution is: {@code -Damiko.distribution}, else {@code distribution/target/amiko}. */
    public static Path locate() {
        String configured = System.getProperty("amiko.distribution");
        if (configured != null) {
            return Path.of(configured);
        }
        Path here = Path.of("").toAbsolutePath();
        for (Path candidate : List.of(here.resolve("distribution/target/amiko"), here.resolve("../distribution/target/amiko"))) {
            if (Files.isExecutable(candidate.resolve("bin/amiko"))) {
                return candidate.normalize();
            }
        }
        return here.resolve("distribution/target/amiko");
    }

    /** Milliseconds from starting {@code bin/amiko} until the SSH identification line came back. */
    public long startupMillis() {
        return startupMillis;
    }

    /** Whether an amiko-sftp bundle is installed in this copy. */
    public boolean hasSftp() {
        return sftp;
    }

    @Override
    public String name() {
        return "Amiko";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public long pid() {
        // bin/amiko ends in exec java: the script's process is the JVM
        return process.pid();
    }

    @Override
    public boolean isJvm() {
        return true;
    }

    @Override
    public String sftpPath(String name) {
        return "/" + name;
    }

    @Override
    public void close() {
        Children.end(process, 10_000);
    }

    /** Finds amiko-sftp next to the distribution's bundles, in the reactor or in the local repository. */
    private static boolean installSftp(Path home) throws IOException {
        for (Path folder : List.of(home.resolve("bundle"), home.resolve("deploy"))) {
            try (Stream<Path> files = Files.list(folder)) {
                if (files.anyMatch(file -> file.getFileName().toString().startsWith("amiko-sftp"))) {
                    return true;
                }
            }
        }
        String configured = System.getProperty("amiko.sftp.jar");
        Path distribution = locate();
        List<Path> candidates = new ArrayList<>();
        if (configured != null) {
            candidates.add(Path.of(configured));
        }
        candidates.add(distribution.resolve("../../../bundles/amiko-sftp/target/amiko-sftp-0.1.0-SNAPSHOT.jar").normalize());
        candidates.add(Path.of(System.getProperty("user.home"),
                ".m2/repository/org/amiko/amiko-sftp/0.1.0-SNAPSHOT/amiko-sftp-0.1.0-SNAPSHOT.jar"));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                Files.copy(candidate, home.resolve("deploy/amiko-sftp.jar"), StandardCopyOption.REPLACE_EXISTING);
                return true;
            }
        }
        return false;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isExecutable(from.resolve("bin/amiko"))) {
            throw new IOException("no built distribution at " + from + "; run mvn -o -q install -DskipTests -pl distribution");
        }
        if (Files.exists(to)) {
            try (Stream<Path> old = Files.walk(to)) {
                for (Path path : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path relative = from.relativize(source);
                if (relative.startsWith("data/cache") || relative.startsWith("data/log")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
