// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amiko.keys.AuthorizedKeys;

/**
 * The {@code authorizedKeys} setting, as sshd's {@code AuthorizedKeysFile}: one file whose keys
 * log in under any user name (the appliance's way), or, with {@code %u} in the path
 * ({@code etc/keys/%u}), a file per user whose keys log in under that user's name only, which is
 * what makes a {@code user} match block or a per-user SFTP root hold for key logins.
 *
 * <p>A per-user file is read at each attempt, as sshd reads it, so an edit holds from the next
 * one. The user name comes from the client: one that is not a plain file name (a {@code /}, a
 * leading dot, a control character, more than 64 characters) has no file and so no key.
 */
final class AuthorizedKeysFile {
    /** The user token of sshd's AuthorizedKeysFile; {@code %%} is a percent sign. */
    private static final Pattern TOKEN = Pattern.compile("%.?");
    /** A user name that can name a file: no separator, no leading dot (so no {@code ..}). */
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_@+-][A-Za-z0-9._@+-]{0,63}");
    private static final AuthorizedKeys NONE = AuthorizedKeys.parse("");

    private AuthorizedKeysFile() {}

    /**
     * The keys of a user, as the setting says: a function that may throw
     * {@link UncheckedIOException} when a file is there but cannot be read.
     *
     * @throws IllegalArgumentException for a token other than {@code %u} and {@code %%}
     */
    static Function<String, AuthorizedKeys> of(Path home, String setting) {
        if (!TOKEN.matcher(setting).find()) {
            ReloadingFile<AuthorizedKeys> shared = new ReloadingFile<>(home.resolve(setting), AuthorizedKeys::load);
            return user -> shared.current();
        }
        expand(setting, "user"); // the tokens are checked now, not at the first login
        return user -> {
            if (!FILE_NAME.matcher(user).matches()) {
                return NONE;
            }
            try {
                return AuthorizedKeys.load(home.resolve(expand(setting, user)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static String expand(String setting, String user) {
        return TOKEN.matcher(setting).replaceAll(token -> switch (token.group()) {
            case "%u" -> Matcher.quoteReplacement(user);
            case "%%" -> "%";
            default -> throw new IllegalArgumentException("authorizedKeys: " + token.group()
                    + " is not a token here (%u, the user name, and %% are): " + setting);
        });
    }
}
