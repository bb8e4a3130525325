// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.amiko.server.PtyRequest;

/**
 * A command on a pseudo-terminal (RFC 4254 section 6.2), as sshd runs one for {@code ssh -t}: the
 * terminal is its controlling terminal, so Ctrl-C interrupts it, the terminal echoes and edits
 * lines, and full-screen programs see the client's window size.
 *
 * <p>The JDK cannot open a pseudo-terminal, so util-linux's {@code script(1)} does: it opens one,
 * starts the command in a session of its own on it, and relays between the terminal and its
 * standard input and output, which are this server's pipes. Inside, {@code stty} first sets the
 * client's window size and terminal modes ({@link TerminalModes}) and {@code SSH_TTY} is set, as
 * sshd does; then a marker of digits (which no output mode changes) says the terminal is ready,
 * and the command takes its place. {@link #awaitReady} takes the marker out of the output; only
 * then may the client's input reach the terminal, so that it finds the client's modes (sshd sets
 * them before the command starts), and may window changes be set from outside, with
 * {@code stty -F} on the terminal, whose name is that of the controlling terminal of the process
 * {@code script} started. The kernel then sends the command {@code SIGWINCH}.
 */
final class PseudoTerminal {
    private static final System.Logger LOG = System.getLogger("org.amiko.sshd");
    /** The major device numbers of Unix 98 pseudo-terminal slaves (Linux's devices.txt). */
    private static final int FIRST_PTS_MAJOR = 136;
    private static final int LAST_PTS_MAJOR = 143;
    /** A terminal's width and height are unsigned shorts in the kernel's {@code struct winsize}. */
    private static final int MAX_SIZE = 0xFFFF;
    /** How much output may come before the marker: a shell's warnings, not a command's output. */
    private static final int BEFORE_MARKER = 16 * 1024;

    private final PtyRequest pty;
    private final CommandControl window;
    /** Printed once the terminal is set up, before the command starts: digits, as no output mode changes them. */
    private final String marker = Long.toString(1_000_000_000_000_000_000L + ThreadLocalRandom.current()
            .nextLong(8_000_000_000_000_000_000L));
    /** The size last set on the terminal; written by the one resize running at a time. */
    private volatile long applied;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** The marker came: the wrapper's own stty is done, and the terminal can be found. */
    private volatile boolean ready;
    /** The terminal's name, once found; its session keeps it as long as it lives. */
    private volatile String device;
    private volatile ProcessHandle leader;
    private Process script;
    private Executor executor;

    private PseudoTerminal(PtyRequest pty, CommandControl window) {
        this.pty = pty;
        this.window = window;
        this.applied = window.size();
    }

    /** Whether {@code script} is util-linux's, the one whose options this class uses. */
    static boolean available() {
        return Availability.SCRIPT;
    }

    /** A terminal of the requested modes and the window's present size, not yet started. */
    static PseudoTerminal of(PtyRequest pty, CommandControl window) {
        return new PseudoTerminal(pty, window);
    }

    /**
     * The command line that runs {@code command} with {@code shell} ({@code shell -c command}, or
     * the login shell {@code shell -l} for null) on this terminal, with {@code SHELL} set to
     * {@code shellVariable}. {@code stty} and {@code tty} are found on the system's own path
     * ({@code command -p}): the session's {@code PATH} is the command's, and sshd sets up the
     * terminal before the command's variables count.
     */
    List<String> commandLine(String shell, String shellVariable, String command) {
        StringBuilder inside = new StringBuilder();
        inside.append("command -p stty rows ").append(clamp(CommandControl.rows(applied))).append(" cols ")
                .append(clamp(CommandControl.columns(applied)))
                .append(" 2>/dev/null; ");
        List<String> modes = TerminalModes.sttyArguments(pty.terminalModes());
        if (!modes.isEmpty()) {
            inside.append("command -p stty ").append(String.join(" ", modes)).append(" 2>/dev/null; ");
        }
        inside.append("SSH_TTY=$(command -p tty) && export SSH_TTY; printf %s ").append(marker).append("; ");
        inside.append("SHELL=").append(quoted(shellVariable)).append("; export SHELL; exec ").append(quoted(shell))
                .append(command == null ? " -l" : " -c " + quoted(command));
        // -q: no "Script started" lines; -e: the command's exit status; /dev/null: no typescript
        return List.of("script", "-q", "-e", "-c", inside.toString(), "/dev/null");
    }

    /**
     * Follows the window on the terminal of {@code started}, the {@link #commandLine}'s process,
     * from when it is ready; window changes are set on {@code resizer}, since each starts
     * {@code stty}.
     */
    void follow(Process started, Executor resizer) {
        script = started;
        executor = resizer;
        window.onWindowChange(this::schedule);
    }

