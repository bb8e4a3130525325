// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.amiko.Transport;
import org.amiko.sftp.LoopbackServerAccess;
import org.amiko.sftp.SftpClient;
import org.amiko.sftp.SftpException;
import org.amiko.sftp.SftpStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DS components as SCR builds them, from the properties of PID {@code org.amiko.sshd}: the
 * root resolved against {@code amiko.home} and created, read-only mode and umask applied, and a
 * reconfiguration applied to the next session.
 */
class ComponentsTest {
    @TempDir
    Path home;

    private final String previousHome = System.getProperty("amiko.home");

    @AfterEach
    void restoreHome() {
        if (previousHome == null) {
            System.clearProperty("amiko.home");
        } else {
            System.setProperty("amiko.home", previousHome);
        }
    }

    private static SftpSettings settings(String root, boolean readOnly, String umask) {
        return new SftpSettings() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return SftpSettings.class;
            }

            @Override
            public String sftpRoot() {
                return root;
            }

            @Override
            public boolean sftpReadOnly() {
                return readOnly;
            }

            @Override
            public String sftpUmask() {
                return umask;
            }
        };
    }

    @Test
    void servesTheConfiguredRootUnderAmikoHome() throws Exception {
        System.setProperty("amiko.home", home.toString());
        SftpComponent sftp = new SftpComponent(settings("data/sftp", false, "077"));
        ScpComponent scp = new ScpComponent(settings("data/sftp", false, "077"));
        assertTrue(Files.isDirectory(home.resolve("data/sftp")), "the root is created");
        try (AutoCloseable server = LoopbackServerAccess.start(sftp, scp);
                Transport transport = LoopbackServerAccess.connect(server, "tester")) {
            try (SftpClient client = SftpClient.open(transport)) {
                client.mkdir("/made");
                assertEquals(0700, (Integer) Files.getAttribute(home.resolve("data/sftp/made"), "unix:mode") & 0777);
            }
            sftp.modified(settings("data/sftp", true, "022"));
            try (SftpClient client = SftpClient.open(transport)) {
                SftpException refused = assertThrows(SftpException.class, () -> client.mkdir("/other"));
                assertEquals(SftpStatus.PERMISSION_DENIED, refused.getStatus());
            }
        }
    }

    /**
     * sftpRoot with %u, as sshd's ChrootDirectory: each user in a directory of their own, made at
     * the first session, and nothing above it; a name that is not a plain file name gets no
     * session; a token other than %u and %% is a configuration error.
     */
    @Test
    void aRootPerUser() throws Exception {
        System.setProperty("amiko.home", home.toString());
        SftpComponent sftp = new SftpComponent(settings("data/users/%u/files", false, "022"));
        try (AutoCloseable server = LoopbackServerAccess.start(sftp, null)) {
            try (Transport alice = LoopbackServerAccess.connect(server, "alice");
                    SftpClient client = SftpClient.open(alice)) {
                client.mkdir("/mine");
                assertEquals("/", client.normalize(".."), "nothing above the user's root");
            }
            assertTrue(Files.isDirectory(home.resolve("data/users/alice/files/mine")));
            try (Transport bob = LoopbackServerAccess.connect(server, "bob");
                    SftpClient client = SftpClient.open(bob)) {
                assertThrows(SftpException.class, () -> client.stat("/mine"), "alice's is not bob's");
            }
            for (String name : new String[] {"..", "../alice", ".hidden", "a/b"}) {
                try (Transport odd = LoopbackServerAccess.connect(server, name)) {
                    assertThrows(java.io.IOException.class, () -> SftpClient.open(odd).close(), name);
                }
            }
        }
        assertEquals(List.of("alice", "bob"), Files.list(home.resolve("data/users")).map(path -> path.getFileName()
                .toString()).sorted().toList(), "no directory for the refused names");
        IllegalArgumentException token = assertThrows(IllegalArgumentException.class,
                () -> new SftpComponent(settings("data/%h", false, "022")));
        assertTrue(token.getMessage().contains("%h is not a token here"), token.getMessage());
        new SftpComponent(settings("data/100%%/%u", false, "022"));
    }

    @Test
    void aBadUmaskIsAClearError() {
        System.setProperty("amiko.home", home.toString());
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new SftpComponent(settings("data/sftp", false, "0999")));
        assertTrue(error.getMessage().contains("octal"), error.getMessage());
    }
}
