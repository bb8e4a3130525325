// SPDX-License-Identifier: Apache-2.0
package org.amiko.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Paths with the user's name in them, as sshd's {@code %u} in {@code AuthorizedKeysFile} and
 * {@code ChrootDirectory} (sshd_config(5) TOKENS): {@code etc/keys/%u}, {@code data/sftp/%u}.
 * Before authentication the name is the client's choice, so a path is only made from a name that
 * is a plain file name, and only when the part of the path the name decides goes through no
 * symbolic link and names its directories as they are written on disk (a case-insensitive file
 * system would otherwise take {@code ALICE} for {@code alice}).
 *
 * @since 1.5
 */
public final class UserPaths {
    /** A token: {@code %u} (the user name) or {@code %%} (a percent sign); any other is refused. */
    private static final Pattern TOKEN = Pattern.compile("%.?");
    /** A plain file name: no separator, no leading dot (so no {@code ..}), no control character. */
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_@+-][A-Za-z0-9._@+-]{0,63}");

    private UserPaths() {}

    /**
     * Whether {@code template} has the user's name in it.
     *
     * @throws IllegalArgumentException for a token other than {@code %u} and {@code %%}
     */
    public static boolean perUser(String template) {
        boolean user = false;
        Matcher token = TOKEN.matcher(template);
        while (token.find()) {
            switch (token.group()) {
                case "%u" -> user = true;
                case "%%" -> {
                    // a percent sign
                }
                default -> throw new IllegalArgumentException(token.group()
                        + " is not a token here (%u, the user name, and %% are): " + template);
            }
        }
        return user;
    }

    /** {@code template} with {@code %u} replaced by {@code user} and {@code %%} by {@code %}. */
    public static String expand(String template, String user) {
        perUser(template);
        return TOKEN.matcher(template).replaceAll(token -> token.group().equals("%u")
                ? Matcher.quoteReplacement(user) : "%");
    }

    /** Whether {@code user} can stand in a path: 1 to 64 of {@code A-Za-z0-9._@+-}, not starting with a dot. */
    public static boolean isPlainName(String user) {
        return user != null && PLAIN_NAME.matcher(user).matches();
    }

    /**
     * The path {@code template} names for {@code user}, resolved against {@code home}; it need not
     * exist.
     *
     * @throws IOException when the name is not a plain file name, or the part of the path from the
     *     directory the name is in on goes through a symbolic link or names a directory in another
     *     case than the disk: the message says which
     * @throws IllegalArgumentException for a token other than {@code %u} and {@code %%}
     */
    public static Path resolve(Path home, String template, String user) throws IOException {
        if (!isPlainName(user)) {
            throw new IOException("the user name cannot stand in " + template);
        }
        Path path = home.resolve(expand(template, user)).normalize();
        Path shared = home.resolve(expand(sharedPart(template), user)).normalize();
        for (Path part = path; part != null && part.startsWith(shared) && !part.equals(shared); part = part.getParent()) {
            if (Files.isSymbolicLink(part)) {
                throw new IOException(part + " is a symbolic link");
            }
            if (Files.exists(part, LinkOption.NOFOLLOW_LINKS)
                    && !part.toRealPath(LinkOption.NOFOLLOW_LINKS).getFileName().equals(part.getFileName())) {
                throw new IOException(part + " is written " + part.toRealPath(LinkOption.NOFOLLOW_LINKS).getFileName()
                        + " on disk");
            }
        }
        return path;
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
}
