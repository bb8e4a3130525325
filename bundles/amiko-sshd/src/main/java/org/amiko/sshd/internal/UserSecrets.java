// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * The {@code user = secret} properties files the appliance keeps its users' secrets in
 * ({@code users.properties}, {@code otp.properties}): read, and written whole through a
 * temporary file of mode 0600 moved into place, so the file is never seen half-written nor
 * readable by others.
 */
final class UserSecrets {
    private UserSecrets() {}

    /** The file's entries; none when it does not exist. */
    static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            // no file yet: no entries
        }
        return properties;
    }

    /**
     * Sets {@code user}'s entry to {@code value}, keeping the others.
     *
     * @throws IllegalArgumentException for a name a properties file or a login cannot hold
     */
    static void set(Path file, String user, String value, String comment) throws IOException {
        if (user.isEmpty() || user.contains("=") || user.contains(":") || user.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("invalid user name: " + user);
        }
        Properties entries = load(file);
        entries.setProperty(user, value);
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, "." + file.getFileName(), ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system; the directory's protection applies
            }
            try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                entries.store(writer, comment);
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
