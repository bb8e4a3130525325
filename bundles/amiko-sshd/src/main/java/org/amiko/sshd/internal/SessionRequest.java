// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.amiko.agent.AgentSocket;
import org.amiko.server.PtyRequest;

/**
 * What one session channel asked for before its shell or command (RFC 4254 section 6): a pty,
 * environment variables, a forwarded agent. Used once: a second shell or exec is refused.
 */
final class SessionRequest {
    final Map<String, String> environment = new ConcurrentHashMap<>();
    volatile PtyRequest pty;
    volatile boolean started;
    /** {@code auth-agent-req@openssh.com} was granted: the command gets a socket to the agent. */
    volatile boolean agentWanted;
    volatile AgentSocket agent;

    /** Closes the forwarded agent socket, if any, when the command has ended. */
    void closeAgent() {
        AgentSocket socket = agent;
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // a temporary socket that could not be removed; nothing else depends on it
            }
        }
    }
}
