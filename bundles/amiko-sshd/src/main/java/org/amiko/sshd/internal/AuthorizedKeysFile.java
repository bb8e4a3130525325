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
 * The {@code authorizedKeys} setting, as sshd's {@code AuthorizedKeysFile}: one file whose keys
 * log in under any user name (the appliance's way), or, with {@code %u} in the path
 * ({@code etc/keys/%u}), a file per user whose keys log in under that user's name only, which is
 * what makes a {@code user} match block or a per-user SFTP root hold for key logins.
 *
 * <p>A per-user file is read at each attempt, as sshd reads it, so an edit holds from the next
 * one. The user name comes from the client: a name that is not a plain file name, a path whose
 * user part goes through a symbolic link, and anything but a regular file (a FIFO would hold the
 * worker) give no keys, as sshd's {@code auth_openfile} refuses them ({@link UserPaths}).
 */
final class AuthorizedKeysFile {
    private static final System.Logger LOG = System.getLogger("org.amiko.sshd");
    private static final AuthorizedKeys NONE = AuthorizedKeys.parse("");

    private AuthorizedKeysFile() {}

    /**
     * The keys of a user, as the setting says (one file, or sshd's list of files separated by
     * spaces, whose keys count together): a function that may throw {@link UncheckedIOException}
     * when a file is there but cannot be read.
     *
     * @throws IllegalArgumentException for a token other than {@code %u} and {@code %%}
     */
    static Function<String, AuthorizedKeys> of(Path home, String setting) {
        List<String> files = List.of(setting.strip().split("\\s+"));
        if (files.size() > 1) {
            // sshd's list: each file in turn, the shared ones for any name, the %u ones for theirs
            List<Function<String, AuthorizedKeys>> each = files.stream().map(file -> one(home, file)).toList();
            return user -> AuthorizedKeys.concat(each.stream().map(keys -> keys.apply(user)).toList());
        }
        return one(home, setting.strip());
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
                return NONE;
            }
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return NONE;
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
