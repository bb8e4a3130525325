// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.server.SubsystemHandler;
import org.amiko.sftp.internal.server.SftpServerSession;

/**
 * The {@code sftp} subsystem (RFC 4254 section 6.5): SFTP version 3 (draft-ietf-secsh-filexfer-02)
 * with the OpenSSH extensions (OpenSSH PROTOCOL section 4) over an {@link SftpFileSystem} made per
 * session. Outside OSGi, register it on a server:
 *
 * <pre>{@code
 * SshServer.builder()...
 *     .subsystem("sftp", SftpSubsystem.rooted(Path.of("/srv/sftp"), RootedOptions.DEFAULTS))
 *     .start();
 * }</pre>
 *
 * In OSGi the bundle registers one configured from PID {@code org.amiko.sshd}.
 *
 * <p>{@code SSH_FXP_SYMLINK} arguments are taken in OpenSSH's order (target, then link; PROTOCOL
 * section 4.1), which OpenSSH, paramiko, PuTTY and Amiko's client send, except from clients that
 * send the draft's order to servers not named OpenSSH (AsyncSSH, recognised by its version string).
 */
public final class SftpSubsystem implements SubsystemHandler {
    /** The subsystem name clients ask for. */
    public static final String NAME = "sftp";

    private final SftpFileSystemFactory fileSystems;

    private SftpSubsystem(SftpFileSystemFactory fileSystems) {
        this.fileSystems = Objects.requireNonNull(fileSystems);
    }

    /** Serves the file systems {@code fileSystems} makes, one per session. */
    public static SftpSubsystem of(SftpFileSystemFactory fileSystems) {
        return new SftpSubsystem(fileSystems);
    }

    /**
     * Serves {@code root} as {@code /} through a {@link RootedFileSystem}.
     *
     * @throws IOException if {@code root} is not an existing directory
     */
    public static SftpSubsystem rooted(Path root, RootedOptions options) throws IOException {
        return new SftpSubsystem(RootedFileSystem.factory(root, options));
    }

    @Override
    public void startSubsystem(String name, Transport transport, Channel channel) throws IOException {
        SftpFileSystem fileSystem = fileSystems.open(transport.getUsername(), transport);
        int status = 1;
        try {
            new SftpServerSession(fileSystem, channel.getInputStream(), channel.getOutputStream(),
                    sendsDraftSymlinkOrder(transport.getRemoteVersion())).run();
            status = 0;
        } finally {
            exitStatus(channel, status);
        }
    }

    /**
     * Whether a client sends {@code SSH_FXP_SYMLINK} as the draft says. AsyncSSH does so unless the
     * server's version names OpenSSH or paramiko; the others follow OpenSSH whoever the server is.
     */
    static boolean sendsDraftSymlinkOrder(String clientVersion) {
        return clientVersion != null && clientVersion.contains("AsyncSSH");
    }

    /**
     * Ends the channel as sshd ends one whose {@code sftp-server} exited: {@code exit-status}, then
     * EOF (in that order, see {@link Channel#sendExitStatus}). OpenSSH's {@code scp} (SFTP mode)
     * fails a transfer when its ssh reports no exit status; the runtime only closes the channel
     * after a subsystem returns.
     */
    private static void exitStatus(Channel channel, int status) {
        try {
            channel.sendExitStatus(status);
            channel.shutdownOutput();
        } catch (IOException e) {
            // the client closed the channel first: no one is left to tell
        }
    }
}
