// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests.karaf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.amiko.testkit.PeerProcess;

/**
 * The OpenSSH {@code ssh} client against a server on loopback, as the other itests drive it: a
 * private config ({@code -F /dev/null}), batch mode, an explicit identity, and a known_hosts file
 * holding the server's host keys so the host key is really checked. The keys come from OpenSSH's
 * own {@code ssh-keygen}, so this module needs nothing of Amiko on its class path.
 */
final class OpenSsh {
    static final String SSH = "/usr/bin/ssh";
    static final String SSH_KEYGEN = "/usr/bin/ssh-keygen";
    /** Debian's Python, whose python3-paramiko the console check drives. */
    static final String PYTHON = "/usr/bin/python3";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final int port;
    private final Path identity;
    private final Path knownHosts;

    private OpenSsh(int port, Path identity, Path knownHosts) {
        this.port = port;
        this.identity = identity;
        this.knownHosts = knownHosts;
    }

    /** Creates an unencrypted Ed25519 key pair in {@code directory}; returns the private key file. */
    static Path generateKey(Path directory) throws IOException, InterruptedException {
        return generateKey(directory, "ed25519");
    }

    /** Creates an unencrypted key pair of {@code type} (ssh-keygen's -t) in {@code directory}; returns the private key file. */
    static Path generateKey(Path directory, String type) throws IOException, InterruptedException {
        Path key = directory.resolve("id_" + type);
        PeerProcess.Result result = PeerProcess.run(List.of(SSH_KEYGEN, "-q", "-t", type, "-N", "", "-C",
                "amiko-karaf-itest", "-f", key.toString()), TIMEOUT);
        if (result.exitCode() != 0) {
            throw new IOException("ssh-keygen failed: " + result);
        }
        return key;
    }

    /**
     * A client for {@code 127.0.0.1:port} that trusts exactly the host keys in {@code hostKeyFiles}
     * (OpenSSH {@code .pub} lines).
     */
    static OpenSsh forServer(Path directory, int port, Path identity, List<Path> hostKeyFiles) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (Path file : hostKeyFiles) {
            String[] fields = Files.readString(file, StandardCharsets.US_ASCII).trim().split("\\s+");
            lines.append("[127.0.0.1]:").append(port).append(' ').append(fields[0]).append(' ').append(fields[1])
                    .append('\n');
        }
        Path knownHosts = directory.resolve("known_hosts");
        Files.writeString(knownHosts, lines.toString(), StandardCharsets.US_ASCII);
        return new OpenSsh(port, identity, knownHosts);
    }

    /**
     * Runs {@code remoteCommand} as user {@code tester} with key authentication and extra {@code -o}
     * options. The log level is left at its default so a failed negotiation says why on stderr.
     */
    PeerProcess.Result exec(String remoteCommand, String... options) throws IOException, InterruptedException {
        return execAs("tester", remoteCommand, options);
    }

    /** As {@link #exec}, logging in as {@code user} (the shared authorized_keys file lets the key in as anyone). */
    PeerProcess.Result execAs(String user, String remoteCommand, String... options)
            throws IOException, InterruptedException {
        return execWith(identity, user, remoteCommand, options);
    }

    /** As {@link #execAs}, with the key {@code key} in place of this client's. */
    PeerProcess.Result execWith(Path key, String user, String remoteCommand, String... options)
            throws IOException, InterruptedException {
        List<String> command = command(key, user, options);
        command.add(remoteCommand);
        return PeerProcess.run(command, TIMEOUT);
    }

    /**
     * Runs {@code remoteCommand} as {@code user} logged in by {@code password}, through the peer
     * script {@code script} (paramiko: OpenSSH in batch mode asks for no password); exit status 5
     * when the password is refused, 6 when the server cannot be reached.
     */
    PeerProcess.Result execWithPassword(Path script, String user, String password, String remoteCommand)
            throws IOException, InterruptedException {
        return PeerProcess.run(List.of(PYTHON, script.toString(), "127.0.0.1", Integer.toString(port), user, password,
                knownHosts.toString(), remoteCommand), TIMEOUT);
    }

    /**
     * Runs the Python peer script {@code script} (a test resource) as {@code python3 SCRIPT HOST PORT
     * USER KEY KNOWN_HOSTS}, with this client's key and known hosts, logging in as {@code tester}.
     */
    PeerProcess.Result python(Path script, Duration timeout) throws IOException, InterruptedException {
        return PeerProcess.run(List.of(PYTHON, script.toString(), "127.0.0.1", Integer.toString(port), "tester",
                identity.toString(), knownHosts.toString()), timeout);
    }

    /** Opens the shell on a terminal ({@code ssh -tt}) and types {@code keys}, as they are, in one go. */
    PeerProcess.Result typeInShell(String keys) throws IOException, InterruptedException {
        return PeerProcess.run(command(identity, "tester", "RequestTTY=force"), Map.of(), keys.getBytes(StandardCharsets.UTF_8),
                TIMEOUT);
    }

    private List<String> command(Path key, String user, String... options) {
        List<String> command = new ArrayList<>(List.of(SSH, "-F", "/dev/null", "-p", Integer.toString(port),
                "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "GlobalKnownHostsFile=/dev/null", "-o", "ConnectTimeout=10",
                "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-i", key.toString()));
        for (String option : options) {
            command.add("-o");
            command.add(option);
        }
        command.add(user + "@127.0.0.1");
        return command;
    }
}
