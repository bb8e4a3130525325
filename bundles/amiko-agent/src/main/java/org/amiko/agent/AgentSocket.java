// SPDX-License-Identifier: Apache-2.0
package org.amiko.agent;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;
import org.amiko.Channel;
import org.amiko.Transport;
import org.amiko.forward.ChannelRelay;

/**
 * The server's side of agent forwarding: a Unix domain socket, in a directory only the server's
 * user can enter, whose every connection becomes an {@code auth-agent@openssh.com} channel to the
 * client (as sshd's {@code SSH_AUTH_SOCK}). A command run for the session finds it through that
 * variable.
 */
public final class AgentSocket implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.amiko.agent");

    private final Path directory;
    private final Path path;
    private final ServerSocketChannel listener;

    private AgentSocket(Path directory, Path path, ServerSocketChannel listener) {
        this.directory = directory;
        this.path = path;
        this.listener = listener;
    }

    /** Listens and relays each connection to {@code transport}'s client. */
    public static AgentSocket open(Transport transport) throws IOException {
        Path directory = Files.createTempDirectory("amiko-agent",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path path = directory.resolve("agent.sock");
        ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(path));
        AgentSocket socket = new AgentSocket(directory, path, listener);
        Thread acceptor = new Thread(() -> socket.serve(transport), "amiko-agent-socket");
        acceptor.setDaemon(true);
        acceptor.start();
        return socket;
    }

    /** The socket path, for {@code SSH_AUTH_SOCK}. */
    public Path path() {
        return path;
    }

    private void serve(Transport transport) {
        while (listener.isOpen()) {
            SocketChannel local;
            try {
                local = listener.accept();
            } catch (IOException e) {
                return;
            }
            Thread relay = new Thread(() -> {
                try {
                    Channel channel = transport.openForwardAgentChannel();
                    ChannelRelay.relay(channel, local);
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, () -> "forwarded agent connection failed: " + e.getMessage());
                    try {
                        local.close();
                    } catch (IOException closing) {
                        // nothing more to do
                    }
                }
            }, "amiko-agent-forward");
            relay.setDaemon(true);
            relay.start();
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
