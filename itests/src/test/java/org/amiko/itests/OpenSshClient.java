// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.amiko.keys.KeyFiles;
import org.amiko.keys.PublicKeyLine;
import org.amiko.testkit.PeerProcess;

/**
 * Drives the OpenSSH {@code ssh} client against a server on loopback: a private config
 * ({@code -F /dev/null}), batch mode, a known_hosts file holding the server's keys so the host key
 * is really checked, and an explicit identity.
 */
public final class OpenSshClient {
    public static final String SSH = "/usr/bin/ssh";

    private final Path directory;
    private final int port;
    private final Path knownHosts;

    public OpenSshClient(Path directory, int port, List<KeyPair> hostKeys) throws IOException, GeneralSecurityException {
        this.directory = directory;
        this.port = port;
        this.knownHosts = directory.resolve("known_hosts");
        StringBuilder lines = new StringBuilder();
        for (KeyPair key : hostKeys) {
            lines.append("[127.0.0.1]:").append(port).append(' ')
                    .append(PublicKeyLine.of(key.getPublic(), "").format().trim()).append('\n');
        }
        Files.writeString(knownHosts, lines.toString(), StandardCharsets.US_ASCII);
    }

    /** Writes {@code key} as an OpenSSH private key file and returns its path. */
    public Path identity(String name, KeyPair key) throws IOException, GeneralSecurityException {
        Path file = directory.resolve(name);
        Files.deleteIfExists(file);
        KeyFiles.writeOpenSsh(file, key, name);
        return file;
    }

    /** The ssh command line up to the destination, with extra {@code -o} options. */
    public List<String> command(Path identity, String user, List<String> options) {
        List<String> command = new ArrayList<>(List.of(SSH, "-F", "/dev/null", "-p", Integer.toString(port),
                "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "GlobalKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=20"));
        if (identity != null) {
            command.addAll(List.of("-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-i", identity.toString()));
        }
        for (String option : options) {
            command.add("-o");
            command.add(option);
        }
        command.add(user + "@127.0.0.1");
        return command;
    }

    /**
     * {@code ssh -N -n -v} with key authentication and {@code forwards} ({@code -L ...},
     * {@code -R ...}): no session, only the forwardings. {@code -v} raises the log level past the
     * {@code LogLevel=ERROR} of {@link #command}, so ssh announces on standard error what a test
     * waits for: "channel N: new port-listener" once a {@code -L} port listens ("Local forwarding
     * listening on ..." comes before the bind), "remote forward success for: listen N",
     * "Allocated port N for remote forward", "open failed: ...".
     */
    public List<String> forwarding(Path identity, List<String> forwards, String... options) {
        List<String> command = command(identity, "tester", List.of(options));
        String destination = command.remove(command.size() - 1);
        command.addAll(List.of("-N", "-n", "-v"));
        command.addAll(forwards);
        command.add(destination);
        return command;
    }

    /** Runs a remote command with key authentication. */
    public PeerProcess.Result exec(Path identity, String remoteCommand, String... options)
            throws IOException, InterruptedException {
        List<String> command = command(identity, "tester", List.of(options));
        command.add(remoteCommand);
        return PeerProcess.run(command, Map.of(), null, Duration.ofSeconds(60));
    }

    /**
     * Runs a remote command authenticating by password or keyboard-interactive: OpenSSH reads the
     * secret from an askpass program ({@code SSH_ASKPASS_REQUIRE=force}).
     */
    public PeerProcess.Result execWithSecret(String user, String secret, String method, String remoteCommand)
            throws IOException, InterruptedException {
        Path askpass = directory.resolve("askpass.sh");
        Path secretFile = directory.resolve("secret.txt");
        Files.writeString(secretFile, secret + "\n", StandardCharsets.UTF_8);
        Files.writeString(askpass, "#!/bin/sh\ncat '" + secretFile + "'\n", StandardCharsets.UTF_8);
        askpass.toFile().setExecutable(true);
        List<String> command = command(null, user, List.of("PreferredAuthentications=" + method,
                "PubkeyAuthentication=no", "NumberOfPasswordPrompts=1"));
        command.add(remoteCommand);
        return PeerProcess.run(command, Map.of("SSH_ASKPASS", askpass.toString(), "SSH_ASKPASS_REQUIRE", "force",
                "DISPLAY", ":0"), null, Duration.ofSeconds(60));
    }
}
