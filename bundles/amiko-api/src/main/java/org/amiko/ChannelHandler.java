// SPDX-License-Identifier: Apache-2.0
package org.amiko;

import java.io.IOException;

/**
 * Serves a channel the peer opened (RFC 4254 section 5.1) of a type registered with
 * {@link Transport#setChannelHandler}; on the client, that is how forwarded agent connections
 * ({@code auth-agent@openssh.com}) arrive. Runs on a worker thread; the channel is closed when it
 * returns.
 */
@FunctionalInterface
public interface ChannelHandler {
    void handle(Channel channel) throws IOException;
}
