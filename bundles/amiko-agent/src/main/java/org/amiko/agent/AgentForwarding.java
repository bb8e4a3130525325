// SPDX-License-Identifier: Apache-2.0
package org.amiko.agent;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Optional;
import org.amiko.Channel;
import org.amiko.SessionBinding;
import org.amiko.SshException;
import org.amiko.Transport;
import org.amiko.forward.ChannelRelay;

/**
 * The client's side of agent forwarding (OpenSSH PROTOCOL.agent): asks the server, on a session
 * channel, to forward agent connections, and relays each {@code auth-agent@openssh.com} channel the
 * server opens to the local agent socket, as {@code ssh -A} does. Each such agent connection is
 * first bound to this session as a forwarding one ({@code session-bind@openssh.com}), as ssh binds
 * it, so that keys added with destination constraints ({@code ssh-add -h}) are offered on the
 * server only for the hops they allow.
 */
public final class AgentForwarding {
    private static final System.Logger LOG = System.getLogger("org.amiko.agent");
    private AgentForwarding() {}

    /**
     * Serves forwarded agent channels on {@code transport} from {@code agentSocket} and asks the
     * server to forward for {@code session}.
     *
     * @throws SshException if the server refuses
     */
    public static void enable(Transport transport, Channel session, Path agentSocket) throws IOException {
        transport.setChannelHandler(Channel.AGENT_CHANNEL, channel -> {
            SocketChannel agent = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                agent.connect(UnixDomainSocketAddress.of(agentSocket));
                Optional<SessionBinding> binding = transport.getSessionBinding();
                if (binding.isPresent() && !new AgentClient(agent).bindSession(binding.get(), true)) {
                    // as ssh: an agent without the extension serves unbound
                    LOG.log(Level.DEBUG, "the agent did not bind the forwarded connection to the session");
                }
            } catch (IOException e) {
                agent.close();
                throw e;
            }
            ChannelRelay.relay(channel, agent);
        });
        if (!session.requestForwardAgent()) {
            throw new SshException("the server refused agent forwarding");
        }
    }

    /** As {@link #enable(Transport, Channel, Path)} with the agent at {@code $SSH_AUTH_SOCK}. */
    public static void enable(Transport transport, Channel session) throws IOException {
        String path = System.getenv("SSH_AUTH_SOCK");
        if (path == null || path.isEmpty()) {
            throw new SshException("no ssh-agent to forward: SSH_AUTH_SOCK is not set");
        }
        enable(transport, session, Path.of(path));
    }
}
