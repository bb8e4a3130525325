// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.amiko.Channel;
import org.amiko.SshException;
import org.amiko.Transport;
import org.amiko.server.PtyRequest;
import org.amiko.sshd.CommandControl;
import org.amiko.sshd.OsCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shell=os} sessions with a pty run on a pseudo-terminal, as sshd runs them: the client's
 * size and modes, its window changes, Ctrl-C, and a hang-up when the channel closes.
 */
@Timeout(60)
class OsTerminalTest {
    /** VERASE ^H, ECHO off, IUTF8 on, CS8, TTY_OP_END (RFC 4254 section 8, RFC 8160). */
    private static final byte[] MODES = {3, 0, 0, 0, 8, 53, 0, 0, 0, 0, 42, 0, 0, 0, 1, 91, 0, 0, 0, 1, 0};

    private final ApplianceFixture appliance = new ApplianceFixture();

    @TempDir
    Path directory;

    @BeforeEach
    void needsScript() {
        assumeTrue(OsCommand.terminalsAvailable(), "util-linux script(1) not installed");
    }

    @AfterEach
    void stop() {
        appliance.close();
    }

    private Transport loggedIn(CommandRunner runner) throws Exception {
        return appliance.passwordLogin(runner, directory);
    }

    @Test
    void aCommandRunsOnATerminalOfTheClientsSizeAndModes() throws Exception {
        try (Transport client = loggedIn(appliance.os)) {
            Channel channel = client.openSession();
            channel.getPty("xterm", 100, 30, 0, 0, MODES);
            channel.exec("stty size; tty; echo \"$TERM $SSH_TTY\"; printf '%s\\n' \"it's\" 'a b'; stty -a");
            String out = new String(channel.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, channel.recvExitStatus(), out);
            // the terminal's line discipline ends lines with CR LF (ONLCR)
            List<String> lines = List.of(out.split("\r\n"));
            assertEquals("30 100", lines.get(0), out);
            assertTrue(lines.get(1).matches("/dev/pts/\\d+"), out);
            assertEquals("xterm " + lines.get(1), lines.get(2), out);
            assertEquals("it's", lines.get(3), out);
            assertEquals("a b", lines.get(4), out);
            String settings = String.join(" ", lines.subList(5, lines.size()));
            assertTrue(settings.contains("erase = ^H;"), settings);
            assertTrue(settings.contains(" -echo "), settings);
            assertTrue(settings.contains(" iutf8"), settings);
            assertTrue(settings.contains(" cs8 "), settings);
        }
    }

    /**
     * The terminal is set up whatever the session's PATH says, as sshd sets it up before the
     * command's variables count; and SHELL is the session's, setEnv's here, as without a terminal.
     */
    @Test
    void theTerminalIsSetUpWhateverPathAndShellTheSessionHas() throws Exception {
        appliance.setEnv = "PATH=/nonexistent SHELL=/bin/from-setenv";
        try (Transport client = loggedIn(appliance.os)) {
            Channel channel = client.openSession();
            channel.getPty("xterm", 100, 30, 0, 0, MODES);
            // builtins only: the session's PATH finds nothing
            channel.exec("echo \"$SSH_TTY|$SHELL|$PATH\"; /bin/stty size; /bin/stty -a");
            String out = new String(channel.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, channel.recvExitStatus(), out);
            List<String> lines = List.of(out.split("\r\n"));
            assertTrue(lines.get(0).matches("/dev/pts/\\d+\\|/bin/from-setenv\\|/nonexistent"), out);
            assertEquals("30 100", lines.get(1), out);
            assertTrue(String.join(" ", lines.subList(2, lines.size())).contains("erase = ^H;"), out);
        }
    }

