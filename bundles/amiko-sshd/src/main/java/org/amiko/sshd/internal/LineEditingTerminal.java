// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.amiko.server.PtyRequest;
import org.amiko.sshd.CommandControl;
import org.jline.keymap.KeyMap;
import org.jline.reader.Binding;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;

/**
 * The terminal of an interactive in-process shell (Gogo, Karaf's console) on a session channel
 * with a pty (RFC 4254 section 6.2), through JLine, as Karaf's own SSH console has it: the line
 * being typed can be edited (arrows, Home and End, Ctrl-A, Ctrl-E, Ctrl-W, Ctrl-K, ...), earlier
 * lines come back with Up and Ctrl-R, Ctrl-C drops the line being typed and stops the command that
 * runs, Tab completes a command's name, and the client's window changes (section 6.7) reach the
 * terminal.
 *
 * <p>Only {@link ShellRunner} uses this class, and only once it has seen that JLine is installed;
 * it is the one class that links against JLine.
 */
final class LineEditingTerminal implements AutoCloseable {
    /** Lines kept for Up and Ctrl-R, per session and in memory only: these users have no home. */
    private static final int HISTORY = 500;

    /** The terminal types JLine describes itself; any other would make it run {@code infocmp}. */
    private static final Set<String> DESCRIBED = Set.of("ansi", "dumb", "dumb-color", "rxvt", "rxvt-basic",
            "rxvt-unicode", "rxvt-unicode-256color", "screen", "screen-256color", "xterm", "xterm-256color");

    private final ExternalTerminal terminal;
    private final LineReader reader;
    private final AtomicBoolean redrawPending = new AtomicBoolean();
    /** The shell's command names, for Tab on a line's first word; none until the shell says. */
    private volatile Supplier<Collection<String>> commands = List::of;

    /**
     * Opens the terminal over the channel's raw streams.
     *
     * @param interrupt what Ctrl-C does while a command runs (while a line is typed, it drops the line)
     * @param control the terminal's size and the client's window changes, or null
     */
    LineEditingTerminal(InputStream in, OutputStream out, PtyRequest pty, Runnable interrupt, CommandControl control)
            throws IOException {
        // JLine's line discipline in Java, over the channel (TerminalBuilder would open an OS pty for
        // the streams and pump through it); paused, so that nothing reads the channel until it is set up
        terminal = new ExternalTerminal(null, "amiko", describedType(pty.term()), in, out, StandardCharsets.UTF_8,
                Terminal.SignalHandler.SIG_DFL, true);
        try {
            terminal.setSize(control == null ? size(pty.columns(), pty.rows())
                    : size(control.columns(), control.rows()));
            terminal.handle(Terminal.Signal.INT, signal -> interrupt.run());
            reader = LineReaderBuilder.builder().terminal(terminal).appName("amiko")
                    .variable(LineReader.HISTORY_SIZE, HISTORY)
                    // '!' is ordinary text to Gogo; event expansion would rewrite it
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                    .completer(this::complete)
                    .build();
            bindCursorKeys(reader.getKeyMaps().get(LineReader.EMACS));
            if (control != null) {
                control.onWindowChange(() -> resized(control));
            }
            terminal.resume();
        } catch (RuntimeException | LinkageError e) {
            // its input pump must not go on reading the channel beside the plain line editor
            terminal.close();
            throw e;
        }
    }

    /**
     * Takes the client's new window size. The redraw that WINCH makes writes to the channel, which
     * may have to wait for the client's window; the change comes on the connection's request strand,
     * which must stay free to take the window adjustment that ends the wait, so the redraw runs on a
     * thread of its own, one at a time, with the latest size.
     */
    private void resized(CommandControl control) {
        terminal.setSize(size(control.columns(), control.rows()));
        if (redrawPending.compareAndSet(false, true)) {
            Thread redraw = new Thread(() -> {
                redrawPending.set(false);
                terminal.raise(Terminal.Signal.WINCH);
            }, "amiko-shell-resize");
            redraw.setDaemon(true);
            redraw.start();
        }
    }

    /** Tab completes a line's first word from {@code names}, asked at each Tab (bundles come and go). */
    void completeCommands(Supplier<Collection<String>> names) {
        commands = names;
    }

    /**
     * The command names, for the first word; JLine keeps those the word starts. A shell that cannot
     * list them (its registry gone with a bundle) completes nothing, and the line goes on.
     */
    private void complete(LineReader lineReader, ParsedLine line, List<Candidate> candidates) {
        if (line.wordIndex() != 0) {
            return;
        }
        Collection<String> names;
        try {
            names = commands.get();
        } catch (RuntimeException e) {
            return;
        }
        for (String name : names) {
            candidates.add(new Candidate(name));
        }
    }

    /** The terminal's size now, for tests. */
    Size size() {
        return terminal.getSize();
    }

    /**
     * The arrows, Home and End as a terminal sends them in its normal cursor mode too. JLine binds
     * what the type's description says, the application mode's {@code ESC O A} for an xterm, which
     * it asks for (DECCKM); a client whose terminal ignores that, or answers with another type than
     * it names, still sends {@code ESC [ A}.
     */
    private static void bindCursorKeys(KeyMap<Binding> keys) {
        keys.bind(new Reference(LineReader.UP_LINE_OR_HISTORY), "\u001b[A");
        keys.bind(new Reference(LineReader.DOWN_LINE_OR_HISTORY), "\u001b[B");
        keys.bind(new Reference(LineReader.FORWARD_CHAR), "\u001b[C");
        keys.bind(new Reference(LineReader.BACKWARD_CHAR), "\u001b[D");
        keys.bind(new Reference(LineReader.BEGINNING_OF_LINE), "\u001b[H", "\u001b[1~");
        keys.bind(new Reference(LineReader.END_OF_LINE), "\u001b[F", "\u001b[4~");
        keys.bind(new Reference(LineReader.DELETE_CHAR), "\u001b[3~");
    }

    /**
     * The nearest type JLine describes: the client's own when it does, else its family
     * ({@code xterm-kitty} is an xterm, {@code tmux-256color} a screen), else {@code ansi}, which
     * covers the VT100's cursor movement.
     */
    static String describedType(String term) {
        String type = term == null ? "" : term.toLowerCase(Locale.ROOT);
        if (DESCRIBED.contains(type)) {
            return type;
        }
        boolean colours = type.contains("256");
        if (type.startsWith("xterm")) {
            return colours ? "xterm-256color" : "xterm";
        }
        if (type.startsWith("screen") || type.startsWith("tmux")) {
            return colours ? "screen-256color" : "screen";
        }
        if (type.startsWith("rxvt")) {
            return colours ? "rxvt-unicode-256color" : "rxvt-unicode";
        }
        return "ansi";
    }

    /** A size JLine can lay lines out in: a client that says 0 (unknown) gets 80 by 24. */
    private static Size size(int columns, int rows) {
        return new Size(columns > 0 ? columns : 80, rows > 0 ? rows : 24);
    }

    /** What commands read: the client's keystrokes through the terminal's line discipline. */
    InputStream input() {
        return terminal.input();
    }

    /** The next line typed; empty after Ctrl-C; null after Ctrl-D on an empty line or at the input's end. */
    String readLine(String prompt) {
        try {
            return reader.readLine(prompt);
        } catch (UserInterruptException e) {
            return "";
        } catch (EndOfFileException | IOError e) {
            // IOError: JLine's wrapping of a failed read, the channel gone
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        terminal.close();
    }
}
