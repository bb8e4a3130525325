// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Function;
import org.amiko.keys.AuthorizedKeys;
import org.amiko.server.UserPaths;

/**
 * The {@code authorizedKeys} setting, as sshd's {@code AuthorizedKeysFile}: a file whose keys
 * log in under any user name (the appliance's way), or, with {@code %u} in the path
 * ({@code etc/keys/%u}), a file per user whose keys log in under that user's name only, which is
 * what makes a {@code user} match block or a per-user SFTP root hold for key logins. As sshd's, it
 * may list several files, separated by spaces ({@code "a path with spaces"} in double quotes),
 * whose keys count together. A file alone that cannot be read lets no key in; in a list, as in
 * sshd, its keys do not count and the others' do.
 *
 * <p>A per-user file is read at each attempt, as sshd reads it, so an edit holds from the next
 * one. The user name comes from the client: a name that is not a plain file name, a path whose
 * user part goes through a symbolic link, and anything but a regular file (a FIFO would hold the
 * worker) give no keys, as sshd's {@code auth_openfile} refuses them ({@link UserPaths}).
 */
final class AuthorizedKeysFile {
    private static final System.Logger LOG = System.getLogger("org.amiko.sshd");

    private AuthorizedKeysFile() {}

    /**
     * The keys of a user, as the setting says (one file, or sshd's list of files separated by
     * spaces, whose keys count together): a function that may throw {@link UncheckedIOException}
     * when a file alone is there but cannot be read (one in a list gives no keys and a warning).
     *
     * @throws IllegalArgumentException for a token other than {@code %u} and {@code %%}
     */
    static Function<String, AuthorizedKeys> of(Path home, String setting) {
        List<String> files = files(setting);
        if (files.size() > 1) {
            // sshd's list: each file in turn, the shared ones for any name, the %u ones for theirs
            List<Function<String, AuthorizedKeys>> each = files.stream().map(file -> one(home, file)).toList();
            return user -> AuthorizedKeys.concat(each.stream().map(keys -> readableOrNone(keys, user)).toList());
        }
        return one(home, files.get(0));
    }

    /**
     * One file's keys in a list, or none when it cannot be read, said on the console: as sshd goes
     * on to the list's next file when it cannot open one ({@code auth_openfile}), so the others'
     * keys still count.
     */
    private static AuthorizedKeys readableOrNone(Function<String, AuthorizedKeys> file, String user) {
        try {
            return file.apply(user);
        } catch (UncheckedIOException e) {
            LOG.log(Level.WARNING, "cannot read the authorized keys file, the others in the list count: {0}",
                    e.getCause().getMessage());
            return AuthorizedKeys.none();
        }
    }

    /**
     * The files of the setting shared by every user (those without {@code %u}) that do not exist:
     * no key logs in by them until they do, which a misspelt path would otherwise leave unsaid.
     */
    static List<Path> missingSharedFiles(Path home, String setting) {
        return files(setting).stream().filter(file -> !UserPaths.perUser(file))
                .map(file -> home.resolve(UserPaths.expand(file, ""))).filter(Files::notExists).toList();
    }

    /**
     * The files of the setting, as sshd's configuration reads an {@code AuthorizedKeysFile} line
     * ({@link LoginSettings#words}: a path in quotes taken whole).
     *
     * @throws IllegalArgumentException for a quote left open, no file, or {@code none} in a list
     *     (sshd: "none" must appear alone), or a token other than {@code %u} and {@code %%}
     */
    static List<String> files(String setting) {
        List<String> files = LoginSettings.words("authorizedKeys", setting);
        if (files.isEmpty() || files.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("authorizedKeys: no file in \"" + setting + "\"");
        }
        if (files.size() > 1 && files.stream().anyMatch(file -> file.equalsIgnoreCase("none"))) {
            throw new IllegalArgumentException("authorizedKeys: none must stand alone, not in a list: " + setting);
        }
        files.forEach(UserPaths::perUser);
        return List.copyOf(files);
    }

    private static Function<String, AuthorizedKeys> one(Path home, String setting) {
        if (!UserPaths.perUser(setting)) {
            ReloadingFile<AuthorizedKeys> shared = new ReloadingFile<>(home.resolve(UserPaths.expand(setting, "")),
                    AuthorizedKeys::load);
            return user -> shared.current();
        }
        return user -> {
            Path file;
            try {
                file = UserPaths.resolve(home, setting, user);
            } catch (IOException e) {
                if (UserPaths.isPlainName(user)) {
                    LOG.log(Level.WARNING, "no keys for {0}: {1}", user, e.getMessage());
                }
                return AuthorizedKeys.none();
            }
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return AuthorizedKeys.none();
            }
            // not through a link that appeared since the check
            try (Reader reader = Channels.newReader(Files.newByteChannel(file, StandardOpenOption.READ,
                    LinkOption.NOFOLLOW_LINKS), StandardCharsets.UTF_8)) {
                return AuthorizedKeys.parse(reader);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
