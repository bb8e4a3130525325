// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.amiko.keys.KeyFiles;
import org.amiko.keys.PublicKeyLine;
import org.amiko.testkit.PeerProcess;

/**
 * A real OpenSSH {@code sshd}, run by the test as its own process on a free loopback port with a
 * private configuration, host keys of every type and an authorized_keys file of the test's.
 * Needs root (privilege separation) and the directory {@code /run/sshd}.
 */
public final class OpenSshServer implements AutoCloseable {
    public static final String SSHD = "/usr/sbin/sshd";

    private final Process process;
    private final int port;
    private final List<PublicKey> hostKeys = new ArrayList<>();

    private OpenSshServer(Path directory, List<KeyPair> authorized, Map<String, String> environment,
            PrivateMounts mounts, List<String> extraConfig)
            throws IOException, GeneralSecurityException, InterruptedException {
        Files.createDirectories(Path.of("/run/sshd"));
        port = freePort();
        StringBuilder config = new StringBuilder();
        config.append("Port ").append(port).append("\nListenAddress 127.0.0.1\n");
        int index = 0;
        for (KeyPair key : TestServer.hostKeys()) {
            Path file = directory.resolve("ssh_host_key_" + index++);
            Files.deleteIfExists(file);
            KeyFiles.writeOpenSsh(file, key, "test host key");
            config.append("HostKey ").append(file).append('\n');
            hostKeys.add(key.getPublic());
        }
        StringBuilder keys = new StringBuilder();
        for (KeyPair key : authorized) {
            keys.append(PublicKeyLine.of(key.getPublic(), "tester").format()).append('\n');
        }
        Path authorizedKeys = directory.resolve("authorized_keys");
        Files.writeString(authorizedKeys, keys.toString(), StandardCharsets.US_ASCII);
        config.append("AuthorizedKeysFile ").append(authorizedKeys).append('\n');
        config.append("PidFile ").append(directory.resolve("sshd.pid")).append('\n');
        config.append("""
                UsePAM no
                StrictModes no
                PermitRootLogin yes
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                PubkeyAuthentication yes
                SetEnv SHLVL=1
                LogLevel ERROR
                """);
        extraConfig.forEach(line -> config.append(line).append('\n'));
        Path configFile = directory.resolve("sshd_config");
        Files.writeString(configFile, config.toString(), StandardCharsets.US_ASCII);
        List<String> command = List.of(SSHD, "-D", "-e", "-f", configFile.toString());
        ProcessBuilder builder = new ProcessBuilder(mounts == null ? command : mounts.wrap(command))
                .redirectErrorStream(true).redirectOutput(directory.resolve("sshd.log").toFile());
        builder.environment().putAll(environment);
        process = builder.start();
        Daemons.awaitListening(process, "sshd", port, directory.resolve("sshd.log"));
    }

    /** Starts sshd trusting {@code authorized} user keys. */
    public static OpenSshServer start(Path directory, List<KeyPair> authorized, String... extraConfig)
            throws IOException, GeneralSecurityException, InterruptedException {
        return new OpenSshServer(directory, authorized, Map.of(), null, List.of(extraConfig));
    }

    /** Starts sshd in a mount namespace of its own, which shows it {@code mounts}. */
    static OpenSshServer start(Path directory, PrivateMounts mounts, String... extraConfig)
            throws IOException, GeneralSecurityException, InterruptedException {
        return new OpenSshServer(directory, List.of(), Map.of(), mounts, List.of(extraConfig));
    }

    /** Starts sshd with {@code environment} added to its own (Kerberos' KRB5_CONFIG and KRB5_KTNAME, say). */
    public static OpenSshServer start(Path directory, List<KeyPair> authorized, Map<String, String> environment,
            String... extraConfig) throws IOException, GeneralSecurityException, InterruptedException {
        return new OpenSshServer(directory, authorized, environment, null, List.of(extraConfig));
    }

    /** Whether sshd can run here (installed, and we are root). */
    public static boolean available() {
        return PeerProcess.available(SSHD) && "root".equals(System.getProperty("user.name"));
    }

    public int port() {
        return port;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** The host keys sshd serves. */
    public List<PublicKey> hostKeys() {
        return hostKeys;
    }

    @Override
    public void close() {
        Daemons.stop(process);
    }


    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
