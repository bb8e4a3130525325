// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amiko.sftp.server.RootedFileSystem;
import org.amiko.sftp.server.RootedOptions;
import org.amiko.sftp.server.SftpFileSystemFactory;

/**
 * The rooted file system the runtime's SFTP and SCP serve, from {@link SftpSettings}: the root
 * resolved against {@code amiko.home} (as the listener resolves its files) and created if missing.
 *
 * <p>{@code %u} in the root stands for the user name, as in sshd's {@code ChrootDirectory}: each
 * user is then kept in a directory of their own ({@code data/sftp/%u}), which must exist, as sshd's
 * must: a session does not make it, since a key in the shared authorized_keys logs in under any
 * name the client picks. A name that is not a plain file name ({@link #USER_NAME}) gets no session
 * rather than a path, and so does a root whose own part of the path goes through a symbolic link.
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
        Path shared = home.resolve(sharedPart(template)).normalize();
        LOG.log(Level.INFO, "{0} serves {1} for each user ({2}, umask {3})", service, home.resolve(template), description,
                String.format("%03o", options.umask()));
        return (user, transport) -> {
            if (user == null || !USER_NAME.matcher(user).matches()) {
                LOG.log(Level.WARNING, "{0} refused: the user name cannot name a directory of {1}", service, template);
                throw new IOException("the user name cannot name a directory of " + template);
            }
            Path root = home.resolve(expand(template, user)).normalize();
            // a user's own part of the path must be directories, not links a user made while the
            // root was shared (a link to the shared part would show every user's files)
            for (Path part = root; part != null && part.startsWith(shared) && !part.equals(shared); part = part.getParent()) {
                if (Files.isSymbolicLink(part)) {
                    LOG.log(Level.WARNING, "{0} refused for {1}: {2} is a symbolic link", service, user, part);
                    throw new IOException(part + " is a symbolic link");
                }
            }
            if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
                // as sshd's ChrootDirectory, which must exist: a client's name makes no directory
                LOG.log(Level.WARNING, "{0} refused for {1}: there is no directory {2}; make it to let them in",
                        service, user, root);
                throw new IOException("no directory " + root);
            }
            return new RootedFileSystem(root, user, options);
        };
    }

    /** The part of the template before the directory the user name is in: what every user shares. */
    private static String sharedPart(String template) {
        Matcher token = TOKEN.matcher(template);
        while (token.find()) {
            if (token.group().equals("%u")) {
                return template.substring(0, template.lastIndexOf('/', token.start()) + 1);
            }
        }
        return template;
    }

    /**
     * {@code template} with {@code %u} replaced by {@code user} and {@code %%} by {@code %}.
     *
     * @throws IllegalArgumentException for any other token, as sshd refuses them
     */
    private static String expand(String template, String user) {
        return TOKEN.matcher(template).replaceAll(token -> switch (token.group()) {
            case "%u" -> Matcher.quoteReplacement(user);
            case "%%" -> "%";
            default -> throw new IllegalArgumentException("sftpRoot: " + token.group()
                    + " is not a token here (%u, the user name, and %% are): " + template);
        });
    }
}
