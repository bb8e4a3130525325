// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.loopback;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.amiko.Channel;
import org.amiko.OpenChannelResult;
import org.amiko.core.SshServer;
import org.amiko.keys.AuthorizedKeys;
import org.amiko.keys.KeyFiles;
import org.amiko.server.AuthResult;
import org.amiko.server.ServerInterface;
import org.amiko.sshd.OsCommand;

/**
 * The Amiko engine as a library server in a JVM of its own ({@link SshServer}, no OSGi): the
 * harness's host key, public keys from an authorized_keys file, the {@link InProcessCommand} lines
 * served in process (so the figure is the stack's own, as MINA's) and anything else through
 * {@link OsCommand}, as {@code shell=os} runs it. The stack's ceiling is measured against it.
 *
 * <p>Arguments: {@code HOST_KEY AUTHORIZED_KEYS}. Prints {@code LISTENING port} when ready.
 */
public final class AmikoServerMain {
    private AmikoServerMain() {}

    public static void main(String[] args) throws IOException, GeneralSecurityException, InterruptedException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: amiko-server HOST_KEY AUTHORIZED_KEYS");
        }
        KeyPair host = KeyFiles.load(Path.of(args[0]), null);
        AuthorizedKeys authorized = AuthorizedKeys.load(Path.of(args[1]));
        ExecutorService commands = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "bench-command");
            thread.setDaemon(true);
            return thread;
        });
        SshServer server = SshServer.builder().address(new InetSocketAddress("127.0.0.1", 0)).hostKeys(List.of(host))
                .server(transport -> new Decisions(authorized, commands)).start();
        System.out.println("LISTENING " + server.address().getPort());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private record Decisions(AuthorizedKeys authorized, ExecutorService commands) implements ServerInterface {
        @Override
        public List<String> getAllowedAuths(String username) {
            return List.of("publickey");
        }

        @Override
        public AuthResult checkAuthPublickey(String username, PublicKey key) {
            return authorized.find(key).isPresent() ? AuthResult.SUCCESSFUL : AuthResult.FAILED;
        }

        @Override
        public OpenChannelResult checkChannelRequest(String type, int channelId) {
            return "session".equals(type) ? OpenChannelResult.SUCCEEDED : OpenChannelResult.ADMINISTRATIVELY_PROHIBITED;
        }

        @Override
        public boolean checkChannelExecRequest(Channel channel, String command) {
            commands.execute(() -> {
                if (!InProcessCommand.serves(command)) {
                    OsCommand.run(channel, command, null, Map.of(), commands);
                    return;
                }
                int status;
                try {
                    status = InProcessCommand.run(command, channel.getInputStream(), channel.getOutputStream(),
                            channel.getExtendedOutputStream());
                } catch (IOException e) {
                    status = 1;
                }
                OsCommand.finish(channel, status, null, null);
            });
            return true;
        }
    }
}
