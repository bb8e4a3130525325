// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.amiko.Channel;
import org.amiko.server.PtyRequest;
import org.amiko.sshd.OsCommand;

/**
 * Runs command lines of an in-process shell (Gogo, Karaf's console) on a session channel:
 * {@code exec} runs one line and reports 0, or 1 with the error on stderr; {@code shell} reads
 * lines with a small line editor (echo, backspace, Ctrl-C, Ctrl-D) when the client asked for a
 * pty, and runs each. Subclasses open the shell's sessions.
 *
 * <p>When the channel closes under a running command (the client went away), the thread running
 * it is interrupted, as Karaf's console interrupts on Ctrl-C: a command that never ends by itself,
 * such as {@code log:tail}, writing into a {@link PrintStream} that swallows the closed channel's
 * errors, would otherwise hold its thread for good.
 */
abstract class ShellRunner implements CommandRunner {

    /** One session of the shell, open for one channel. */
    interface ShellSession extends AutoCloseable {
        /** Runs a command line; the result (possibly null) is printed by the caller. */
        Object execute(String line) throws Exception;

        /** How a result is shown. */
        String format(Object result);

        @Override
        void close();
    }

    /** Opens a session reading {@code in} and writing {@code out} and {@code err}. */
    abstract ShellSession open(InputStream in, PrintStream out, PrintStream err, Map<String, String> environment);

    /** The prompt of the interactive shell. */
    abstract String prompt();

    /** The prefix of error lines, so users see which shell answered. */
    abstract String name();

    @Override
    public final void run(Channel channel, String command, PtyRequest pty, Map<String, String> environment) {
        RunningThread running = new RunningThread(Thread.currentThread());
        channel.whenClosed().thenRun(running::interrupt);
        try {
            runLines(channel, command, pty, environment);
        } finally {
            running.finished();
        }
    }

    /** The thread running a channel's commands, to interrupt until it has finished with them. */
    private static final class RunningThread {
        private final Thread thread;
        private boolean finished;

        RunningThread(Thread thread) {
            this.thread = thread;
        }

        synchronized void interrupt() {
            if (!finished) {
                thread.interrupt();
            }
        }

        /** No interrupt reaches the thread after this: it goes back to its pool clean. */
        synchronized void finished() {
            finished = true;
            Thread.interrupted();
        }
    }

    private void runLines(Channel channel, String command, PtyRequest pty, Map<String, String> environment) {
        OutputStream rawOut = pty == null ? channel.getOutputStream() : new CrLfOutputStream(channel.getOutputStream());
        OutputStream rawErr = pty == null ? channel.getExtendedOutputStream()
                : new CrLfOutputStream(channel.getExtendedOutputStream());
        PrintStream out = new PrintStream(rawOut, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(rawErr, true, StandardCharsets.UTF_8);
        int status = 0;
        try (ShellSession session = open(channel.getInputStream(), out, err, environment)) {
            if (command != null) {
                status = execute(session, command, out, err);
            } else {
                LineEditor editor = new LineEditor(channel.getInputStream(), rawOut, pty != null);
                String line;
                out.print(prompt());
                while ((line = editor.readLine()) != null) {
                    if (line.trim().equals("exit") || line.trim().equals("logout")) {
                        break;
                    }
                    if (!line.isBlank()) {
                        status = execute(session, line, out, err);
                    }
                    out.print(prompt());
                }
            }
        } catch (IOException e) {
            status = 255;
        }
        out.flush();
        err.flush();
        OsCommand.finish(channel, status, null, null);
    }

    private int execute(ShellSession session, String line, PrintStream out, PrintStream err) {
        try {
            Object result = session.execute(line);
            if (result != null) {
                out.println(session.format(result));
            }
            return 0;
        } catch (Exception e) {
            err.println(name() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
    }
}
