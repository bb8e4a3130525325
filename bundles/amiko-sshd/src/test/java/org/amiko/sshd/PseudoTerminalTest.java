// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
        PseudoTerminal terminal = PseudoTerminal.of(new PtyRequest("xterm", window.columns(), window.rows(), 0, 0, modes),
                window);
        ProcessBuilder builder = new ProcessBuilder(terminal.commandLine(command));
        builder.environment().put("SHELL", "/bin/sh");
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
