// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.amiko.Transport;
import org.amiko.server.UserPaths;
import org.amiko.sftp.server.RootedFileSystem;
import org.amiko.sftp.server.RootedOptions;
import org.amiko.sftp.server.SftpFileSystem;
import org.amiko.sftp.server.SftpFileSystemFactory;

/**
 * The rooted file system the runtime's SFTP and SCP serve, from {@link SftpSettings}: the root
 * resolved against {@code amiko.home} (as the listener resolves its files) and created if missing.
 *
 * <p>{@code %u} in the root stands for the user name, as in sshd's {@code ChrootDirectory}: each
 * user is then kept in a directory of their own ({@code data/sftp/%u}), which must exist, as sshd's
 * must: a session does not make it, since a key in the shared authorized_keys logs in under any
 * name the client picks. A name that is not a plain file name gets no session rather than a path,
 * and so does a root whose own part of the path goes through a symbolic link ({@link UserPaths}).
 */
final class ServedRoot {
    private static final System.Logger LOG = System.getLogger("org.amiko.sftp");

    private ServedRoot() {}

    static SftpFileSystemFactory fileSystems(SftpSettings settings, String service) throws IOException {
        Path home = Path.of(System.getProperty("amiko.home", ".")).toAbsolutePath().normalize();
        RootedOptions options = new RootedOptions(settings.sftpReadOnly(), RootedOptions.parseUmask(settings.sftpUmask()));
        String template = settings.sftpRoot();
        String description = options.readOnly() ? "read-only" : "read-write";
        String umask = String.format("%03o", options.umask());
        if (!UserPaths.perUser(template)) {
            Path root = home.resolve(UserPaths.expand(template, "")).normalize();
            Files.createDirectories(root);
            LOG.log(Level.INFO, "{0} serves {1} ({2}, umask {3})", service, root, description, umask);
            return RootedFileSystem.factory(root, options);
        }
        LOG.log(Level.INFO, "{0} serves {1} for each user ({2}, umask {3})", service, home.resolve(template), description,
                umask);
        return new SftpFileSystemFactory() {
            @Override
            public SftpFileSystem open(String user, Transport transport) throws IOException {
                return open(user, transport, options.umask());
            }

            @Override
            public SftpFileSystem open(String user, Transport transport, int umask) throws IOException {
                return new RootedFileSystem(userRoot(home, template, user, service), user, options.withUmask(umask));
            }
        };
    }

    /** A user's root from a {@code %u} template: it must exist, and be no symbolic link. */
    private static Path userRoot(Path home, String template, String user, String service) throws IOException {
        Path root;
        try {
            root = UserPaths.resolve(home, template, user);
        } catch (IOException e) {
            // the name is the client's: said only when it is a plain one
            LOG.log(Level.WARNING, "{0} refused{1}: {2}", service, UserPaths.isPlainName(user) ? " for " + user : "",
                    e.getMessage());
            throw e;
        }
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            // as sshd's ChrootDirectory, which must exist: a client's name makes no directory
            LOG.log(Level.WARNING, "{0} refused for {1}: there is no directory {2}; make it to let them in",
                    service, user, root);
            throw new IOException("no directory " + root);
        }
        return root;
    }
}
