// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.List;
import java.nio.file.Path;
import java.util.Objects;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.server.UserPaths;
import org.amiko.server.SubsystemHandler;
import org.amiko.sftp.internal.server.SessionLog;
import org.amiko.sftp.internal.server.SftpServerSession;
import org.amiko.spi.wire.PeerText;

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

    private static final System.Logger LOG = System.getLogger("org.amiko.sftp");

    private final SftpFileSystemFactory fileSystems;
    private final SftpServerOptions options;

    private SftpSubsystem(SftpFileSystemFactory fileSystems, SftpServerOptions options) {
        this.fileSystems = Objects.requireNonNull(fileSystems);
        this.options = Objects.requireNonNull(options);
    }

    /** Serves the file systems {@code fileSystems} makes, one per session. */
    public static SftpSubsystem of(SftpFileSystemFactory fileSystems) {
        return new SftpSubsystem(fileSystems, SftpServerOptions.DEFAULTS);
    }

    /**
     * Serves the file systems {@code fileSystems} makes with sftp-server's options for every session,
     * as sshd's {@code Subsystem sftp internal-sftp -l INFO}; the arguments a session is started
     * with go on top ({@link SftpServerOptions#with}).
     */
    public static SftpSubsystem of(SftpFileSystemFactory fileSystems, SftpServerOptions options) {
        return new SftpSubsystem(fileSystems, options);
    }

    /**
     * Serves {@code root} as {@code /} through a {@link RootedFileSystem}.
     *
     * @throws IOException if {@code root} is not an existing directory
     */
    public static SftpSubsystem rooted(Path root, RootedOptions options) throws IOException {
        return of(RootedFileSystem.factory(root, options));
    }

    @Override
    public void startSubsystem(String name, Transport transport, Channel channel) throws IOException {
        serve(options, transport, channel);
    }

    /**
     * Serves a session with sftp-server's options on top of this subsystem's: what sshd passes
     * from a login's {@code ForceCommand internal-sftp -R}.
     *
     * @throws IOException for options sftp-server would not take, or that this one cannot honour;
     *     the session is not served
     */
    @Override
    public void startSubsystem(String name, List<String> arguments, Transport transport, Channel channel)
            throws IOException {
        SftpServerOptions session;
        try {
            session = options.with(arguments);
        } catch (IllegalArgumentException e) {
            // the operator's words, not the client's: a misspelt -R must not serve the login read-write
            refused(transport.getUsername(), e.getMessage());
            exitStatus(channel, 1);
            throw new IOException(e.getMessage(), e);
        }
        serve(session, transport, channel);
    }

    private static void refused(String user, String why) {
        LOG.log(Level.WARNING, "sftp refused for {0}: {1}", PeerText.printable(user, 64), why);
    }

    private void serve(SftpServerOptions session, Transport transport, Channel channel) throws IOException {
        String user = transport.getUsername();
        int status = 1;
        try {
            SftpFileSystem fileSystem = session.umask().isPresent()
                    ? fileSystems.open(user, transport, session.umask().getAsInt())
                    : fileSystems.open(user, transport);
            SftpServerSession served;
            SessionLog log;
            try {
                String start = startDirectory(session, fileSystem, user);
                log = SessionLog.of(session);
                served = new SftpServerSession(fileSystem, channel.getInputStream(), channel.getOutputStream(),
                        sendsDraftSymlinkOrder(transport.getRemoteVersion()), session, log, start);
            } catch (IOException | RuntimeException e) {
                refused(user, e.getMessage());
                fileSystem.close();
                throw e;
            }
            InetSocketAddress peer = transport.getPeerName();
            String from = peer == null || peer.getAddress() == null ? "UNKNOWN" : peer.getAddress().getHostAddress();
            log.info("session opened for local user " + PeerText.printable(user, 64) + " from [" + from + "]");
            try {
                served.run(); // closes the file system when it ends
                status = 0;
            } finally {
                log.info("session closed for local user " + PeerText.printable(user, 64) + " from [" + from + "]");
            }
        } finally {
            exitStatus(channel, status);
        }
    }

    /**
     * sftp-server's {@code -d}, expanded as it expands it: {@code %d} and a leading {@code ~} are the
     * user's home (where relative paths start without it), {@code %u} the user, {@code %%} a percent.
     * {@code %U} (a user id) and {@code ~user} have no meaning for users who are not the operating
     * system's: the first refuses the session, the second is a directory name like any other.
     *
     * @throws IOException for {@code %u} and a user name that is not a plain file name, which could
     *     lead elsewhere ({@code ../bob}), as {@link UserPaths} refuses it for {@code sftpRoot}
     */
    static String startDirectory(SftpServerOptions session, SftpFileSystem fileSystem, String user) throws IOException {
        if (session.startDirectory().isEmpty()) {
            return null;
        }
        String template = session.startDirectory().get();
        String home = fileSystem.realpath(".");
        if (template.equals("~") || template.startsWith("~/")) {
            template = home + template.substring(1);
        }
        StringBuilder expanded = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '%') {
                expanded.append(c);
                continue;
            }
            char token = i + 1 < template.length() ? template.charAt(++i) : ' ';
            switch (token) {
                case 'd' -> expanded.append(home);
                case 'u' -> {
                    if (!UserPaths.isPlainName(user)) {
                        throw new IOException("internal-sftp: -d " + template + ": the user name is not a plain file name");
                    }
                    expanded.append(user);
                }
                case '%' -> expanded.append('%');
                default -> throw new IOException("internal-sftp: -d " + template + ": unknown %" + token
                        + " (this server expands %d, %u and %%)");
            }
        }
        return expanded.toString();
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
