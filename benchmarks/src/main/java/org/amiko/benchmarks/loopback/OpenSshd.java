// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * OpenSSH's {@code sshd} run by the harness with a private configuration (as the itests'
 * {@code OpenSshServer}): its own port, the shared host key, our authorized_keys, {@code internal-sftp},
 * and {@code SetEnv SHLVL=1} so root's login shell skips a slow {@code .bashrc}. MaxStartups is raised
 * so the parallel and idle-session runs are not dropped by its unauthenticated-connection limit.
 * Needs root and {@code /run/sshd}.
 */
public final class OpenSshd implements Server {
    public static final String SSHD = "/usr/sbin/sshd";

    private final Process process;
    private final int port;
    private final Workspace workspace;

    private OpenSshd(Workspace workspace) throws IOException, GeneralSecurityException, InterruptedException {
        this.workspace = workspace;
        Files.createDirectories(Path.of("/run/sshd"));
        port = freePort();
        Path directory = workspace.root().resolve("openssh");
        Files.createDirectories(directory);
        String config = "Port " + port + "\n"
                + "ListenAddress 127.0.0.1\n"
                + "HostKey " + workspace.hostKey() + "\n"
                + "AuthorizedKeysFile " + workspace.authorizedKeys() + "\n"
                + "PidFile " + directory.resolve("sshd.pid") + "\n"
                + "UsePAM no\nStrictModes no\nPermitRootLogin yes\nPasswordAuthentication no\n"
                + "KbdInteractiveAuthentication no\nPubkeyAuthentication yes\nSetEnv SHLVL=1\nLogLevel ERROR\n"
                + "MaxStartups 300\nMaxSessions 20\nUseDNS no\n"
                + "Subsystem sftp internal-sftp\n";
        Path file = workspace.write("openssh/sshd_config", config);
        process = Children.start(new ProcessBuilder(SSHD, "-D", "-e", "-f", file.toString()).redirectErrorStream(true)
                .redirectOutput(directory.resolve("sshd.log").toFile()));
        Ready.awaitBanner(process, port, directory.resolve("sshd.log"));
        workspace.trust(port);
    }

    public static OpenSshd start(Workspace workspace) throws IOException, GeneralSecurityException, InterruptedException {
        return new OpenSshd(workspace);
    }

    /** Whether sshd can run here (installed, and we are root). */
    public static boolean available() {
        return Files.isExecutable(Path.of(SSHD)) && "root".equals(System.getProperty("user.name"));
    }

    @Override
    public String name() {
        return "OpenSSH";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public boolean isJvm() {
        return false;
    }

    @Override
    public String sftpPath(String name) {
        // internal-sftp without ChrootDirectory sees the real file system
        return workspace.sftpDirectory().resolve(name).toString();
    }

    @Override
    public void close() {
        Children.end(process, 5000);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
