// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.amiko.Channel;
import org.amiko.OpenChannelResult;
import org.amiko.Transport;
import org.amiko.core.SshServer;
import org.amiko.server.AuthResult;
import org.amiko.server.ServerInterface;
import org.amiko.sftp.server.RootedOptions;
import org.amiko.sftp.server.ScpCommand;
import org.amiko.sftp.server.SftpSubsystem;
import org.amiko.sshd.OsCommand;

/**
 * An in-process Amiko server that serves a directory over SFTP and SCP the way a library user
 * wires it without OSGi: {@link SftpSubsystem#rooted} as the {@code sftp} subsystem and
 * {@link ScpCommand} for {@code exec scp ...}; any other command is refused. Host keys of every
 * type, public keys from {@link #authorize}, and the password user of {@link TestServer}.
 */
public final class SftpTestServer implements AutoCloseable {
    private final SshServer server;
    private final ScpCommand scp;
    private final Set<PublicKey> authorized = ConcurrentHashMap.newKeySet();
    private final ExecutorService commands = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "sftp-test-scp");
        thread.setDaemon(true);
        return thread;
    });

    private SftpTestServer(Path root, RootedOptions options) throws IOException {
        this.scp = ScpCommand.rooted(root, options);
        this.server = SshServer.builder().address(new InetSocketAddress("127.0.0.1", 0))
                .hostKeys(TestServer.hostKeys()).subsystem(SftpSubsystem.NAME, SftpSubsystem.rooted(root, options))
                .server(transport -> new Decisions(transport)).start();
    }

    public static SftpTestServer start(Path root, RootedOptions options) throws IOException {
        return new SftpTestServer(root, options);
    }

    public int port() {
        return server.address().getPort();
    }

    public List<KeyPair> keys() {
        return TestServer.hostKeys();
    }

    public void authorize(PublicKey key) {
        authorized.add(key);
    }

    @Override
    public void close() {
        server.closeAll();
        commands.shutdownNow();
    }

    private final class Decisions implements ServerInterface {
        private final Transport transport;

        Decisions(Transport transport) {
            this.transport = transport;
        }

        @Override
        public List<String> getAllowedAuths(String username) {
            return List.of("publickey", "password");
        }

        @Override
        public AuthResult checkAuthPublickey(String username, PublicKey key) {
            return authorized.contains(key) ? AuthResult.SUCCESSFUL : AuthResult.FAILED;
        }

        @Override
        public AuthResult checkAuthPassword(String username, String password) {
            return TestServer.PASSWORD_USER.equals(username) && TestServer.PASSWORD.equals(password)
                    ? AuthResult.SUCCESSFUL : AuthResult.FAILED;
        }

        @Override
        public OpenChannelResult checkChannelRequest(String type, int channelId) {
            return "session".equals(type) ? OpenChannelResult.SUCCEEDED : OpenChannelResult.ADMINISTRATIVELY_PROHIBITED;
        }

        @Override
        public boolean checkChannelEnvRequest(Channel channel, String name, String value) {
            return true;
        }

        @Override
        public boolean checkChannelExecRequest(Channel channel, String command) {
            if (!command.strip().startsWith(ScpCommand.NAME + " ")) {
                return false;
            }
            commands.execute(() -> {
                int status;
                try {
                    status = scp.execute(command, transport, channel);
                } catch (IOException | RuntimeException e) {
                    status = 1;
                }
                OsCommand.finish(channel, status, null, null);
            });
            return true;
        }
    }
}
