// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd;

import java.io.File;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.amiko.Channel;
import org.amiko.ExitSignal;
import org.amiko.Transport;
import org.amiko.server.PtyRequest;

/**
 * Serves a session channel with an operating-system process ({@code shell=os}), as sshd runs a
 * session: a command with the shell ({@code /bin/sh -c COMMAND}, or another shell), a client's
 * shell as a login shell ({@code /bin/sh -l}), as the server's own user, pumping the channel to the
 * process's stdin and its stdout and stderr to the channel's data and extended data, then reports
 * the exit status. Java cannot tell a shell killed by a signal from one that exited with 128 + n,
 * so the status is always sent as {@code exit-status}.
 *
 * <p>It runs where and as sshd runs a session's command (its {@code session.c}): in the home
 * directory of the account this server runs as ({@code /} when that is missing, saying so on the
 * command's standard error, as sshd does), in a fresh environment, not the server's: {@code USER},
 * {@code LOGNAME}, {@code HOME}, {@code PATH} (Debian sshd's, with {@code /usr/sbin} for root),
 * {@code MAIL}, {@code SHELL}, {@code TERM} on a terminal; then the server's {@code TZ} and what
 * {@code /etc/environment} and {@code /etc/default/locale} say (which Debian's sshd reads through
 * {@code pam_env}); then the session's variables the caller gives; then {@code SSH_CLIENT} and
 * {@code SSH_CONNECTION}. Before 1.1 a command ran in the server's directory with the server's
 * environment, to which the caller's variables were added.
 *
 * <p>A session that asked for a pty ({@code ssh -t}) runs on a pseudo-terminal, as with sshd
 * ({@link PseudoTerminal}): it is the command's controlling terminal, of the client's window size
 * and modes, and follows its window changes; output and errors both come through the terminal.
 *
 * <p>A command still running when its channel closes (the client closed it, or the connection was
 * lost) is stopped with its descendants: SIGTERM, then SIGKILL after {@link #KILL_GRACE} for what
 * is still alive. On a terminal it is hung up instead, as sshd hangs it up by closing the
 * terminal: its session gets SIGHUP, and what is left SIGKILL after the grace. Without a terminal
 * sshd leaves the command running; here one left behind would also hold a relay thread for as
 * long as it runs.
 */
public final class OsCommand {
    private static final System.Logger LOG = System.getLogger("org.amiko.sshd");

    private static final int PIPE_BYTES = 64 * 1024;

    /**
     * The shell commands run with unless another is named: POSIX's.
     *
     * @since 1.1
     */
    public static final String DEFAULT_SHELL = "/bin/sh";

    /** How long a command has to exit after SIGTERM before it is killed. */
    public static final Duration KILL_GRACE = Duration.ofSeconds(5);

    private OsCommand() {}

    /**
     * Runs {@code command} (null for an interactive shell) on {@code channel} and returns once it
     * has exited, its exit status has been sent and the channel closed, with {@link #DEFAULT_SHELL}.
     * A terminal keeps the size {@code pty} gives it, and the command gets no signals.
     *
     * @param pty the terminal the client asked for, or null; its type becomes {@code TERM}
     * @param environment the session's variables, set over sshd's (see above)
     * @param pumps runs the stdin and stderr copying threads
     */
    public static void run(Channel channel, String command, PtyRequest pty, Map<String, String> environment,
            ExecutorService pumps) {
        run(DEFAULT_SHELL, channel, command, pty, null, environment, pumps);
    }

