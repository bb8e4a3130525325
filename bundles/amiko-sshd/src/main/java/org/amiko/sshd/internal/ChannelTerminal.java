// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.amiko.server.PtyRequest;
import org.amiko.sshd.CommandControl;
import org.jline.keymap.KeyMap;
import org.jline.reader.Binding;
import org.jline.reader.LineReader;
import org.jline.reader.Reference;
import org.jline.terminal.Attributes;
import org.jline.terminal.Attributes.ControlChar;
import org.jline.terminal.Attributes.InputFlag;
import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Attributes.OutputFlag;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;

/**
 * A JLine terminal over a session channel with a pty (RFC 4254 section 6.2): JLine's line
 * discipline in Java over the channel's streams (a {@code TerminalBuilder} would open an OS pty for
 * them and pump through it), of the client's window size and terminal modes (section 8), following
 * its window changes (section 6.7). The in-process shells' line reading
 * ({@link LineEditingTerminal}) and Karaf's own console ({@link KarafSshTerminal}) draw on it.
 *
 * <p>It starts paused, so that nothing reads the channel until the shell is set up:
 * {@link #resume()} then.
 */
class ChannelTerminal extends ExternalTerminal {
    /** The terminal types JLine describes itself; any other would make it run {@code infocmp}. */
    private static final Set<String> DESCRIBED = Set.of("ansi", "dumb", "dumb-color", "rxvt", "rxvt-basic",
            "rxvt-unicode", "rxvt-unicode-256color", "screen", "screen-256color", "xterm", "xterm-256color");

    /** The special characters of section 8 that JLine's line discipline or line reader knows. */
    private static final Map<Integer, ControlChar> CHARACTERS = Map.ofEntries(Map.entry(1, ControlChar.VINTR),
            Map.entry(2, ControlChar.VQUIT), Map.entry(3, ControlChar.VERASE), Map.entry(4, ControlChar.VKILL),
            Map.entry(5, ControlChar.VEOF), Map.entry(6, ControlChar.VEOL), Map.entry(7, ControlChar.VEOL2),
            Map.entry(8, ControlChar.VSTART), Map.entry(9, ControlChar.VSTOP), Map.entry(10, ControlChar.VSUSP),
            Map.entry(11, ControlChar.VDSUSP), Map.entry(12, ControlChar.VREPRINT), Map.entry(13, ControlChar.VWERASE),
            Map.entry(14, ControlChar.VLNEXT), Map.entry(17, ControlChar.VSTATUS), Map.entry(18, ControlChar.VDISCARD));
    private static final Map<Integer, InputFlag> INPUT = Map.of(34, InputFlag.INLCR, 35, InputFlag.IGNCR, 36,
            InputFlag.ICRNL, 38, InputFlag.IXON, 39, InputFlag.IXANY, 40, InputFlag.IXOFF, 41, InputFlag.IMAXBEL, 42,
            InputFlag.IUTF8);
    private static final Map<Integer, LocalFlag> LOCAL = Map.ofEntries(Map.entry(50, LocalFlag.ISIG),
            Map.entry(51, LocalFlag.ICANON), Map.entry(53, LocalFlag.ECHO), Map.entry(54, LocalFlag.ECHOE),
            Map.entry(55, LocalFlag.ECHOK), Map.entry(56, LocalFlag.ECHONL), Map.entry(57, LocalFlag.NOFLSH),
            Map.entry(58, LocalFlag.TOSTOP), Map.entry(59, LocalFlag.IEXTEN), Map.entry(60, LocalFlag.ECHOCTL),
            Map.entry(61, LocalFlag.ECHOKE), Map.entry(62, LocalFlag.PENDIN));
    private static final Map<Integer, OutputFlag> OUTPUT = Map.of(70, OutputFlag.OPOST, 72, OutputFlag.ONLCR, 73,
            OutputFlag.OCRNL, 74, OutputFlag.ONOCR, 75, OutputFlag.ONLRET);

