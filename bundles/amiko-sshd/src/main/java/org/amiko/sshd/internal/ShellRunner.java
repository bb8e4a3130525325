// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;
import org.amiko.Channel;
import org.amiko.server.PtyRequest;
import org.amiko.sshd.CommandControl;
import org.amiko.sshd.OsCommand;

/**
 * Runs command lines of an in-process shell (Gogo, Karaf's console) on a session channel:
 * {@code exec} runs one line and reports 0, or 1 with the error on stderr; {@code shell} reads
 * lines and runs each. With a pty and JLine installed (the Felix distribution ships it, Karaf has
 * it) a shell with a console of its own runs that ({@link #console}: Karaf's); the others' lines are
 * read as in Karaf's console, with editing, history, Ctrl-C and the window's size
 * ({@link LineEditingTerminal}); without JLine, with a small line editor (echo, backspace, Ctrl-C,
 * Ctrl-U, Ctrl-D); without a pty, as plain lines. Subclasses open the shell's sessions, and may run
 * them as the login ({@link #runAs}: Karaf's JAAS subject).
 *
 * <p>A running command is interrupted, as Karaf's console interrupts it on Ctrl-C, when the client
 * sends the {@code INT} signal (RFC 4254 section 6.9) or types Ctrl-C on a JLine terminal, and when
 * the channel closes under it (the client went away): a command that never ends by itself, such as
 * {@code log:tail}, writing into a {@link PrintStream} that swallows the closed channel's errors,
 * would otherwise hold its thread for good.
 */
abstract class ShellRunner implements CommandRunner {
    private static final System.Logger LOG = System.getLogger("org.amiko.sshd");

    /** Whether JLine can be loaded here: in OSGi, whether the optional import was wired. */
    private static final boolean JLINE = jlinePresent();

    /** One session of the shell, open for one channel. */
    interface ShellSession extends AutoCloseable {
        /** Runs a command line; the result (possibly null) is printed by the caller. */
        Object execute(String line) throws Exception;

        /** How a result is shown. */
        String format(Object result);

        /** The command names Tab completes on a terminal ({@code lb}, {@code felix:lb}); none by default. */
        default Collection<String> commandNames() {
            return List.of();
        }

        @Override
        void close();
    }

    /** Opens a session reading {@code in} and writing {@code out} and {@code err}. */
    abstract ShellSession open(InputStream in, PrintStream out, PrintStream err, Map<String, String> environment);

    /** The prompt of the interactive shell. */
    abstract String prompt();

    /** The prefix of error lines, so users see which shell answered. */
    abstract String name();

    /** {@code scope:name} command names, each also as its plain {@code name}, sorted, for Tab. */
    static Collection<String> withPlainNames(Collection<?> scoped) {
        TreeSet<String> names = new TreeSet<>();
        for (Object command : scoped) {
            String name = String.valueOf(command);
            names.add(name);
            names.add(name.substring(name.indexOf(':') + 1));
        }
        return names;
    }

