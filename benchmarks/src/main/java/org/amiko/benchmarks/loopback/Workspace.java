// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.amiko.keys.KeyFiles;
import org.amiko.keys.PublicKeyLine;

/**
 * The harness's files: one Ed25519 host key that all three servers serve (made by
 * {@code ssh-keygen}, so no server's own key code is favoured), one Ed25519 user key, the
 * authorized_keys and known_hosts files, the SFTP directory and the data files, and the command
 * lines of OpenSSH's {@code ssh} and {@code sftp} against a port. Kept under a tmpfs directory
 * so that no disk enters the figures.
 */
public final class Workspace {
    private final Path root;
    private final Path hostKey;
    private final Path userKey;
    private final Path authorizedKeys;
    private final Path knownHosts;
    private final Path sftpDirectory;
    private final String user = System.getProperty("user.name");

    private Workspace(Path root) {
        this.root = root;
        this.hostKey = root.resolve("ssh_host_ed25519_key");
        this.userKey = root.resolve("id_ed25519");
        this.authorizedKeys = root.resolve("authorized_keys");
        this.knownHosts = root.resolve("known_hosts");
        this.sftpDirectory = root.resolve("sftp");
    }

    /** Creates the directory and the keys. */
    public static Workspace create(Path root) throws IOException, InterruptedException {
        Files.createDirectories(root);
        Workspace workspace = new Workspace(root);
        Files.createDirectories(workspace.sftpDirectory);
        for (Path key : List.of(workspace.hostKey, workspace.userKey)) {
            if (!Files.exists(key)) {
                Children.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "bench", "-f", key.toString()), 30);
            }
        }
        Files.copy(workspace.userKey.resolveSibling("id_ed25519.pub"), workspace.authorizedKeys,
                StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(workspace.knownHosts, "", StandardCharsets.US_ASCII);
        return workspace;
    }

    public Path root() {
        return root;
    }

    public Path hostKey() {
        return hostKey;
    }

    public Path userKey() {
        return userKey;
    }

    public Path authorizedKeys() {
        return authorizedKeys;
    }

    public Path sftpDirectory() {
        return sftpDirectory;
    }

    public String user() {
        return user;
    }

    public Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    public Path java() {
        return javaHome().resolve("bin/java");
    }

    public Path jcmd() {
        return javaHome().resolve("bin/jcmd");
    }

    /** The harness's own class path, which holds the server mains too. */
    public String classPath() {
        // under Surefire java.class.path is a manifest-only jar; the build writes the real one
        String written = System.getProperty("benchmarks.classpath");
        if (written != null && Files.isRegularFile(Path.of(written))) {
            try {
                Path classes = Path.of(written).resolveSibling("classes");
                return classes + File.pathSeparator + Files.readString(Path.of(written)).strip();
            } catch (IOException e) {
                // fall back to our own
            }
        }
        return System.getProperty("java.class.path");
    }

    public KeyPair hostKeyPair() throws IOException, GeneralSecurityException {
        return KeyFiles.load(hostKey, null);
    }

    public KeyPair userKeyPair() throws IOException, GeneralSecurityException {
        return KeyFiles.load(userKey, null);
    }

    /** Adds the host key for {@code port} to known_hosts, so ssh really checks it. */
    public synchronized void trust(int port) throws IOException, GeneralSecurityException {
        PublicKey key = hostKeyPair().getPublic();
        String line = "[127.0.0.1]:" + port + " " + PublicKeyLine.of(key, "").format().strip() + "\n";
        Files.writeString(knownHosts, line, StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
    }

    /** A file of {@code size} zero bytes (sparse on tmpfs until read), made once. */
    public Path dataFile(long size) throws IOException {
        Path file = root.resolve("data-" + size);
        if (!Files.exists(file) || Files.size(file) != size) {
            try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
                out.setLength(size);
            }
        }
        return file;
    }

    /**
     * The options both {@code ssh} and {@code sftp} take: no user config, batch mode, our key and
     * known_hosts, the ssh-ed25519 host key and curve25519-sha256 pinned, no compression.
     */
    private List<String> options(String cipher, String mac) {
        List<String> options = new ArrayList<>(List.of("-F", "/dev/null", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                "-i", userKey.toString(), "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "GlobalKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=30",
                "-o", "HostKeyAlgorithms=ssh-ed25519", "-o", "KexAlgorithms=curve25519-sha256", "-o", "Compression=no",
                "-o", "Ciphers=" + cipher));
        if (mac != null) {
            options.addAll(List.of("-o", "MACs=" + mac));
        }
        return options;
    }

    /** {@code ssh ... user@127.0.0.1 COMMAND}; a null command adds {@code -N} (no session). */
    public List<String> ssh(int port, String cipher, String mac, String command, String... extra) {
        List<String> line = new ArrayList<>(List.of("ssh", "-p", Integer.toString(port)));
        line.addAll(options(cipher, mac));
        line.addAll(List.of(extra));
        if (command == null) {
            line.add("-N");
        }
        line.add(user + "@127.0.0.1");
        if (command != null) {
            line.add(command);
        }
        return line;
    }

    /** {@code sftp -b BATCH ... user@127.0.0.1}. */
    public List<String> sftp(int port, String cipher, Path batch) {
        List<String> line = new ArrayList<>(List.of("sftp", "-P", Integer.toString(port), "-b", batch.toString()));
        line.addAll(options(cipher, null));
        line.add(user + "@127.0.0.1");
        return line;
    }

    /** Removes the data files and SFTP leftovers (they sit in memory on tmpfs); keys, logs and recordings stay. */
    public void removeData() {
        try (Stream<Path> files = Files.list(root)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith("data-") || name.startsWith("fetched-")) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            // best effort: the directory is scratch space
        }
        try (Stream<Path> files = Files.list(sftpDirectory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // best effort
        }
    }

    /** Writes a small text file (an sftp batch, a config). */
    public Path write(String name, String text) throws IOException {
        Path file = root.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }
}
