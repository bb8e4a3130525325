// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.amiko.keys.AuthorizedKeys;
import org.amiko.keys.RevokedKeys;

/**
 * The key files of the {@code authorizedKeys} and {@code revokedKeys} settings, server-wide or a
 * match block's (sshd allows {@code AuthorizedKeysFile} and {@code RevokedKeys} after
 * {@code Match}): each setting's reader is made once and then reads its file as the server-wide
 * one does, a shared authorized_keys when it changes, a per-user one and the revoked keys at each
 * attempt.
 */
final class KeyFiles {
    /** Settings seen are few (the server's and its blocks'); more means they changed often, and starting over is cheap. */
    private static final int MAX_SETTINGS = 64;

    /** Reads no file: every reader it gives fails, so a block that names a file lets no key in. */
    static final KeyFiles UNREADABLE = new KeyFiles(null);

    /** What relative paths are resolved against; null for {@link #UNREADABLE}. */
    private final Path home;
    private final Map<String, Function<String, AuthorizedKeys>> authorized = new ConcurrentHashMap<>();
    private final Map<String, Supplier<RevokedKeys>> revoked = new ConcurrentHashMap<>();

    /** @param home what relative paths are resolved against ({@code amiko.home}) */
    KeyFiles(Path home) {
        this.home = home;
    }

    /** The keys of a user by the {@code authorizedKeys} setting {@code file} (see {@link AuthorizedKeysFile}), null for none. */
    Function<String, AuthorizedKeys> authorizedKeys(String file) {
        if (file == null) {
            return user -> AuthorizedKeys.none();
        }
        if (home == null) {
            return user -> {
                throw unreadable(file);
            };
        }
        if (authorized.size() > MAX_SETTINGS) {
            authorized.clear();
        }
        return authorized.computeIfAbsent(file, setting -> AuthorizedKeysFile.of(home, setting));
    }

    /** The revoked keys by the {@code revokedKeys} setting {@code file}, null for none. */
    Supplier<RevokedKeys> revokedKeys(String file) {
        if (file == null) {
            return RevokedKeys::none;
        }
        if (home == null) {
            return () -> {
                throw unreadable(file);
            };
        }
        if (revoked.size() > MAX_SETTINGS) {
            revoked.clear();
        }
        return revoked.computeIfAbsent(file, setting -> readEachTime(home.resolve(setting)));
    }

    private static UncheckedIOException unreadable(String file) {
        return new UncheckedIOException(new IOException("no key files are read here, so not " + file));
    }

    /**
     * The revoked keys as the file says now, read at each login as sshd reads its RevokedKeys: an
     * update that keeps the file's size and time stamp (ssh-keygen -k -u within one tick) must not
     * leave a just-revoked key in.
     */
    static Supplier<RevokedKeys> readEachTime(Path file) {
        return () -> {
            try {
                return RevokedKeys.load(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
