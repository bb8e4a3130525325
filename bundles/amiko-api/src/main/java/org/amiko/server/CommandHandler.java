// SPDX-License-Identifier: Apache-2.0
package org.amiko.server;

import java.io.IOException;
import org.amiko.Channel;
import org.amiko.Transport;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Serves {@code exec} requests (RFC 4254 section 6.5) whose command's first word is a registered
 * name, instead of the server's shell: how {@code scp -t} and {@code scp -f} reach an SCP
 * implementation. As a whiteboard service it carries {@value #COMMAND} with that first word.
 */
@ConsumerType
@FunctionalInterface
public interface CommandHandler {

    /** Service property naming the command (first word) a registered handler serves. */
    String COMMAND = "amiko.command";

    /**
     * Runs the command to completion on the channel's streams.
     *
     * @param commandLine the whole command line as the client sent it
     * @return the exit status to report; the runtime then closes the channel
     */
    int execute(String commandLine, Transport transport, Channel channel) throws IOException;
}
