// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.server.PtyRequest;
import org.amiko.sshd.CommandControl;
import org.jline.terminal.Attributes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive in-process shell (Gogo, Karaf's console) on a terminal, through JLine, as
 * Karaf's own console: lines are edited and recalled, Tab completes a command's name, Ctrl-C stops
 * the command that runs (as the client's {@code INT} signal does, RFC 4254 section 6.9), Ctrl-D
 * ends the shell, and window changes (section 6.7) are taken. A test shell records each line it is
 * given.
 */
@Timeout(60)
class InProcessShellTest {
    private static final String UP = "\u001b[A";
    private static final String CTRL_A = "\u0001";
    private static final String CTRL_C = "\u0003";
    private static final String CTRL_D = "\u0004";
    private static final String BACKSPACE = "\u007f";
    private static final String PROMPT = "test> ";

    private final ApplianceFixture appliance = new ApplianceFixture();
    /** The lines the shell was given, in order; "interrupted" when a blocked one was stopped. */
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final CountDownLatch blocked = new CountDownLatch(1);

    @TempDir
    Path directory;

    @AfterEach
    void stop() {
        appliance.close();
    }

    /** A shell whose {@code block} waits until interrupted, and whose other lines are only recorded. */
    private final ShellRunner shell = new ShellRunner() {
        @Override
        ShellSession open(InputStream in, PrintStream out, PrintStream err, Map<String, String> environment) {
            return new ShellSession() {
                @Override
                public Object execute(String line) {
                    if (line.equals("block")) {
                        blocked.countDown();
                        try {
                            new CountDownLatch(1).await(); // like log:tail: runs until interrupted
                        } catch (InterruptedException e) {
                            lines.add("interrupted");
                            return "stopped";
                        }
                    }
                    lines.add(line);
                    return null;
                }

                @Override
                public String format(Object result) {
                    return String.valueOf(result);
                }

                @Override
                public Collection<String> commandNames() {
                    return withPlainNames(List.of("test:block", "test:echo", "test:exit"));
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        String prompt() {
            return "test> ";
        }

        @Override
        String name() {
            return "test";
        }
    };

    private static void type(Channel channel, String keys) throws IOException {
        OutputStream in = channel.getOutputStream();
        in.write(keys.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private String next() throws InterruptedException {
        String line = lines.poll(20, TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("the shell ran no line");
        }
        return line;
    }

    private Channel terminalShell(Transport client) throws IOException {
        Channel channel = client.openSession();
        channel.getPty("xterm-256color", 100, 30, 0, 0, new byte[] {0});
        channel.invokeShell();
        return channel;
    }

    @Test
    void linesAreEditedAndRecalled() throws Exception {
        try (Transport client = appliance.passwordLogin(shell, directory)) {
            Channel channel = terminalShell(client);
            // each key is typed once the prompt is there, as a person types: a Ctrl-C is a signal
            // the terminal raises beside the keystrokes, so keys typed ahead of it can pass it
            ChannelOutput output = new ChannelOutput(channel.getInputStream());
            output.await(PROMPT, 1);
            type(channel, "echo one\r");
            assertEquals("echo one", next());
            output.await(PROMPT, 2);
            type(channel, UP + "\r");
            assertEquals("echo one", next(), "Up brings the last line back");
            output.await(PROMPT, 3);
            type(channel, "echo twX" + BACKSPACE + "o\r");
            assertEquals("echo two", next());
            output.await(PROMPT, 4);
            type(channel, "cho three" + CTRL_A + "e\r");
            assertEquals("echo three", next(), "Ctrl-A goes to the start of the line");
            output.await(PROMPT, 5);
            type(channel, "dropped");
            output.await("dropped");
            type(channel, CTRL_C);
            output.await(PROMPT, 6);
            type(channel, "echo four\r");
            assertEquals("echo four", next(), "Ctrl-C drops the line being typed");
            output.await(PROMPT, 7);
            type(channel, "ec\t" + "five\r");
            assertEquals("echo five", next(), "Tab completes the command's name");
            output.await(PROMPT, 8);
            type(channel, CTRL_D);
            output.rest();
            assertEquals(0, channel.recvExitStatus());
        }
    }

    @Test
    void ctrlCStopsTheCommandThatRuns() throws Exception {
        try (Transport client = appliance.passwordLogin(shell, directory)) {
            Channel channel = terminalShell(client);
            type(channel, "block\r");
            assertTrue(blocked.await(20, TimeUnit.SECONDS), "the command started");
            type(channel, CTRL_C);
            assertEquals("interrupted", next());
            type(channel, "echo after\r");
            assertEquals("echo after", next(), "the shell goes on, not interrupted itself");
            type(channel, "exit\r");
            channel.getInputStream().readAllBytes();
            assertEquals(0, channel.recvExitStatus());
        }
    }

    /** Without a terminal the shell reads plain lines, each after the prompt, until exit. */
    @Test
    void withoutATerminalLinesArePlain() throws Exception {
        try (Transport client = appliance.passwordLogin(shell, directory)) {
            Channel channel = client.openSession();
            channel.invokeShell();
            type(channel, "echo one\n\nexit\necho never\n");
            assertEquals("echo one", next());
            assertEquals(PROMPT.repeat(3), new String(channel.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                    "a prompt before each line read, the blank one included");
            assertEquals(0, channel.recvExitStatus());
            assertEquals(null, lines.poll(), "nothing after exit");
        }
    }

    /** Without a terminal, the client's INT signal does what Ctrl-C does. */
    @Test
    void theIntSignalStopsACommandWithoutATerminal() throws Exception {
        try (Transport client = appliance.passwordLogin(shell, directory)) {
            Channel channel = client.openSession();
            channel.exec("block");
            assertTrue(blocked.await(20, TimeUnit.SECONDS), "the command started");
            channel.sendSignal("INT");
            assertEquals("interrupted", next());
            assertEquals("stopped\n", new String(channel.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(0, channel.recvExitStatus());
        }
    }

    /**
     * The client's window changes reach the terminal, also while a command runs, and its first size
     * is the pty request's.
     */
    @Test
    void windowChangesReachTheTerminal() throws Exception {
        PipedOutputStream keys = new PipedOutputStream();
        CommandControl control = new CommandControl(100, 30);
        PtyRequest pty = new PtyRequest("xterm", 100, 30, 0, 0, new byte[] {0});
        try (LineEditingTerminal terminal = new LineEditingTerminal(new PipedInputStream(keys),
                OutputStream.nullOutputStream(), pty, () -> { }, control, null)) {
            assertEquals(100, terminal.size().getColumns());
            control.changeWindow(132, 50);
            assertEquals(132, terminal.size().getColumns());
            assertEquals(50, terminal.size().getRows());
        }
    }

    /**
     * The client's terminal modes (RFC 4254 section 8) are the terminal's: with intr ^G and erase
     * ^_, ^G stops the command that runs and ^_ erases, while DEL, no longer the erase character,
     * is typed as one, as on the client's own terminal.
     */
    @Test
    void theClientsModesChooseTheSpecialCharacters() throws Exception {
        byte[] modes = {1, 0, 0, 0, 0x07, 3, 0, 0, 0, 0x1f, 0};
        try (Transport client = appliance.passwordLogin(shell, directory)) {
            Channel channel = client.openSession();
            channel.getPty("xterm", 100, 30, 0, 0, modes);
            channel.invokeShell();
            ChannelOutput output = new ChannelOutput(channel.getInputStream());
            output.await(PROMPT, 1);
            type(channel, "echo twX\u001fo\r");
            assertEquals("echo two", next());
            output.await(PROMPT, 2);
            type(channel, "echo ab" + BACKSPACE + "\r");
            assertEquals("echo ab" + BACKSPACE, next());
            type(channel, "block\r");
            assertTrue(blocked.await(20, TimeUnit.SECONDS), "the command started");
            type(channel, "\u0007");
            assertEquals("interrupted", next());
            type(channel, "exit\r");
            channel.getInputStream().readAllBytes();
            assertEquals(0, channel.recvExitStatus());
        }
    }

    /** Each mode JLine has lands on its attributes; a disabled character matches no byte. */
    @Test
    void modesBecomeTheTerminalsAttributes() {
        // VINTR disabled, VQUIT 0x11c (its low byte), ECHO off, ONLCR off, ICRNL off, VSUSP ^Y
        Map<Integer, Long> modes = PtyModes.decode(new byte[] {1, 0, 0, 0, (byte) 255, 2, 0, 0, 1, 0x1c, 53, 0, 0,
            0, 0, 72, 0, 0, 0, 0, 36, 0, 0, 0, 0, 10, 0, 0, 0, 0x19, 0});
        Attributes attributes = ChannelTerminal.withModes(new Attributes(), modes);
        int disabled = attributes.getControlChar(Attributes.ControlChar.VINTR);
        // JLine compares input bytes as signed values; a char of the reader's keymaps is unsigned
        assertTrue(IntStream.rangeClosed(Byte.MIN_VALUE, 0xFF).noneMatch(b -> b == disabled), "matches no byte");
        assertEquals(0x1c, attributes.getControlChar(Attributes.ControlChar.VQUIT));
        assertEquals(0x19, attributes.getControlChar(Attributes.ControlChar.VSUSP));
        assertFalse(attributes.getLocalFlag(Attributes.LocalFlag.ECHO));
        assertFalse(attributes.getOutputFlag(Attributes.OutputFlag.ONLCR));
        assertFalse(attributes.getInputFlag(Attributes.InputFlag.ICRNL));
        assertEquals(Map.of(), PtyModes.decode(new byte[] {53, 0, 0}), "cut short: no modes");
    }

    /**
     * With shellHistory, a user's lines outlive the session: the next one brings them back with Up.
     * The file is the server's account's alone, and a name that is no plain file name gets a digest
     * for its file, inside the directory.
     */
    @Test
    void linesAreKeptForTheUsersNextSession() throws Exception {
        Path histories = directory.resolve("history");
        CommandRunner keeping = (channel, command, pty, control, environment, login) -> shell.run(channel, command,
                pty, control, environment, login.withHistoryIn(histories));
        try (Transport client = appliance.passwordLogin(keeping, directory)) {
            Channel first = terminalShell(client);
            ChannelOutput output = new ChannelOutput(first.getInputStream());
            output.await(PROMPT, 1);
            type(first, "echo kept\r");
            assertEquals("echo kept", next());
            output.await(PROMPT, 2);
            type(first, CTRL_D);
            output.rest();
            Channel second = terminalShell(client);
            output = new ChannelOutput(second.getInputStream());
            output.await(PROMPT, 1);
            type(second, UP + "\r");
            assertEquals("echo kept", next(), "Up brings back the last session's line");
            output.await(PROMPT, 2);
            type(second, CTRL_D);
            output.rest();
        }
        Path file = histories.resolve("pat");
        assertTrue(Files.readString(file).contains("echo kept"), "kept in a file of the user's name");
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(histories));
        Path odd = new ShellLogin("../x", List.of(), null, null).withHistoryIn(histories).history();
        assertEquals(histories, odd.getParent());
        assertTrue(odd.getFileName().toString().matches("~[0-9a-f]{32}"), odd::toString);
    }

    /**
     * A history file JLine cannot read (a line cut short after a backslash, as a full disk or a
     * hand edit leaves one) costs the session that file, not the session; and a link where the
     * file should be is not followed: that session keeps its lines in memory.
     */
    @Test
    void aHistoryFileThatCannotServeLeavesTheShellWorking() throws Exception {
        Path histories = Files.createDirectories(directory.resolve("history"));
        Files.writeString(histories.resolve("pat"), "1795794064422:cut short\\\n");
        Path elsewhere = Files.writeString(directory.resolve("elsewhere"), "1795794064422:not yours\n");
        CommandRunner keeping = (channel, command, pty, control, environment, login) -> shell.run(channel, command,
                pty, control, environment, login.withHistoryIn(histories));
        try (Transport client = appliance.passwordLogin(keeping, directory)) {
            typeAndRecall(client, "echo still");
            Files.delete(histories.resolve("pat"));
            Files.createSymbolicLink(histories.resolve("pat"), elsewhere);
            typeAndRecall(client, "echo linked");
        }
        assertEquals("1795794064422:not yours\n", Files.readString(elsewhere), "the link's target is left alone");
    }

    /** In a new session on {@code client}: types {@code line}, then brings it back with Up. */
    private void typeAndRecall(Transport client, String line) throws Exception {
        Channel channel = terminalShell(client);
        ChannelOutput output = new ChannelOutput(channel.getInputStream());
        output.await(PROMPT, 1);
        type(channel, line + "\r");
        assertEquals(line, next());
        output.await(PROMPT, 2);
        type(channel, UP + "\r");
        assertEquals(line, next(), "the session's own lines come back");
        output.await(PROMPT, 3);
        type(channel, CTRL_D);
        output.rest();
        assertEquals(0, channel.recvExitStatus());
    }

    /** A command that never ends by itself (log:tail) is interrupted when its channel closes. */
    @Test
    void closingTheChannelStopsTheCommandThatRuns() throws Exception {
        try (Transport client = appliance.passwordLogin(shell, directory)) {
            Channel channel = client.openSession();
            channel.exec("block");
            assertTrue(blocked.await(20, TimeUnit.SECONDS), "the command started");
            channel.close();
            assertEquals("interrupted", next());
        }
    }

    @Test
    void terminalTypesJLineDoesNotDescribeGetTheirFamilys() {
        assertEquals("xterm-256color", ChannelTerminal.describedType("xterm-256color"));
        assertEquals("xterm", ChannelTerminal.describedType("xterm-kitty"));
        assertEquals("screen-256color", ChannelTerminal.describedType("tmux-256color"));
        assertEquals("rxvt-unicode", ChannelTerminal.describedType("rxvt-88color"));
        assertEquals("ansi", ChannelTerminal.describedType("vt100"));
        assertEquals("ansi", ChannelTerminal.describedType(null));
        assertEquals("dumb", ChannelTerminal.describedType("DUMB"));
    }
}