    private static boolean jlinePresent() {
        try {
            Class.forName("org.jline.reader.LineReader", false, ShellRunner.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public final void run(Channel channel, String command, PtyRequest pty, CommandControl control,
            Map<String, String> environment, ShellLogin login) {
        runAs(login, () -> runHere(channel, command, pty, control, environment,
                login == null ? null : login.history()));
    }

    /**
     * Runs the shell or command on this thread, which the channel's end and INT interrupt.
     *
     * @param history where the user's lines are kept, or null
     */
    private void runHere(Channel channel, String command, PtyRequest pty, CommandControl control,
            Map<String, String> environment, Path history) {
        RunningThread running = new RunningThread(Thread.currentThread());
        channel.whenClosed().thenRun(running::interrupt);
        if (control != null) {
            // INT stops the command that runs, as Ctrl-C does; the other signals mean nothing in process
            control.onSignal(name -> name.equals("INT") && running.interruptCommand());
        }
        try {
            runLines(channel, command, pty, control, environment, running, history);
        } finally {
            running.finished();
            if (control != null) {
                // the channel may outlive the shell by a moment: nothing must reach the closed terminal
                control.onWindowChange(() -> { });
                control.onSignal(name -> false);
            }
        }
    }

    /**
     * Runs {@code body}, the shell or command, for {@code login} (null in tests) and returns when it
     * has ended: here, on this thread; Karaf's console runs it on a thread of its own under the
     * login's JAAS subject.
     */
    void runAs(ShellLogin login, Runnable body) {
        body.run();
    }

    /**
     * Runs the interactive shell on a terminal with a console of the shell's own, and returns its
     * exit status; or returns none, having read nothing, where there is none (Gogo), for this
     * runner's own line reading. Called only where JLine is installed.
     */
    OptionalInt console(Channel channel, PtyRequest pty, CommandControl control, Map<String, String> environment) {
        return OptionalInt.empty();
    }

    /** The thread running a channel's commands, to interrupt until it has finished with them. */
    private static final class RunningThread {
        private final Thread thread;
        private boolean finished;
        private boolean commandRunning;

        RunningThread(Thread thread) {
            this.thread = thread;
        }

        synchronized void interrupt() {
            if (!finished) {
                thread.interrupt();
            }
        }

        /** Interrupts the command that runs, if one does; returns whether one did. */
        synchronized boolean interruptCommand() {
            if (!finished && commandRunning) {
                thread.interrupt();
                return true;
            }
            return false;
        }

        synchronized void commandStarted() {
            commandRunning = true;
        }

        /**
         * A Ctrl-C meant for the command that ended must not stop the next line's reading; an
         * interrupt for the closed channel does not matter, since the next read ends the shell.
         */
        synchronized void commandEnded() {
            commandRunning = false;
            Thread.interrupted();
        }

        /** No interrupt reaches the thread after this: it goes back to its pool clean. */
        synchronized void finished() {
            finished = true;
            Thread.interrupted();
        }
    }

    private void runLines(Channel channel, String command, PtyRequest pty, CommandControl control,
            Map<String, String> environment, RunningThread running, Path history) {
        OutputStream rawOut = pty == null ? channel.getOutputStream() : new CrLfOutputStream(channel.getOutputStream());
        OutputStream rawErr = pty == null ? channel.getExtendedOutputStream()
                : new CrLfOutputStream(channel.getExtendedOutputStream());
        PrintStream out = new PrintStream(rawOut, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(rawErr, true, StandardCharsets.UTF_8);
        int status = 0;
        LineEditingTerminal terminal = null;
        try {
            if (command == null && pty != null && JLINE) {
                OptionalInt consoleStatus = console(channel, pty, control, environment);
                if (consoleStatus.isPresent()) {
                    OsCommand.finish(channel, consoleStatus.getAsInt(), null, null);
                    return;
                }
                terminal = lineEditing(channel, pty, control, running, history);
            }
            try (ShellSession session = open(terminal == null ? channel.getInputStream() : terminal.input(), out,
                    err, environment)) {
                if (terminal != null) {
                    terminal.completeCommands(session::commandNames);
                }
                if (command != null) {
                    status = execute(session, command, out, err, running);
                } else {
                    Lines lines = terminal != null ? terminal::readLine
                            : plainLines(new LineEditor(channel.getInputStream(), rawOut, pty != null), out);
                    String line;
                    while ((line = lines.next(prompt())) != null && !isExit(line)) {
                        if (!line.isBlank()) {
                            status = execute(session, line, out, err, running);
                        }
                    }
                }
            }
        } catch (IOException e) {
            status = 255;
        } catch (RuntimeException e) {
            // a fault of the line reading (JLine's) or of the shell itself: the session still ends
            // with a status and its channel closes, rather than hang without either
            LOG.log(System.Logger.Level.WARNING, "the " + name() + " shell failed", e);
            status = 255;
        } finally {
            closeQuietly(terminal);
        }
        out.flush();
        err.flush();
        OsCommand.finish(channel, status, null, null);
    }

    /** Where the interactive shell's lines come from: the next after {@code prompt}, or null at the end. */
    private interface Lines {
        String next(String prompt) throws IOException;
    }

    /** The plain line editor's lines, each after the prompt. */
    private static Lines plainLines(LineEditor editor, PrintStream out) {
        return prompt -> {
            out.print(prompt);
            return editor.readLine();
        };
    }

    /**
     * A JLine terminal on the channel, or null, when JLine fails to open one (a version this was not
     * built against, say), for the plain line editor to serve the session instead.
     */
    private static LineEditingTerminal lineEditing(Channel channel, PtyRequest pty, CommandControl control,
            RunningThread running, Path history) {
        try {
            return new LineEditingTerminal(channel.getInputStream(), channel.getOutputStream(), pty,
                    running::interruptCommand, control, history);
        } catch (IOException | RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING,
                    "JLine cannot open a terminal, so the shell has a plain line editor: {0}", e.toString());
            return null;
        }
    }

    private static boolean isExit(String line) {
        return line.trim().equals("exit") || line.trim().equals("logout");
    }

    private static void closeQuietly(LineEditingTerminal terminal) {
        if (terminal != null) {
            try {
                terminal.close();
            } catch (IOException e) {
                // the channel is closing anyway; its status still goes out below
            }
        }
    }

    private int execute(ShellSession session, String line, PrintStream out, PrintStream err, RunningThread running) {
        running.commandStarted();
        try {
            Object result = session.execute(line);
            if (result != null) {
                out.println(session.format(result));
            }
            return 0;
        } catch (Exception e) {
            err.println(name() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        } finally {
            running.commandEnded();
        }
    }
}
