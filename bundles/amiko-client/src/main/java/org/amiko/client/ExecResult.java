// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.amiko.Channel;

/**
 * A running remote command, as paramiko's {@code exec_command} returns it: its stdin, stdout and
 * stderr, and its exit status once it ends.
 */
public record ExecResult(OutputStream stdin, InputStream stdout, InputStream stderr, Channel channel) {

    /** Waits for the command to end; -1 if it ended without a status (killed by a signal, say). */
    public int exitStatus() throws IOException, InterruptedException {
        return channel.recvExitStatus();
    }
}