    /**
     * Reads the terminal's first output, {@code output}, up to the marker that says it is set up,
     * and sets a window change that came before; returns whether the marker came. What comes
     * before it (bash's complaint about the client's {@code LC_ALL}, say) goes on to
     * {@code passOn}, and so does all that was read when no marker comes in the first
     * {@value #BEFORE_MARKER} bytes. Window changes are followed from here either way.
     */
    boolean awaitReady(InputStream output, OutputStream passOn) throws IOException {
        byte[] wanted = marker.getBytes(StandardCharsets.US_ASCII);
        byte[] seen = new byte[BEFORE_MARKER + wanted.length];
        int count = 0;
        boolean found = false;
        try {
            int b;
            while (!found && count < seen.length && (b = output.read()) >= 0) {
                seen[count++] = (byte) b;
                found = count >= wanted.length
                        && Arrays.equals(seen, count - wanted.length, count, wanted, 0, wanted.length);
            }
        } finally {
            passOn.write(seen, 0, found ? count - wanted.length : count);
            passOn.flush();
            ready = true;
            // here, not on the executor: the client's input, which waits for this, finds the new size
            if (scheduled.compareAndSet(false, true)) {
                resize();
            }
        }
        return found;
    }

    private void schedule() {
        if (ready && window.size() != applied && scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this::resize);
            } catch (RuntimeException e) {
                scheduled.set(false); // the server is stopping; so is the command
            }
        }
    }

    /** Sets the window's size until it stops changing; one at a time. */
    private void resize() {
        try {
            long wanted;
            while ((wanted = window.size()) != applied) {
                String terminal = device();
                if (terminal != null) {
                    stty(terminal, wanted);
                }
                applied = wanted; // also when it failed: the next change tries again
            }
        } finally {
            scheduled.set(false);
        }
        schedule(); // a change after the loop looked, before the flag was down
    }

    /** The terminal: the controlling terminal of the session {@code script} started; null when it is gone. */
    private String device() {
        Optional<ProcessHandle> leader = leader().filter(ProcessHandle::isAlive);
        if (leader.isEmpty()) {
            return null; // its terminal's number may be another's now
        }
        String known = device;
        if (known == null) {
            known = controllingTerminal(leader.get().pid()).orElse(null);
            device = known;
        }
        return known;
    }

    /**
     * The process {@code script} started that leads the terminal's session, and so its first
     * process group: the one of script's processes whose session is its own (util-linux before
     * 2.27 also starts a relay, which stays in this server's session).
     */
    Optional<ProcessHandle> leader() {
        ProcessHandle known = leader;
        if (known == null) {
            known = script.descendants().filter(process -> leadsItsSession(process.pid())).findFirst().orElse(null);
            leader = known;
        }
        return Optional.ofNullable(known);
    }

    /** Field 6 of {@code /proc/PID/stat}, the session, is the process's own pid. */
    private static boolean leadsItsSession(long pid) {
        return stat(pid).map(fields -> fields[3].equals(Long.toString(pid))).orElse(false);
    }

    /** The fields of {@code /proc/PID/stat} after the command name, from the state (field 3) on; empty when gone. */
    private static Optional<String[]> stat(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // the command name, in parentheses, may hold spaces and parentheses: fields follow the last ')'
            return Optional.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** {@code /dev/pts/N} from field 7 of {@code /proc/PID/stat} ({@code tty_nr}), as proc(5) encodes it. */
    static Optional<String> controllingTerminal(long pid) {
        return stat(pid).flatMap(fields -> {
            int ttyNumber = Integer.parseInt(fields[4]);
            int major = ttyNumber >>> 8 & 0xFFF;
            int minor = ttyNumber & 0xFF | ttyNumber >>> 12 & 0xFFF00;
            if (major < FIRST_PTS_MAJOR || major > LAST_PTS_MAJOR) {
                return Optional.empty(); // not yet in its session, or no terminal
            }
            return Optional.of("/dev/pts/" + ((major - FIRST_PTS_MAJOR) * 256 + minor));
        });
    }

    private static void stty(String terminal, long size) {
        QuietCommand.succeeds(List.of("stty", "-F", terminal, "rows", Integer.toString(clamp(CommandControl.rows(size))),
                "cols", Integer.toString(clamp(CommandControl.columns(size)))), "window change on " + terminal);
    }

    private static int clamp(int size) {
        return size < 0 || size > MAX_SIZE ? MAX_SIZE : size;
    }

    /** {@code text} in single quotes for {@code sh}, each quote in it written {@code '\''}. */
    static String quoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /** Asked once, when the first terminal is: a process to start and wait for. */
    private static final class Availability {
        static final boolean SCRIPT = utilLinuxScript();

        private static boolean utilLinuxScript() {
            try {
                Process version = new ProcessBuilder("script", "--version").redirectErrorStream(true).start();
                version.getOutputStream().close();
                String said = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                boolean ours = version.waitFor(10, TimeUnit.SECONDS) && version.exitValue() == 0
                        && said.contains("util-linux");
                if (!ours) {
                    version.destroyForcibly();
                    LOG.log(Level.WARNING, "no terminals for ssh -t with shell=os: script(1) is not util-linux''s ({0})",
                            said.strip());
                }
                return ours;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "no terminals for ssh -t with shell=os: util-linux''s script(1) is not on the PATH ({0})",
                        e.getMessage());
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
