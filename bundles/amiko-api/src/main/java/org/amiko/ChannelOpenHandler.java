// SPDX-License-Identifier: Apache-2.0
package org.amiko;

import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides a channel open the peer asked for (RFC 4254 section 5.1) before it is answered, for a
 * type registered with {@link Transport#setChannelOpenHandler}. The answer may come later: a
 * {@code direct-tcpip} open is confirmed only once the connection it asks for is made, and refused
 * with {@link OpenChannelResult#CONNECT_FAILED} when that fails, as OpenSSH's sshd answers.
 * Meanwhile the connection's other channels go on.
 */
@ConsumerType
@FunctionalInterface
public interface ChannelOpenHandler {

    /**
     * Called on the connection's worker thread, which must not be held: do slow work (a connect, a
     * lookup) elsewhere and complete the stage from there.
     *
     * @param type the channel type
     * @param typeSpecificData the bytes after the window and packet sizes in
     *     {@code SSH_MSG_CHANNEL_OPEN}, as the peer sent them (check them before use)
     * @return a stage that completes with the handler that serves the channel once it is confirmed,
     *     or exceptionally to refuse it: with a {@link ChannelOpenException} for its reason and
     *     description, with anything else as {@link OpenChannelResult#CONNECT_FAILED} (its message
     *     is not sent); a null handler refuses as {@link OpenChannelResult#ADMINISTRATIVELY_PROHIBITED}
     */
    CompletionStage<ChannelHandler> open(String type, byte[] typeSpecificData);
}
