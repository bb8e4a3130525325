// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.amiko.Channel;
import org.amiko.OpenChannelResult;
import org.amiko.Transport;
import org.amiko.core.Amiko;
import org.amiko.core.SshServer;
import org.amiko.server.AuthResult;
import org.amiko.server.CommandHandler;
import org.amiko.server.ServerInterface;
import org.amiko.server.SubsystemHandler;

/**
 * An Amiko server on loopback for the bundle's own tests: password authentication for any user,
 * the {@code sftp} subsystem and {@code exec} served by a command handler, as a library user wires
 * them without OSGi.
 */
final class LoopbackServer implements AutoCloseable {
    static final String PASSWORD = "loopback";

    private final SshServer server;
    private final KeyPair hostKey;
    private final ExecutorService commands = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "loopback-command");
        thread.setDaemon(true);
        return thread;
    });

    LoopbackServer(SubsystemHandler sftp, CommandHandler scp) throws IOException, GeneralSecurityException {
        hostKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        server = SshServer.builder().address(new InetSocketAddress("127.0.0.1", 0)).hostKeys(List.of(hostKey))
                .subsystem("sftp", sftp).server(transport -> new Decisions(transport, scp)).start();
    }

    /** A client transport, authenticated as {@code user}. */
    Transport connect(String user) throws IOException {
        Transport transport = Amiko.connect("127.0.0.1", server.address().getPort());
        transport.startClient((peer, type, key) -> key.equals(hostKey.getPublic()));
        transport.authPassword(user, PASSWORD);
        return transport;
    }

    @Override
    public void close() {
        server.closeAll();
        commands.shutdownNow();
    }

    private final class Decisions implements ServerInterface {
        private final Transport transport;
        private final CommandHandler scp;

        Decisions(Transport transport, CommandHandler scp) {
            this.transport = transport;
            this.scp = scp;
        }

        @Override
        public AuthResult checkAuthPassword(String username, String password) {
            return PASSWORD.equals(password) ? AuthResult.SUCCESSFUL : AuthResult.FAILED;
        }

        @Override
        public OpenChannelResult checkChannelRequest(String type, int channelId) {
            return "session".equals(type) ? OpenChannelResult.SUCCEEDED : OpenChannelResult.ADMINISTRATIVELY_PROHIBITED;
        }

        @Override
        public boolean checkChannelExecRequest(Channel channel, String command) {
            if (scp == null) {
                return false;
            }
            commands.execute(() -> {
                int status;
                try {
                    status = scp.execute(command, transport, channel);
                } catch (IOException | RuntimeException e) {
                    status = 1;
                }
                try {
                    channel.shutdownOutput();
                    channel.sendExitStatus(status);
                    channel.close();
                } catch (IOException e) {
                    // the client went away
                }
            });
            return true;
        }
    }
}
