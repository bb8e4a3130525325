// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.util.Map;
import org.amiko.Channel;
import org.amiko.server.PtyRequest;

/** Runs a shell or a command on a session channel, then sends its exit status and closes the channel. */
interface CommandRunner {
    /**
     * @param command the command line, or null for an interactive shell
     * @param pty the terminal requested, or null
     */
    void run(Channel channel, String command, PtyRequest pty, Map<String, String> environment);

    /** Whether commands run as operating-system processes (which can use a forwarded agent). */
    default boolean runsProcesses() {
        return false;
    }
}
