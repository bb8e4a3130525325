// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.amiko.sftp.server.RootedFileSystem;
import org.amiko.sftp.server.RootedOptions;
import org.amiko.sftp.server.SftpFileSystemFactory;

/**
 * The rooted file system the runtime's SFTP and SCP serve, from {@link SftpSettings}: the root
 * resolved against {@code amiko.home} (as the listener resolves its files) and created if missing.
 *
 * <p>{@code %u} in the root stands for the user name, as in sshd's {@code ChrootDirectory}: each
 * user is then kept in a directory of their own ({@code data/sftp/%u}), made at their first session.
 * Since a key in authorized_keys logs in under any name, the name is the client's choice: one that
 * is not a plain file name ({@link #USER_NAME}) gets no session rather than a path.
 */
final class ServedRoot {
    private static final System.Logger LOG = System.getLogger("org.amiko.sftp");
    /** The user token of sshd's ChrootDirectory; {@code %%} is a percent sign. */
    private static final Pattern TOKEN = Pattern.compile("%.?");
    /** User names that can name a directory: no separator, no leading dot (so no {@code ..}), no control character. */
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9_@+-][A-Za-z0-9._@+-]{0,63}");

    private ServedRoot() {}

    static SftpFileSystemFactory fileSystems(SftpSettings settings, String service) throws IOException {
        Path home = Path.of(System.getProperty("amiko.home", ".")).toAbsolutePath().normalize();
        RootedOptions options = new RootedOptions(settings.sftpReadOnly(), RootedOptions.parseUmask(settings.sftpUmask()));
        String template = settings.sftpRoot();
        String description = options.readOnly() ? "read-only" : "read-write";
        if (!TOKEN.matcher(template).find()) {
            Path root = home.resolve(template).normalize();
            Files.createDirectories(root);
            LOG.log(Level.INFO, "{0} serves {1} ({2}, umask {3})", service, root, description,
                    String.format("%03o", options.umask()));
            return RootedFileSystem.factory(root, options);
        }
        // checked now: a bad token is a configuration error, not a refused session
        expand(template, "user");
        LOG.log(Level.INFO, "{0} serves {1} for each user ({2}, umask {3})", service, home.resolve(template), description,
                String.format("%03o", options.umask()));
        return (user, transport) -> {
            if (user == null || !USER_NAME.matcher(user).matches()) {
                throw new IOException("the user name cannot name a directory of " + template);
            }
            Path root = home.resolve(expand(template, user)).normalize();
            Files.createDirectories(root);
            return new RootedFileSystem(root, user, options);
        };
    }

    /**
     * {@code template} with {@code %u} replaced by {@code user} and {@code %%} by {@code %}.
     *
     * @throws IllegalArgumentException for any other token, as sshd refuses them
     */
    private static String expand(String template, String user) {
        return TOKEN.matcher(template).replaceAll(token -> switch (token.group()) {
            case "%u" -> java.util.regex.Matcher.quoteReplacement(user);
            case "%%" -> "%";
            default -> throw new IllegalArgumentException("sftpRoot: " + token.group()
                    + " is not a token here (%u, the user name, and %% are): " + template);
        });
    }
}
