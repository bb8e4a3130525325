// SPDX-License-Identifier: Apache-2.0
package org.amiko.server;

import java.io.IOException;
import java.util.List;
import org.amiko.Channel;
import org.amiko.Transport;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Serves one subsystem (RFC 4254 section 6.5), such as {@code sftp}. Runs on a worker thread of its
 * own; when it returns, the channel is closed. As a whiteboard service it carries the property
 * {@value #SUBSYSTEM} with the subsystem name.
 */
@ConsumerType
@FunctionalInterface
public interface SubsystemHandler {

    /** Service property naming the subsystem a registered handler serves. */
    String SUBSYSTEM = "amiko.subsystem";

    /**
     * Serves the subsystem until the client is done.
     *
     * @param name the requested subsystem name
     * @param transport the connection, for the user name and peer
     * @param channel the channel whose streams carry the subsystem's protocol
     */
    void startSubsystem(String name, Transport transport, Channel channel) throws IOException;

    /**
     * Serves the subsystem with the arguments the server gave it
     * ({@link ServerInterface#getSubsystemArguments}). A handler that takes none refuses any, as
     * a program would refuse an option it does not know: ignoring {@code -R} would serve a
     * read-only login read-write.
     *
     * @param arguments the options, without a program name; empty for none
     * @throws IOException for arguments the handler does not take; the client sees the subsystem end
     * @since 1.6
     */
    default void startSubsystem(String name, List<String> arguments, Transport transport, Channel channel)
            throws IOException {
        if (!arguments.isEmpty()) {
            throw new IOException("the " + name + " subsystem takes no arguments: " + String.join(" ", arguments));
        }
        startSubsystem(name, transport, channel);
    }
}
