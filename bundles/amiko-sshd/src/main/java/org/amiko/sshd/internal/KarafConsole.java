// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.amiko.Channel;
import org.amiko.server.PtyRequest;
import org.amiko.sshd.CommandControl;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.jline.reader.LineReader;
import org.jline.terminal.Terminal;

/**
 * Karaf's own console on a session channel with a pty, as {@code ssh -p 8101} gets it from Karaf's
 * SSH server: its welcome, its prompt ({@code user@root()>}), completion of commands and their
 * arguments (bundles, features, configurations), its history file, colours and {@code logout}.
 * Ctrl-C, and the client's {@code INT} signal (RFC 4254 section 6.9), interrupt the command that
 * runs; window changes (section 6.7) resize the terminal.
 */
final class KarafConsole {
    private static final System.Logger LOG = System.getLogger("org.amiko.sshd");
    private final Session session;

    private KarafConsole(Session session) {
        this.session = session;
    }

    /**
     * Opens the console on the channel's raw streams, the client's variables in its session.
     *
     * @throws IOException, RuntimeException or LinkageError when it cannot be opened (another
     *     Karaf than this was built against), with nothing left reading the channel
     */
    static KarafConsole open(SessionFactory factory, Channel channel, PtyRequest pty, CommandControl control,
            Map<String, String> environment) throws IOException {
        KarafSshTerminal terminal = new KarafSshTerminal(channel.getInputStream(), channel.getOutputStream(), pty,
                control);
        Session session = null;
        try {
            // with a pty, sshd sends errors through the terminal too
            PrintStream out = new PrintStream(terminal.output(), true, StandardCharsets.UTF_8);
            Session opened = factory.create(terminal.input(), out, out, terminal, StandardCharsets.UTF_8.name(),
                    null);
            session = opened;
            KarafCommandRunner.fill(opened, environment);
            if (opened.get(".jline.reader") instanceof LineReader reader) {
                ChannelTerminal.bindCursorKeys(reader);
            }
            terminal.followWindowChanges(control);
            if (control != null) {
                // last, so that a failure above leaves the runner's own handler: as a Ctrl-C typed,
                // Karaf's console interrupts its foreground job
                control.onSignal(name -> {
                    if (!name.equals("INT")) {
                        return false;
                    }
                    terminal.raiseApart(Terminal.Signal.INT);
                    return true;
                });
            }
            channel.whenClosed().thenRun(opened::close);
            terminal.resume();
            return new KarafConsole(opened);
        } catch (RuntimeException | LinkageError e) {
            if (session != null) {
                session.close();
            }
            terminal.close();
            throw e;
        }
    }

    /**
     * Runs the console until {@code logout}, Ctrl-D or the channel's end, and closes it; its exit
     * status, 0 as Karaf's, or 1 if the console failed (logged: a bug of Karaf's or ours).
     */
    int run() {
        try {
            session.run();
            return 0;
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "Karaf's console failed", e);
            return 1;
        } finally {
            // its terminal and input pump with it
            session.close();
        }
    }
}
