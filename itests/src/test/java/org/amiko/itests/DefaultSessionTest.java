// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.amiko.client.ConnectOptions;
import org.amiko.client.ExecResult;
import org.amiko.client.SshClient;
import org.amiko.client.SshConfig;
import org.amiko.keys.KeyPairs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SshClient#defaultSession}: what {@code ssh HOST} starts without a command, against
 * OpenSSH's sshd. RemoteCommand instead of the shell, a terminal as RequestTTY says (auto: for
 * the shell only) of SetEnv's TERM, SessionType subsystem running the command as a subsystem
 * (the shell without one), and none refused.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DefaultSessionTest {
    @TempDir
    static Path directory;

    private static OpenSshServer sshd;
    private static KeyPair user;
    /** The ssh_config block of host {@code box}, sshd, which more lines may follow. */
    private static String hostLines;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(OpenSshServer.available(), "OpenSSH sshd not installed or not root");
        user = KeyPairs.generate("ssh-ed25519");
        sshd = OpenSshServer.start(directory, List.of(user), "Subsystem sftp internal-sftp");
        hostLines = KnownHostsFile.sshConfigHost("box", sshd.port(), "root",
                KnownHostsFile.write(directory.resolve("known_hosts"), sshd.port(), sshd.hostKeys()));
    }

    @AfterAll
    static void stop() {
        if (sshd != null) {
            sshd.close();
        }
    }

    /** The session {@code settings} start for host {@code box}, and all it printed once its input closed. */
    private static String output(String settings, String input) throws Exception {
        try (SshClient client = new SshClient()) {
            client.connect("box", SshConfig.parse(hostLines + settings),
                    new ConnectOptions(List.of(user), false, false, null, null));
            ExecResult session = client.defaultSession();
            session.stdin().write(input.getBytes(StandardCharsets.UTF_8));
            session.stdin().close();
            String out = new String(session.stdout().readAllBytes(), StandardCharsets.UTF_8);
            session.exitStatus();
            return out;
        }
    }

    @Test
    void theRemoteCommandRunsWithATerminalOnlyWhenAsked() throws Exception {
        String forced = output("  RemoteCommand echo \"rc %r\"; tty\n  RequestTTY yes\n", "");
        assertTrue(forced.contains("rc root"), forced);
        assertTrue(forced.contains("/dev/pts/"), forced);
        String plain = output("  RemoteCommand tty\n", "");
        assertTrue(plain.contains("not a tty"), plain);
    }

    @Test
    void theShellGetsATerminalUnlessRequestTtyNo() throws Exception {
        assertTrue(output("", "tty; exit\n").contains("/dev/pts/"));
        assertTrue(output("  RequestTTY no\n", "tty; exit\n").contains("not a tty"));
        // a subsystem session without a command to name it: the shell, as ssh asks for one then
        assertTrue(output("  SessionType subsystem\n", "tty; exit\n").contains("/dev/pts/"));
    }

    /** The terminal's type is SetEnv's TERM when the host sets one, as ssh takes it. */
    @Test
    void theTerminalTypeComesFromSetEnv() throws Exception {
        String out = output("  SetEnv TERM=xterm-amiko\n  RemoteCommand echo term=$TERM\n  RequestTTY yes\n", "");
        assertTrue(out.contains("term=xterm-amiko"), out);
    }

    @Test
    void aSubsystemSessionAndNoSession() throws Exception {
        try (SshClient client = new SshClient()) {
            client.connect("box", SshConfig.parse(hostLines + "  SessionType subsystem\n"
                    + "  RemoteCommand sftp\n"), new ConnectOptions(List.of(user), false, false, null, null));
            ExecResult sftp = client.defaultSession();
            // SSH_FXP_INIT, version 3; the server answers SSH_FXP_VERSION (draft-ietf-secsh-filexfer-02)
            sftp.stdin().write(new byte[] {0, 0, 0, 5, 1, 0, 0, 0, 3});
            sftp.stdin().flush();
            DataInputStream reply = new DataInputStream(sftp.stdout());
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                assertTrue(reply.readInt() >= 5);
                assertEquals(2, reply.readByte(), "SSH_FXP_VERSION");
                assertEquals(3, reply.readInt());
            });
        }
        try (SshClient client = new SshClient()) {
            client.connect("box", SshConfig.parse(hostLines + "  SessionType none\n"),
                    new ConnectOptions(List.of(user), false, false, null, null));
            assertThrows(IllegalStateException.class, client::defaultSession);
        }
    }
}
