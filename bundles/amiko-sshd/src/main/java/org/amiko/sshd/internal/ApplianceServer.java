// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.amiko.Channel;
import org.amiko.OpenChannelResult;
import org.amiko.agent.AgentSocket;
import org.amiko.keys.AuthorizedKeys;
import org.amiko.server.AuthResult;
import org.amiko.server.CommandHandler;
import org.amiko.server.PtyRequest;
import org.amiko.sshd.OsCommand;
import org.amiko.Transport;
import java.util.function.Function;
import org.amiko.server.ServerInterface;

/**
 * The decisions of the Felix server for one connection, as an appliance makes them: a key in
 * {@code authorized_keys} or a password from {@code users.properties} logs in under any user name
 * it authorizes; a session channel may ask for a pty, {@code LANG}/{@code LC_*} variables, a shell
 * or a command, which run through the configured {@link CommandRunner}.
 */
final class ApplianceServer implements ServerInterface {
    private final AuthorizedKeys authorizedKeys;
    private final PasswordFile passwords;
    private final CommandRunner runner;
    private final ExecutorService workers;
    private final Map<Integer, ChannelContext> contexts = new ConcurrentHashMap<>();

    private final Function<String, CommandHandler> commands;
    private final Transport transport;

    /**
     * @param commands handlers for exec commands by first word (the whiteboard), asked before the shell
     */
    ApplianceServer(AuthorizedKeys authorizedKeys, PasswordFile passwords, CommandRunner runner,
            Function<String, CommandHandler> commands, Transport transport, ExecutorService workers) {
        this.authorizedKeys = authorizedKeys;
        this.passwords = passwords;
        this.runner = runner;
        this.commands = commands;
        this.transport = transport;
        this.workers = workers;
    }

    @Override
    public List<String> getAllowedAuths(String username) {
        return passwords.isEmpty() ? List.of("publickey") : List.of("publickey", "password");
    }

    @Override
    public AuthResult checkAuthPassword(String username, String password) {
        return passwords.verify(username, password) ? AuthResult.SUCCESSFUL : AuthResult.FAILED;
    }

    @Override
    public AuthResult checkAuthPublickey(String username, PublicKey key) {
        return authorizedKeys.find(key).isPresent() ? AuthResult.SUCCESSFUL : AuthResult.FAILED;
    }

    @Override
    public OpenChannelResult checkChannelRequest(String type, int channelId) {
        return "session".equals(type) ? OpenChannelResult.SUCCEEDED : OpenChannelResult.ADMINISTRATIVELY_PROHIBITED;
    }

    @Override
    public boolean checkChannelPtyRequest(Channel channel, PtyRequest request) {
        context(channel).pty = request;
        return true;
    }

    @Override
    public boolean checkChannelWindowChangeRequest(Channel channel, int columns, int rows, int widthPixels,
            int heightPixels) {
        return true;
    }

    @Override
    public boolean checkChannelEnvRequest(Channel channel, String name, String value) {
        // as OpenSSH's default AcceptEnv: locale settings only
        if (name.equals("LANG") || name.startsWith("LC_")) {
            context(channel).environment.put(name, value);
            return true;
        }
        return false;
    }

    /**
     * {@code ssh -A}: with {@code shell=os} the command finds the client's agent through
     * {@code SSH_AUTH_SOCK}, a socket relayed to the client; Gogo has no use for an agent.
     */
    @Override
    public boolean checkChannelForwardAgentRequest(Channel channel) {
        if (!runner.runsProcesses()) {
            return false;
        }
        ChannelContext context = context(channel);
        if (context.agent == null) {
            try {
                context.agent = AgentSocket.open(transport);
            } catch (IOException e) {
                return false;
            }
            context.environment.put("SSH_AUTH_SOCK", context.agent.path().toString());
        }
        return true;
    }

    @Override
    public boolean checkChannelShellRequest(Channel channel) {
        return start(channel, null);
    }

    @Override
    public boolean checkChannelExecRequest(Channel channel, String command) {
        String firstWord = command.strip().split("\\s+", 2)[0];
        CommandHandler handler = commands.apply(firstWord);
        if (handler == null) {
            return start(channel, command);
        }
        ChannelContext context = context(channel);
        if (context.started) {
            return false;
        }
        context.started = true;
        workers.execute(() -> {
            int status;
            try {
                status = handler.execute(command, transport, channel);
            } catch (IOException | RuntimeException e) {
                status = 1;
            } finally {
                contexts.remove(channel.getId());
            }
            OsCommand.finish(channel, status, null, null);
        });
        return true;
    }

    private boolean start(Channel channel, String command) {
        ChannelContext context = context(channel);
        if (context.started) {
            return false;
        }
        context.started = true;
        // the reply goes out before the command's first byte: the channel holds writes until then
        workers.execute(() -> {
            try {
                runner.run(channel, command, context.pty, Map.copyOf(context.environment));
            } finally {
                contexts.remove(channel.getId());
                context.closeAgent();
            }
        });
        return true;
    }

    private ChannelContext context(Channel channel) {
        return contexts.computeIfAbsent(channel.getId(), id -> new ChannelContext());
    }

    /** What a session channel asked for before its command. */
    private static final class ChannelContext {
        private final Map<String, String> environment = new ConcurrentHashMap<>();
        private volatile PtyRequest pty;
        private volatile boolean started;
        private volatile AgentSocket agent;

        void closeAgent() {
            if (agent != null) {
                try {
                    agent.close();
                } catch (IOException e) {
                    // a temporary socket that could not be removed; nothing else depends on it
                }
            }
        }
    }
}
