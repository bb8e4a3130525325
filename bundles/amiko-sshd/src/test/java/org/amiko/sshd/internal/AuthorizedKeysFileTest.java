// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.function.Function;
import org.amiko.keys.AuthorizedKey;
import org.amiko.keys.AuthorizedKeys;
import org.amiko.keys.PublicKeyLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** authorizedKeys as sshd's AuthorizedKeysFile: one file for every name, or with %u a file per user. */
class AuthorizedKeysFileTest {
    @TempDir
    Path home;

    private final KeyPair alice = ApplianceFixture.generate();

    @Test
    void oneFileForEveryName() throws Exception {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/authorized_keys"), PublicKeyLine.of(alice.getPublic(), "a").format() + "\n");
        Function<String, AuthorizedKeys> keys = AuthorizedKeysFile.of(home, "etc/authorized_keys");
        assertEquals(1, keys.apply("alice").findAll(alice.getPublic()).size());
        assertEquals(1, keys.apply("anyone").findAll(alice.getPublic()).size());
    }

    /**
     * sshd's list of files: the shared file's keys log in under any name, as alone, and alice's own
     * file's under hers only; each file's lines in turn.
     */
    @Test
    void aListOfFiles() throws Exception {
        KeyPair admin = ApplianceFixture.generate();
        Files.createDirectories(home.resolve("etc/keys"));
        Files.writeString(home.resolve("etc/authorized_keys"), PublicKeyLine.of(admin.getPublic(), "admin").format()
                + "\n" + "not a key line\n");
        Files.writeString(home.resolve("etc/keys/alice"), PublicKeyLine.of(alice.getPublic(), "a").format() + "\n"
                + PublicKeyLine.of(admin.getPublic(), "admin again").format() + "\n");
        Function<String, AuthorizedKeys> keys = AuthorizedKeysFile.of(home, " etc/authorized_keys \t etc/keys/%u ");
        AuthorizedKeys forAlice = keys.apply("alice");
        assertEquals(1, forAlice.findAll(alice.getPublic()).size());
        assertEquals(List.of("admin", "admin again"),
                forAlice.findAll(admin.getPublic()).stream().map(AuthorizedKey::comment).toList(), "in file order");
        assertEquals(1, forAlice.problems().size());
        assertTrue(forAlice.problems().get(0).startsWith("line 2: "), "each file's own line numbers");
        assertTrue(keys.apply("bob").findAll(alice.getPublic()).isEmpty(), "alice's key is not bob's");
        assertEquals(1, keys.apply("bob").findAll(admin.getPublic()).size(), "the shared file's key is anyone's");
    }

    /**
     * A file of a list that cannot be read (a directory here: root reads any file) gives no keys,
     * and the others' still count, as sshd goes on to the next file; alone, it cannot be read.
     */
    @Test
    void aFileOfAListThatCannotBeReadLeavesTheOthers() throws Exception {
        Files.createDirectories(home.resolve("etc/keys"));
        Files.createDirectories(home.resolve("etc/authorized_keys"));
        Files.writeString(home.resolve("etc/keys/alice"), PublicKeyLine.of(alice.getPublic(), "a").format() + "\n");
        Function<String, AuthorizedKeys> keys = AuthorizedKeysFile.of(home, "etc/authorized_keys etc/keys/%u");
        assertEquals(1, keys.apply("alice").findAll(alice.getPublic()).size());
        assertEquals(0, keys.apply("bob").entries().size());
        Function<String, AuthorizedKeys> alone = AuthorizedKeysFile.of(home, "etc/authorized_keys");
        assertThrows(UncheckedIOException.class, () -> alone.apply("alice"));
    }

    /** A shared file that is not there is said at start; per-user files are each user's to have or not. */
    @Test
    void missingSharedFilesAreNamed() throws Exception {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/authorized_keys"), "");
        assertEquals(List.of(home.resolve("etc/admin_keys")),
                AuthorizedKeysFile.missingSharedFiles(home, "etc/authorized_keys etc/keys/%u etc/admin_keys"));
        assertEquals(List.of(), AuthorizedKeysFile.missingSharedFiles(home, "etc/authorized_keys"));
    }