    /**
     * Runs {@code command} (null for an interactive shell) on {@code channel} and returns once it
     * has exited, its exit status has been sent and the channel closed.
     *
     * @param shell the absolute path of the shell that runs it ({@code SHELL -c COMMAND}, and
     *        {@code SHELL -l} for an interactive session, as sshd runs the user's shell as a login
     *        shell), such as {@link #DEFAULT_SHELL} or {@code /bin/bash}
     * @param pty the terminal the client asked for, or null; its type becomes {@code TERM}
     * @param control the terminal's size and the signals the client sends while the command runs;
     *        null for the size {@code pty} gives and no signals
     * @param environment the session's variables, set over sshd's (see above): the client's accepted
     *        ones, {@code SSH_AUTH_SOCK}, {@code DISPLAY}, a key's, the server's own, and
     *        {@code SSH_ORIGINAL_COMMAND} for a forced command, in the order sshd sets them
     * @param pumps runs the stdin and stderr copying threads, and the terminal's size changes
     * @since 1.1
     */
    public static void run(String shell, Channel channel, String command, PtyRequest pty, CommandControl control,
            Map<String, String> environment, ExecutorService pumps) {
        Objects.requireNonNull(shell, "shell");
        PseudoTerminal terminal = pty != null && PseudoTerminal.available()
                ? PseudoTerminal.of(pty, control != null ? control : new CommandControl(pty.columns(), pty.rows()))
                : null;
        LoginEnvironment.Account account = LoginEnvironment.Account.current();
        String homeProblem = LoginEnvironment.homeProblem(account);
        Transport transport = channel.getTransport();
        Map<String, String> variables = LoginEnvironment.of(account, shell, pty == null ? null : pty.term(), environment,
                LoginEnvironment.systemVariables(), transport == null ? null : transport.getPeerName(),
                transport == null ? null : transport.getLocalName());
        ProcessBuilder builder;
        if (terminal != null) {
            // script(1) runs its wrapper with $SHELL; the wrapper then sets the session's SHELL
            builder = new ProcessBuilder(terminal.commandLine(shell, variables.get("SHELL"), command));
            variables.put("SHELL", DEFAULT_SHELL);
        } else {
            builder = command == null ? new ProcessBuilder(shell, "-l") : new ProcessBuilder(shell, "-c", command);
        }
        builder.directory(homeProblem == null ? account.home().toFile() : new File("/"));
        Process process;
        try {
            builder.environment().clear();
            builder.environment().putAll(variables);
            if (homeProblem != null) {
                // on the command's standard error, as sshd writes it: through the terminal if it has one
                (terminal != null ? channel.getOutputStream() : channel.getExtendedOutputStream())
                        .write((homeProblem + (terminal != null ? "\r\n" : "\n")).getBytes(StandardCharsets.UTF_8));
            }
            process = builder.start();
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: a NUL in a variable, which the request handlers should have refused
            finish(channel, 127, null, "cannot start " + builder.command().get(0) + ": " + e.getMessage());
            return;
        }
        // not on the pumps: when the server stops, it shuts them down before its channels end,
        // and a rejected stop would leave the command running
        channel.whenClosed().thenRun(() -> stop(process, terminal != null));
        if (control != null) {
            control.onSignal(name -> signal(process, terminal, name));
        }
        if (terminal != null) {
            terminal.follow(process, pumps);
            try {
                terminal.awaitReady(process.getInputStream(), channel.getOutputStream());
            } catch (IOException e) {
                LOG.log(Level.TRACE, () -> "terminal not ready: " + e.getMessage());
            }
        }
        // the client's EOF ends a command's input; on a terminal sshd lets it go, and so does this
        // server: script(1) would type the end-of-file character, a keystroke to a full-screen program
        Future<?> stdin = pumps.submit(() -> feed(channel.getInputStream(), process.getOutputStream(), terminal == null));
        Future<?> stderr = pumps.submit(() -> pump(process.getErrorStream(), channel.getExtendedOutputStream()));
        pump(process.getInputStream(), channel.getOutputStream());
        try {
            stderr.get();
            int status = process.waitFor();
            stdin.cancel(true);
            finish(channel, status, null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } catch (ExecutionException e) {
            process.destroyForcibly();
            finish(channel, 255, null, null);
        } finally {
            if (control != null) {
                // its pids and its terminal's number may be another's now
                control.onSignal(name -> false);
                control.onWindowChange(() -> { });
            }
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /**
     * Sends signal {@code name} (one of {@link CommandControl#SIGNALS}) where sshd sends it, to
     * the command's process group: on a terminal the session {@code script} started, whose leader
     * leads its group; else the shell and all it started, which share the JVM's group, so that
     * group cannot be named.
     */
    private static boolean signal(Process process, PseudoTerminal terminal, String name) {
        String targets;
        if (terminal != null) {
            Optional<ProcessHandle> leader = terminal.leader().filter(ProcessHandle::isAlive);
            if (leader.isEmpty()) {
                return false;
            }
            targets = "-- -" + leader.get().pid();
        } else {
            // the shell first, then what it had started: a child it starts meanwhile is missed, where
            // sshd's killpg misses none; TERM and KILL go at once, without a process to start
            List<ProcessHandle> tree = new ArrayList<>(List.of(process.toHandle()));
            tree.addAll(process.descendants().toList());
            if (name.equals("TERM") || name.equals("KILL")) {
                LOG.log(Level.DEBUG, () -> "signal " + name + " to " + tree);
                boolean sent = false;
                for (ProcessHandle target : tree) {
                    sent |= name.equals("KILL") ? target.destroyForcibly() : target.destroy();
                }
                return sent;
            }
            targets = tree.stream().filter(ProcessHandle::isAlive).map(handle -> Long.toString(handle.pid()))
                    .collect(Collectors.joining(" "));
            if (targets.isEmpty()) {
                return false;
            }
        }
        LOG.log(Level.DEBUG, () -> "signal " + name + " to " + targets);
        // the shell's kill: Java sends only TERM and KILL, and /bin/kill may not be installed
        return QuietCommand.succeeds(List.of("/bin/sh", "-c", "kill -s " + name + " " + targets), "signal " + name);
    }

    /**
     * Whether sessions with a pty run on a pseudo-terminal: util-linux's {@code script} is installed.
     *
     * @since 1.1
     */
    public static boolean terminalsAvailable() {
        return PseudoTerminal.available();
    }

    /**
     * Stops a command whose channel closed under it, and the processes it started: its shell's
     * children would otherwise keep the output pipe open. On a terminal, killing {@code script}
     * closes the terminal, and the kernel hangs up the session.
     */
    private static void stop(Process process, boolean onTerminal) {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        LOG.log(Level.DEBUG, () -> "channel closed; " + (onTerminal ? "hanging up" : "stopping") + " process "
                + process.pid() + " and " + tree.size() + " descendants");
        if (onTerminal) {
            process.destroyForcibly();
        } else {
            tree.add(process.toHandle());
            tree.forEach(ProcessHandle::destroy);
        }
        // a handle keeps its process's start time, so a reused pid is not killed
        CompletableFuture.delayedExecutor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly));
    }

    /** Copies a process's output to the channel until EOF. */
    private static Void pump(InputStream from, OutputStream to) {
        // most commands say little (and stderr often nothing): start small, and grow to what a
        // Linux pipe holds (64 KiB, two packets per read) once a read fills the buffer
        byte[] buffer = new byte[4 * 1024];
        try {
            int count;
            while ((count = from.read(buffer)) >= 0) {
                to.write(buffer, 0, count);
                to.flush();
                if (count == buffer.length && buffer.length < PIPE_BYTES) {
                    buffer = new byte[PIPE_BYTES];
                }
            }
        } catch (IOException e) {
            LOG.log(Level.TRACE, () -> "pump ended: " + e.getMessage());
        }
        return null;
    }

    /**
     * Copies the client's data to the process's stdin until EOF, each write flushed at once (a
     * keystroke must not wait in the stream's buffer); the channel's stream writes from the
     * received packets themselves. {@code closeTarget} closes stdin when the client sends EOF.
     */
    private static Void feed(InputStream from, OutputStream to, boolean closeTarget) {
        try {
            from.transferTo(new FilterOutputStream(to) {
                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    out.write(bytes, offset, length);
                    out.flush();
                }
            });
        } catch (IOException e) {
            LOG.log(Level.TRACE, () -> "stdin ended: " + e.getMessage());
        } finally {
            if (closeTarget) {
                try {
                    to.close();
                } catch (IOException e) {
                    // the process is gone
                }
            }
        }
        return null;
    }

    /**
     * Ends a session channel: optional error text on stderr, the exit status (or signal), EOF, then
     * CLOSE. The status goes before the EOF, as sshd most often sends it (when it reaps the
     * command, before its output has drained): Dropbear's client answers an EOF with CLOSE when
     * its own input has ended, and ignores a status that comes after.
     */
    public static void finish(Channel channel, int status, ExitSignal signal, String error) {
        try {
            if (error != null) {
                channel.getExtendedOutputStream().write((error + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            if (signal != null) {
                channel.sendExitSignal(signal);
            } else {
                channel.sendExitStatus(status);
            }
            channel.shutdownOutput();
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.TRACE, () -> "channel gone before the exit status: " + e.getMessage());
        }
    }
}
