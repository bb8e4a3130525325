// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import org.amiko.sftp.server.RootedFileSystem;
import org.amiko.sftp.server.RootedOptions;
import org.amiko.sftp.server.SftpFileSystemFactory;

/**
 * The rooted file system the runtime's SFTP and SCP serve, from {@link SftpSettings}: the root
 * resolved against {@code amiko.home} (as the listener resolves its files) and created if missing.
 */
final class ServedRoot {
    private static final System.Logger LOG = System.getLogger("org.amiko.sftp");

    private ServedRoot() {}

    static SftpFileSystemFactory fileSystems(SftpSettings settings, String service) throws IOException {
        Path home = Path.of(System.getProperty("amiko.home", ".")).toAbsolutePath().normalize();
        Path root = home.resolve(settings.sftpRoot()).normalize();
        Files.createDirectories(root);
        RootedOptions options = new RootedOptions(settings.sftpReadOnly(), RootedOptions.parseUmask(settings.sftpUmask()));
        LOG.log(Level.INFO, "{0} serves {1} ({2}, umask {3})", service, root,
                options.readOnly() ? "read-only" : "read-write", String.format("%03o", options.umask()));
        return RootedFileSystem.factory(root, options);
    }
}