    /** The words of the setting as sshd's configuration reads them: double quotes keep a path with spaces whole. */
    @Test
    void listsAsSshdReadsThem() throws Exception {
        assertEquals(List.of("etc/authorized_keys", "etc/keys/%u"), AuthorizedKeysFile.files(" etc/authorized_keys\tetc/keys/%u "));
        assertEquals(List.of("/opt/my karaf/etc/amiko/authorized_keys"),
                AuthorizedKeysFile.files("\"/opt/my karaf/etc/amiko/authorized_keys\""));
        assertEquals(List.of("a b", "c"), AuthorizedKeysFile.files("\"a b\" c"));
        assertEquals(List.of("none"), AuthorizedKeysFile.files("none"));
        for (String bad : List.of("etc/a none", "\"etc/a", "\"\"", "   ", "etc/%x")) {
            assertThrows(IllegalArgumentException.class, () -> AuthorizedKeysFile.files(bad), bad);
        }
        Path spaced = Files.createDirectories(home.resolve("my karaf"));
        Files.writeString(spaced.resolve("authorized_keys"), PublicKeyLine.of(alice.getPublic(), "a").format() + "\n");
        assertEquals(1, AuthorizedKeysFile.of(home, "\"my karaf/authorized_keys\"").apply("bob").entries().size());
    }

    /**
     * With %u, alice's key is in alice's file only: it logs in as alice and as nobody else; a
     * change holds from the next attempt; a name that cannot name a file has no keys.
     */
    @Test
    void aFilePerUser() throws Exception {
        Path keysDirectory = Files.createDirectories(home.resolve("etc/keys"));
        Function<String, AuthorizedKeys> keys = AuthorizedKeysFile.of(home, "etc/keys/%u");
        assertTrue(keys.apply("alice").entries().isEmpty(), "no file yet: no keys");
        Files.writeString(keysDirectory.resolve("alice"), PublicKeyLine.of(alice.getPublic(), "a").format() + "\n");
        assertEquals(1, keys.apply("alice").findAll(alice.getPublic()).size());
        assertTrue(keys.apply("bob").findAll(alice.getPublic()).isEmpty(), "alice's key is not bob's");
        Files.writeString(home.resolve("etc/alice"), PublicKeyLine.of(alice.getPublic(), "a").format() + "\n");
        for (String name : new String[] {"../alice", "..", ".alice", "a/b", "alice\n"}) {
            assertTrue(keys.apply(name).entries().isEmpty(), name);
        }
        Files.writeString(keysDirectory.resolve("alice"), "");
        assertTrue(keys.apply("alice").entries().isEmpty(), "read at each attempt");
        Path percent = Files.createDirectories(home.resolve("etc/keys/100%"));
        Files.writeString(percent.resolve("alice"), PublicKeyLine.of(alice.getPublic(), "a").format() + "\n");
        assertEquals(1, AuthorizedKeysFile.of(home, "etc/keys/100%%/%u").apply("alice").entries().size());
        // bob's "file" a link to alice's (made while the directory was shared), and a FIFO, give none:
        // the link is a way in as bob, the FIFO would hold the worker
        Files.writeString(keysDirectory.resolve("alice"), PublicKeyLine.of(alice.getPublic(), "a").format() + "\n");
        Files.createSymbolicLink(keysDirectory.resolve("bob"), keysDirectory.resolve("alice"));
        assertTrue(keys.apply("bob").entries().isEmpty(), "not through a link");
        Process mkfifo = new ProcessBuilder("mkfifo", keysDirectory.resolve("carol").toString()).start();
        assertEquals(0, mkfifo.waitFor());
        assertTrue(keys.apply("carol").entries().isEmpty(), "not a FIFO");
        IllegalArgumentException token = assertThrows(IllegalArgumentException.class,
                () -> AuthorizedKeysFile.of(home, "%h/.ssh/authorized_keys"));
        assertTrue(token.getMessage().contains("%h is not a token here"), token.getMessage());
    }
}
