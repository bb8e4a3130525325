// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.amiko.Channel;
import org.amiko.server.PtyRequest;
import org.amiko.sshd.CommandControl;
import org.amiko.sshd.OsCommand;

/** Runs a shell or a command on a session channel, then sends its exit status and closes the channel. */
@FunctionalInterface
interface CommandRunner {
    /**
     * Runs it. The one method a runner implements, so that none can drop what the client asks
     * while the command runs or whom it runs for.
     *
     * @param command the command line, or null for an interactive shell
     * @param pty the terminal requested, or null
     * @param control the client's window changes and signals while the command runs, or null:
     *     runners that take none leave a signal refused
     * @param login whom the command runs for, or null where nobody logged in (tests)
     */
    void run(Channel channel, String command, PtyRequest pty, CommandControl control, Map<String, String> environment,
            ShellLogin login);

    /** As {@link #run(Channel, String, PtyRequest, CommandControl, Map, ShellLogin)}, with neither. */
    default void run(Channel channel, String command, PtyRequest pty, Map<String, String> environment) {
        run(channel, command, pty, null, environment, null);
    }

    /** Whether a session may have a terminal: one that runs processes needs a pseudo-terminal for it. */
    default boolean terminals() {
        return true;
    }

    /** Whether commands run as operating-system processes (which can use a forwarded agent). */
    default boolean runsProcesses() {
        return false;
    }

    /**
     * {@code shell=os}: operating-system processes ({@link OsCommand}), run with the shell
     * {@code shell} names at each command, on terminals where util-linux's {@code script} is.
     *
     * @param pumps runs each command's copying threads and its terminal's size changes
     */
    static CommandRunner os(Supplier<String> shell, ExecutorService pumps) {
        return new CommandRunner() {
            @Override
            public void run(Channel channel, String command, PtyRequest pty, CommandControl control,
                    Map<String, String> environment, ShellLogin login) {
                OsCommand.run(shell.get(), channel, command, pty, control, environment, pumps);
            }

            @Override
            public boolean terminals() {
                return OsCommand.terminalsAvailable();
            }

            @Override
            public boolean runsProcesses() {
                return true;
            }
        };
    }
}
