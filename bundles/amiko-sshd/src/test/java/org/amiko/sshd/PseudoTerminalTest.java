// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.amiko.server.PtyRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The terminal's start, where a window change and the client's first input meet the wrapper's own stty. */
@Timeout(60)
class PseudoTerminalTest {
    private final ExecutorService resizer = Executors.newSingleThreadExecutor();
    private Process process;

    @BeforeEach
    void needsScript() {
        assumeTrue(PseudoTerminal.available(), "util-linux script(1) not installed");
    }

    @AfterEach
    void stop() {
        if (process != null) {
            process.destroyForcibly();
        }
        resizer.shutdownNow();
    }

    private PseudoTerminal start(String command, CommandControl window, byte[] modes) throws Exception {
        return start(command, window, modes, Map.of("SHELL", "/bin/sh"));
    }

    private PseudoTerminal start(String command, CommandControl window, byte[] modes, Map<String, String> environment)
            throws Exception {
        PseudoTerminal terminal = PseudoTerminal.of(new PtyRequest("xterm", window.columns(), window.rows(), 0, 0, modes),
                window);
        ProcessBuilder builder = new ProcessBuilder(terminal.commandLine(OsCommand.DEFAULT_SHELL, OsCommand.DEFAULT_SHELL, command));
        builder.environment().putAll(environment);
        process = builder.start();
        terminal.follow(process, resizer);
        return terminal;
    }

    /**
     * A change that comes before the terminal is ready is set once it is, before the client's
     * input goes in: the wrapper's own stty cannot undo it, and the command that reads the size
     * after the input finds it.
     */
    @Test
    void aWindowChangeBeforeTheTerminalIsReadyIsSetBeforeTheInputGoesIn() throws Exception {
        CommandControl window = new CommandControl(80, 24);
        PseudoTerminal terminal = start("read x; stty size", window, new byte[] {0});
        window.changeWindow(132, 50);
        ByteArrayOutputStream early = new ByteArrayOutputStream();
        assertTrue(terminal.awaitReady(process.getInputStream(), early));
        assertEquals(0, early.size(), early::toString);
        process.getOutputStream().write('\n');
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor());
        // the terminal echoes the newline (ONLCR: CR LF)
        assertEquals("\r\n50 132\r\n", out);
    }

    /**
     * Output before the marker, as bash prints when the client's LC_ALL names a locale the server
     * lacks (where /bin/sh is bash, here its stand-in), goes on to the client without the marker,
     * and window changes are still followed.
     */
    @Test
    void outputBeforeTheMarkerGoesOnAndTheTerminalIsStillFollowed() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no bash");
        CommandControl window = new CommandControl(80, 24);
        PseudoTerminal terminal = start("read x; stty size", window, new byte[] {0},
                Map.of("SHELL", "/bin/bash", "LC_ALL", "xx_XX.amiko-none"));
        window.changeWindow(132, 50);
        ByteArrayOutputStream early = new ByteArrayOutputStream();
        assertTrue(terminal.awaitReady(process.getInputStream(), early));
        assertTrue(early.toString(StandardCharsets.UTF_8).contains("warning: setlocale: LC_ALL"),
                early::toString);
        process.getOutputStream().write('\n');
        process.getOutputStream().close();
        assertEquals("\r\n50 132\r\n", new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Output that never shows the marker all goes on. */
    @Test
    void withoutAMarkerEverythingGoesOn() throws Exception {
        CommandControl window = new CommandControl(80, 24);
        PseudoTerminal terminal = PseudoTerminal.of(new PtyRequest("xterm", 80, 24, 0, 0, new byte[] {0}), window);
        byte[] output = new byte[20_000];
        java.util.Arrays.fill(output, (byte) '7');
        ByteArrayOutputStream passed = new ByteArrayOutputStream();
        assertFalse(terminal.awaitReady(new java.io.ByteArrayInputStream(output, 0, 100), passed));
        assertEquals(100, passed.size());
        passed.reset();
        java.io.ByteArrayInputStream more = new java.io.ByteArrayInputStream(output);
        assertFalse(terminal.awaitReady(more, passed));
        assertTrue(passed.size() < output.length);
        assertEquals(output.length, passed.size() + more.available());
    }

    /** The client's modes are set before its first input reaches the terminal: ECHO off hides it. */
    @Test
    void theFirstInputFindsTheClientsModes() throws Exception {
        byte[] echoOff = {53, 0, 0, 0, 0, 0};
        PseudoTerminal terminal = start("read x; echo \"got $x\"", new CommandControl(80, 24), echoOff);
        assertTrue(terminal.awaitReady(process.getInputStream(), new ByteArrayOutputStream()));
        process.getOutputStream().write("SECRET\n".getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("got SECRET\r\n", out);
    }
}
