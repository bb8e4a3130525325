// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.amiko.benchmarks.Bench;

/**
 * A server main of this jar ({@link MinaServerMain} or {@link AmikoServerMain}) in a JVM of its own,
 * on the harness's JDK and class path, so its CPU and memory are its own.
 */
public final class JavaServer implements Server {
    private final String name;
    private final Process process;
    private final int port;

    private JavaServer(String name, Workspace workspace, List<String> jvmOptions, List<String> mainArgs)
            throws IOException, GeneralSecurityException, InterruptedException {
        this.name = name;
        Path log = workspace.root().resolve(name.toLowerCase(Locale.ROOT).replace(' ', '-') + ".log");
        List<String> command = new ArrayList<>(List.of(workspace.java().toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", workspace.classPath(), Bench.class.getName()));
        command.addAll(mainArgs);
        process = Children.start(new ProcessBuilder(command).redirectError(log.toFile()));
        port = Ready.listeningPort(process, log, 60_000);
        Ready.awaitBanner(process, port, log);
        workspace.trust(port);
    }

    /** Apache MINA SSHD 2.20 with sshd-sftp. */
    public static JavaServer mina(Workspace workspace, List<String> jvmOptions)
            throws IOException, GeneralSecurityException, InterruptedException {
        return new JavaServer("MINA", workspace, jvmOptions, List.of("mina-server", workspace.hostKey().toString(),
                workspace.authorizedKeys().toString(), workspace.sftpDirectory().toString()));
    }

    /** The Amiko engine as a library server with in-process commands. */
    public static JavaServer amiko(Workspace workspace, List<String> jvmOptions)
            throws IOException, GeneralSecurityException, InterruptedException {
        return new JavaServer("Amiko lib", workspace, jvmOptions, List.of("amiko-server", workspace.hostKey().toString(),
                workspace.authorizedKeys().toString()));
    }

    @Override
    public String name() {
        return name;
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
        return true;
    }

    @Override
    public String sftpPath(String file) {
        return "/" + file;
    }

    @Override
    public void close() {
        Children.end(process, 5000);
    }
}
