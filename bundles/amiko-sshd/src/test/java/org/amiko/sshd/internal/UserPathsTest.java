// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.amiko.server.UserPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sshd's %u paths (AuthorizedKeysFile, ChrootDirectory), made from a name the client chose. */
class UserPathsTest {
    @TempDir
    Path home;

    @Test
    void tokens() {
        assertTrue(UserPaths.perUser("etc/keys/%u"));
        assertFalse(UserPaths.perUser("data/100%%/keys"), "%% is a percent sign");
        assertEquals("data/100%/alice", UserPaths.expand("data/100%%/%u", "alice"));
        IllegalArgumentException token = assertThrows(IllegalArgumentException.class, () -> UserPaths.perUser("%h/.ssh"));
        assertEquals("%h is not a token here (%u, the user name, and %% are): %h/.ssh", token.getMessage());
        assertThrows(IllegalArgumentException.class, () -> UserPaths.perUser("keys/%"));
    }

    @Test
    void onlyPlainNames() throws Exception {
        for (String name : new String[] {"alice", "a.b", "svc-1", "user@realm", "Bob_2"}) {
            assertTrue(UserPaths.isPlainName(name), name);
            assertEquals(home.resolve("etc/keys/" + name), UserPaths.resolve(home, "etc/keys/%u", name));
        }
        for (String name : new String[] {"", ".", "..", ".hidden", "a/b", "../alice", "a\nb", "a b", "x".repeat(65)}) {
            assertFalse(UserPaths.isPlainName(name), name);
            assertThrows(IOException.class, () -> UserPaths.resolve(home, "etc/keys/%u", name), name);
        }
    }

    /**
     * The part of the path the name decides goes through no link (one a user made while a root was
     * shared); the shared part may (an operator's choice), %% in it too.
     */
    @Test
    void noLinkInTheUsersPart() throws Exception {
        Path shared = Files.createDirectories(home.resolve("data/100%/users"));
        Files.createDirectories(shared.resolve("bob/files"));
        Files.createSymbolicLink(shared.resolve("mallory"), shared.resolve("bob"));
        IOException link = assertThrows(IOException.class,
                () -> UserPaths.resolve(home, "data/100%%/users/%u/files", "mallory"));
        assertTrue(link.getMessage().endsWith("mallory is a symbolic link"), link.getMessage());
        assertEquals(shared.resolve("bob/files"), UserPaths.resolve(home, "data/100%%/users/%u/files", "bob"));
        Files.createSymbolicLink(home.resolve("linked"), shared);
        assertEquals(home.resolve("linked/bob"), UserPaths.resolve(home, "linked/%u", "bob"), "the shared part may be a link");
    }
}