    /** A disabled special character (section 8's 255): a value no input byte has, signed or not. */
    static final int NO_CHARACTER = Integer.MIN_VALUE;

    private final AtomicBoolean redrawPending = new AtomicBoolean();

    /**
     * @param name JLine's name for the terminal
     * @param control the terminal's size and the client's window changes, or null
     */
    ChannelTerminal(String name, InputStream in, OutputStream out, PtyRequest pty, CommandControl control)
            throws IOException {
        super(null, name, describedType(pty.term()), in, out, StandardCharsets.UTF_8, Terminal.SignalHandler.SIG_DFL,
                true);
        setSize(control == null ? size(pty.columns(), pty.rows()) : size(control.columns(), control.rows()));
        setAttributes(withModes(getAttributes(), PtyModes.decode(pty.terminalModes())));
    }

    /**
     * {@code attributes} with the client's modes, as Karaf's SSH terminal takes them: JLine's line
     * discipline raises INT, QUIT and TSTP on the client's {@code intr}, {@code quit} and
     * {@code susp} characters, and its line reader binds {@code erase}, {@code werase},
     * {@code kill} and {@code lnext} to their edits (a client whose erase is {@code ^H} has
     * {@code ^?} typed as a character, as on its own terminal). A disabled character matches no
     * byte: JLine compares its control characters with input bytes as signed values, so it gets
     * {@link #NO_CHARACTER}, which neither a signed nor an unsigned byte equals.
     */
    static Attributes withModes(Attributes attributes, Map<Integer, Long> modes) {
        modes.forEach((opcode, value) -> {
            ControlChar character = CHARACTERS.get(opcode);
            if (character != null) {
                // as sshd's cc_t, a byte
                attributes.setControlChar(character, value == PtyModes.DISABLED ? NO_CHARACTER : (int) (value & 0xFF));
            } else if (INPUT.containsKey(opcode)) {
                attributes.setInputFlag(INPUT.get(opcode), value != 0);
            } else if (LOCAL.containsKey(opcode)) {
                attributes.setLocalFlag(LOCAL.get(opcode), value != 0);
            } else if (OUTPUT.containsKey(opcode)) {
                attributes.setOutputFlag(OUTPUT.get(opcode), value != 0);
            }
        });
        return attributes;
    }

    /**
     * From now on, takes the client's new window sizes. The redraw that WINCH makes writes to the
     * channel, which may have to wait for the client's window; the change comes on the
     * connection's request strand, which must stay free to take the window adjustment that ends
     * the wait, so the redraw runs on a thread of its own, one at a time, with the latest size.
     */
    void followWindowChanges(CommandControl control) {
        if (control != null) {
            control.onWindowChange(() -> resized(control));
        }
    }

    private void resized(CommandControl control) {
        setSize(size(control.columns(), control.rows()));
        if (redrawPending.compareAndSet(false, true)) {
            apart("amiko-shell-resize", () -> {
                redrawPending.set(false);
                raise(Terminal.Signal.WINCH);
            });
        }
    }

    /**
     * Raises {@code signal} (INT for the client's {@code signal} request) off the connection's
     * request strand, as a window change's WINCH: its handlers may write to the channel (JLine
     * echoes {@code ^C}; Karaf's console prints a job's status), which may wait for the window
     * adjustment that only that strand can take.
     */
    void raiseApart(Terminal.Signal signal) {
        apart("amiko-shell-signal", () -> raise(signal));
    }

    /** Runs {@code work} on a short-lived daemon thread of its own. */
    private static void apart(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Binds the arrows, Home and End of {@code reader} as a terminal sends them in its normal cursor
     * mode too. JLine binds what the type's description says, the application mode's
     * {@code ESC O A} for an xterm, which it asks for (DECCKM); a client whose terminal ignores
     * that, or answers with another type than it names, still sends {@code ESC [ A}.
     */
    static void bindCursorKeys(LineReader reader) {
        KeyMap<Binding> keys = reader.getKeyMaps().get(LineReader.EMACS);
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
}