    /**
     * The client's first input waits until its modes are set on the terminal, as sshd sets them
     * before the command starts: ECHO off hides a line typed at once.
     */
    @Test
    void inputTypedAtOnceFindsTheClientsModes() throws Exception {
        try (Transport client = loggedIn(appliance.os)) {
            Channel channel = client.openSession();
            channel.getPty("xterm", 80, 24, 0, 0, new byte[] {53, 0, 0, 0, 0, 0});
            channel.exec("read x; echo \"got $x\"");
            type(channel, "SECRET\n");
            ChannelOutput output = new ChannelOutput(channel.getInputStream());
            output.rest();
            assertEquals("got SECRET\r\n", output.text());
            assertEquals(0, channel.recvExitStatus());
        }
    }

    /** osShell runs commands and terminals, as sshd runs the user's login shell, and SHELL names it. */
    @Test
    void anotherShellRunsCommandsAndTerminals() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no bash");
        appliance.osShell = "/bin/bash";
        String probe = "echo \"$SHELL ${BASH_VERSION:+bash}\"";
        try (Transport client = loggedIn(appliance.os)) {
            assertEquals("/bin/bash bash\n", ApplianceFixture.run(client.openSession(), probe));
            Channel channel = client.openSession();
            channel.getPty();
            assertEquals("/bin/bash bash\r\n", ApplianceFixture.run(channel, probe));
        }
    }

    /** A shell that is no absolute path is a mistake in the settings; one that cannot run only fails its sessions. */
    @Test
    void osShellMustBeAnAbsolutePath() {
        assertEquals("osShell must be an absolute path, such as /bin/bash, not \"bash\"",
                assertThrows(IllegalArgumentException.class, () -> SshdComponent.checkOsShell("bash")).getMessage());
        assertEquals("osShell must be an absolute path, such as /bin/bash, not \"\"",
                assertThrows(IllegalArgumentException.class, () -> SshdComponent.checkOsShell("")).getMessage());
        SshdComponent.checkOsShell("/bin/amiko-no-such-shell");
        assertFalse(SshdComponent.isExecutableFile("/bin/amiko-no-such-shell"));
        assertFalse(SshdComponent.isExecutableFile("/etc/passwd"));
        assertFalse(SshdComponent.isExecutableFile("/bin"));
        assertTrue(SshdComponent.isExecutableFile("/bin/sh"));
    }

    /** A shell that cannot run fails the session with exit status 127 and says why, as a missing command does. */
    @Test
    void aShellThatCannotRunFailsTheSession() throws Exception {
        appliance.osShell = "/bin/amiko-no-such-shell";
        try (Transport client = loggedIn(appliance.os)) {
            Channel channel = client.openSession();
            channel.exec("true");
            channel.getInputStream().readAllBytes();
            String error = new String(channel.getExtendedInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(127, channel.recvExitStatus());
            assertTrue(error.startsWith("cannot start /bin/amiko-no-such-shell: "), error);
        }
    }

    /** A client's shell is a login shell, as sshd starts it: bash says so. */
    @Test
    void aClientsShellIsALoginShell() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no bash");
        appliance.osShell = "/bin/bash";
        try (Transport client = loggedIn(appliance.os)) {
            Channel channel = client.openSession();
            channel.invokeShell();
            type(channel, "shopt -q login_shell && echo login; exit\n");
            ChannelOutput output = new ChannelOutput(channel.getInputStream());
            output.rest();
            assertEquals("login\n", output.text());
        }
    }

    @Test
    void theExitStatusComesThrough() throws Exception {
        try (Transport client = loggedIn(appliance.os)) {
            Channel channel = client.openSession();
            channel.getPty();
            channel.exec("exit 7");
            channel.getInputStream().readAllBytes();
            assertEquals(7, channel.recvExitStatus());
        }
    }

    /** The terminal's Ctrl-C interrupts what the shell runs, and the shell goes on. */
    @Test
    void ctrlCInterruptsTheShellsCommand() throws Exception {
        try (Transport client = loggedIn(appliance.os)) {
            Channel channel = client.openSession();
            channel.getPty();
            channel.invokeShell();
            ChannelOutput output = new ChannelOutput(channel.getInputStream());
            // the terminal echoes the line as typed: only the shell's arithmetic prints 42, 56 and 72.
            // 42 comes from the process Ctrl-C must stop, once it runs in the foreground: printed by
            // the login shell before it forks sleep, a Ctrl-C could reach the child while it still
            // had the shell's handler (bash's lost-SIGINT race) and sleep ran its 30 s out.
            type(channel, "sh -c 'echo $((6*7)); exec sleep 30'; echo $((7*8))\n");
            output.await("42\r\n");
            type(channel, "\u0003");
            type(channel, "echo $((8*9))\n");
            output.await("72\r\n");
            assertFalse(output.text().contains("56"), output.text());
            type(channel, "exit 3\n");
            output.rest();
            assertEquals(3, channel.recvExitStatus());
        }
    }

    /** A window-change request resizes the terminal, and the kernel tells the command (SIGWINCH). */
    @Test
    void windowChangesReachTheCommand() throws Exception {
        try (Transport client = loggedIn(appliance.os)) {
            Channel channel = client.openSession();
            channel.getPty();
            channel.exec("trap 'stty size; exit 0' WINCH; echo $((6*7)); while :; do sleep 0.1; done");
            ChannelOutput output = new ChannelOutput(channel.getInputStream());
            output.await("42\r\n");
            channel.resizePty(132, 50, 0, 0);
            output.rest();
            assertEquals(0, channel.recvExitStatus(), output.text());
            assertEquals("42\r\n50 132\r\n", output.text());
        }
    }

    /** As sshd closes the terminal: the session gets SIGHUP, which a trap can see. */
    @Test
    void closingTheChannelHangsUpTheTerminal() throws Exception {
        Path trapped = directory.resolve("trapped");
        try (Transport client = loggedIn(appliance.os)) {
            Channel channel = client.openSession();
            channel.getPty();
            channel.exec("trap 'echo hung up > " + trapped + "; exit 1' HUP; echo $$; while :; do sleep 0.1; done");
            ChannelOutput output = new ChannelOutput(channel.getInputStream());
            output.await("\r\n");
            ProcessHandle shell = ProcessHandle.of(Long.parseLong(output.text().strip())).orElseThrow();
            channel.close();
            // whatever ends it, SIGKILL comes after the grace at the latest
            shell.onExit().get(OsCommand.KILL_GRACE.toSeconds() + 30, TimeUnit.SECONDS);
            assertEquals("hung up\n", Files.readString(trapped));
        }
    }

    /** TERM is a variable: one holding a NUL is refused with the pty, and the session goes on without. */
    @Test
    void aTerminalTypeWithANulIsRefused() throws Exception {
        try (Transport client = loggedIn(appliance.os)) {
            Channel channel = client.openSession();
            assertThrows(SshException.class, () -> channel.getPty("xt\0erm", 80, 24, 0, 0, new byte[] {0}));
            assertEquals("not a tty\n", ApplianceFixture.run(channel, "tty || true"));
        }
    }

    /** A runner that cannot give terminals refuses the pty, as sshd when it cannot allocate one. */
    @Test
    void withoutTerminalsThePtyIsRefusedAndTheSessionGoesOn() throws Exception {
        CommandRunner noTerminals = new CommandRunner() {
            @Override
            public void run(Channel channel, String command, PtyRequest pty, CommandControl control,
                    Map<String, String> environment, ShellLogin login) {
                appliance.os.run(channel, command, pty, control, environment, login);
            }

            @Override
            public boolean runsProcesses() {
                return true;
            }

            @Override
            public boolean terminals() {
                return false;
            }
        };
        try (Transport client = loggedIn(noTerminals)) {
            Channel channel = client.openSession();
            assertThrows(SshException.class, channel::getPty);
            assertEquals("not a tty\n", ApplianceFixture.run(channel, "tty || true"));
        }
    }

    private static void type(Channel channel, String keys) throws IOException {
        channel.getOutputStream().write(keys.getBytes(StandardCharsets.UTF_8));
        channel.getOutputStream().flush();
    }
}
