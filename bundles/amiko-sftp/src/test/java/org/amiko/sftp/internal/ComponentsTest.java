// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.server.SubsystemHandler;
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
        return settings(root, readOnly, umask, "");
    }

    private static SftpSettings settings(String root, boolean readOnly, String umask, String options) {
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

            @Override
            public String sftpOptions() {
                return options;
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
     * sftpRoot with %u, as sshd's ChrootDirectory: each user in a directory of their own, which
     * must exist, and nothing above it; a name that is not a plain file name, a user without a
     * directory, and a directory a user replaced by a link (while the root was shared) get no
     * session; a token other than %u and %% is a configuration error.
     */
    @Test
    void aRootPerUser() throws Exception {
        System.setProperty("amiko.home", home.toString());
        Path users = home.resolve("data/users");
        for (String user : new String[] {"alice", "bob"}) {
            Files.createDirectories(users.resolve(user).resolve("files"));
        }
        Files.writeString(users.resolve("bob/files/secret.txt"), "bob's");
        // made by mallory while data/users was everyone's root: "her" directory, a link to bob's
        Files.createSymbolicLink(users.resolve("mallory"), users.resolve("bob"));
        List<Path> before = tree(home);
        SftpComponent sftp = new SftpComponent(settings("data/users/%u/files", false, "022"));
        try (AutoCloseable server = LoopbackServerAccess.start(sftp, null)) {
            try (Transport alice = LoopbackServerAccess.connect(server, "alice");
                    SftpClient client = SftpClient.open(alice)) {
                client.mkdir("/mine");
                for (String outside : new String[] {"/../bob/files/secret.txt", "../../bob/files/secret.txt",
                        "/secret.txt"}) {
                    assertThrows(SftpException.class, () -> client.stat(outside), outside);
                }
            }
            assertTrue(Files.isDirectory(users.resolve("alice/files/mine")));
            try (Transport bob = LoopbackServerAccess.connect(server, "bob");
                    SftpClient client = SftpClient.open(bob)) {
                assertEquals(5, client.stat("/secret.txt").size());
                assertThrows(SftpException.class, () -> client.stat("/mine"), "alice's is not bob's");
            }
            for (String refused : new String[] {"..", "../alice", ".hidden", "a/b", "carol", "mallory"}) {
                try (Transport odd = LoopbackServerAccess.connect(server, refused)) {
                    assertThrows(java.io.IOException.class, () -> SftpClient.open(odd).close(), refused);
                }
            }
        }
        List<Path> after = tree(home);
        after.remove(users.resolve("alice/files/mine"));
        assertEquals(before, after, "no directory made for any name");
        IllegalArgumentException token = assertThrows(IllegalArgumentException.class,
                () -> new SftpComponent(settings("data/%h", false, "022")));
        assertTrue(token.getMessage().contains("%h is not a token here"), token.getMessage());
        // %% in the shared part: mallory's link is still refused
        Path percent = Files.createDirectories(home.resolve("data/100%/bob"));
        Files.createSymbolicLink(home.resolve("data/100%/mallory"), percent);
        try (AutoCloseable server = LoopbackServerAccess.start(new SftpComponent(settings("data/100%%/%u", false, "022")),
                null); Transport mallory = LoopbackServerAccess.connect(server, "mallory")) {
            assertThrows(java.io.IOException.class, () -> SftpClient.open(mallory).close());
        }
    }

    private static List<Path> tree(Path root) throws java.io.IOException {
        try (var paths = Files.walk(root)) {
            return new java.util.ArrayList<>(paths.sorted().toList());
        }
    }

    @Test
    void aBadUmaskIsAClearError() {
        System.setProperty("amiko.home", home.toString());
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new SftpComponent(settings("data/sftp", false, "0999")));
        assertTrue(error.getMessage().contains("octal"), error.getMessage());
    }

    /**
     * sftpOptions, sshd's {@code Subsystem sftp internal-sftp OPTIONS}: every session gets them, a
     * login's forced options go on top, and options sftp-server would not take stop the component.
     */
    @Test
    void sftpOptionsForEverySessionAndALoginsOnTop() throws Exception {
        System.setProperty("amiko.home", home.toString());
        SftpComponent sftp = new SftpComponent(settings("data/sftp/%u", false, "022", "-P remove"));
        Files.createDirectories(home.resolve("data/sftp/tester"));
        Files.writeString(home.resolve("data/sftp/tester/kept"), "x");
        SubsystemHandler forcedUmask = (name, transport, channel) -> sftp.startSubsystem(name, List.of("-u", "077"),
                transport, channel);
        try (AutoCloseable server = LoopbackServerAccess.start(forcedUmask, null);
                Transport transport = LoopbackServerAccess.connect(server, "tester");
                SftpClient client = SftpClient.open(transport)) {
            assertEquals(SftpStatus.PERMISSION_DENIED,
                    assertThrows(SftpException.class, () -> client.remove("/kept")).getStatus());
            client.mkdir("/made");
            assertEquals(0700, (Integer) Files.getAttribute(home.resolve("data/sftp/tester/made"), "unix:mode") & 0777,
                    "the login's -u reaches the per-user root");
        }
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new SftpComponent(settings("data/sftp", false, "022", "-r")));
        assertTrue(error.getMessage().startsWith("sftpOptions: internal-sftp: unknown option -r"), error.getMessage());
    }

    /**
     * SCR keeps a component whose modified method fails: a change that cannot be used must not
     * leave the previous settings serving (here read-write, where the change asked for -R).
     */
    @Test
    void aChangeThatCannotBeUsedRefusesSessionsUntilMended() throws Exception {
        System.setProperty("amiko.home", home.toString());
        SftpComponent sftp = new SftpComponent(settings("data/sftp", false, "022", ""));
        ScpComponent scp = new ScpComponent(settings("data/sftp", false, "022", ""));
        try (AutoCloseable server = LoopbackServerAccess.start(sftp, scp);
                Transport transport = LoopbackServerAccess.connect(server, "tester")) {
            assertThrows(IllegalArgumentException.class, () -> sftp.modified(settings("data/sftp", false, "022", "-R -X")));
            assertThrows(IOException.class, () -> SftpClient.open(transport).close());
            // read-only asked for, with a umask that cannot be read: SCP does not go on writing either
            assertThrows(IllegalArgumentException.class, () -> scp.modified(settings("data/sftp", true, "0o22", "")));
            Channel upload = transport.openSession();
            upload.exec("scp -t /up.txt");
            assertEquals("scp: the server's SCP settings cannot be used\n",
                    new String(upload.getExtendedInputStream().readAllBytes(), StandardCharsets.US_ASCII));
            assertEquals(1, upload.recvExitStatus());
            assertTrue(Files.notExists(home.resolve("data/sftp/up.txt")));
            sftp.modified(settings("data/sftp", false, "022", "-R"));
            try (SftpClient client = SftpClient.open(transport)) {
                assertEquals(SftpStatus.PERMISSION_DENIED,
                        assertThrows(SftpException.class, () -> client.mkdir("/made")).getStatus());
            }
        }
    }
}
