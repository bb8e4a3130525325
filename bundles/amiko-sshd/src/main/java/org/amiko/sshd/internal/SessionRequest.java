// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.amiko.agent.AgentSocket;
import org.amiko.server.PtyRequest;
import org.amiko.server.X11Request;
import org.amiko.sshd.CommandControl;

/**
 * What one session channel asked for before its shell or command (RFC 4254 section 6): a pty,
 * environment variables, a forwarded agent, X11 forwarding. Used once: a second shell or exec is
 * refused.
 */
final class SessionRequest {
    final Map<String, String> environment = new ConcurrentHashMap<>();
    volatile PtyRequest pty;
    /** The pty's window size and the client's signals, for the command once it runs. */
    final CommandControl control = new CommandControl(0, 0);
    /** The command is forced (forceCommand, a key's or certificate's): signals are refused, as by sshd. */
    volatile boolean forced;
    volatile boolean started;
    /** {@code auth-agent-req@openssh.com} was granted: the command gets a socket to the agent. */
    volatile boolean agentWanted;
    volatile AgentSocket agent;
    /** The granted {@code x11-req}, or null: the command gets a forwarded display. */
    volatile X11Request x11;
    volatile SessionDisplay display;

    /** Closes the forwarded agent socket and X11 display, if any, when the command has ended. */
    void closeForwardings() {
        closeQuietly(agent);
        closeQuietly(display);
    }

    private static void closeQuietly(AutoCloseable forwarding) {
        if (forwarding != null) {
            try {
                forwarding.close();
            } catch (Exception e) {
                // a temporary socket or file that could not be removed; nothing else depends on it
            }
        }
    }
}
