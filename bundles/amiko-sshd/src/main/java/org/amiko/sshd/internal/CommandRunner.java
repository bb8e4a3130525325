// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.util.Map;
import org.amiko.Channel;
import org.amiko.server.PtyRequest;
import org.amiko.sshd.TerminalWindow;

/** Runs a shell or a command on a session channel, then sends its exit status and closes the channel. */
interface CommandRunner {
    /**
     * @param command the command line, or null for an interactive shell
     * @param pty the terminal requested, or null
     */
    void run(Channel channel, String command, PtyRequest pty, Map<String, String> environment);

    /**
     * As {@link #run(Channel, String, PtyRequest, Map)}, with the terminal's window, which the
     * client's {@code window-change} requests change while the command runs. The default ignores
     * the changes: Gogo's line editor has no use for them.
     *
     * @param window the terminal's size; null without {@code pty}
     */
    default void run(Channel channel, String command, PtyRequest pty, TerminalWindow window,
            Map<String, String> environment) {
        run(channel, command, pty, environment);
    }

    /** Whether a session may have a terminal: one that runs processes needs a pseudo-terminal for it. */
    default boolean terminals() {
        return true;
    }

    /** Whether commands run as operating-system processes (which can use a forwarded agent). */
    default boolean runsProcesses() {
        return false;
    }
}
