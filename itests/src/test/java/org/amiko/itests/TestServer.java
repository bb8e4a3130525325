// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.amiko.Channel;
import org.amiko.OpenChannelResult;
import org.amiko.Prompt;
import org.amiko.Transport;
import org.amiko.agent.AgentSocket;
import org.amiko.core.SshServer;
import org.amiko.core.TransportSettings;
import org.amiko.core.internal.SshTransport;
import org.amiko.forward.ForwardingPolicy;
import org.amiko.forward.ForwardingServerInterface;
import org.amiko.forward.ServerForwarding;
import org.amiko.keys.KeyPairs;
import org.amiko.server.AuthResult;
import org.amiko.server.InteractiveQuery;
import org.amiko.server.PtyRequest;
import org.amiko.sshd.OsCommand;

/**
 * An in-process Amiko server for interop tests: host keys of every type, a set of authorized
 * keys, password and keyboard-interactive users, and {@code exec}/{@code shell} run by
 * {@code /bin/sh} as {@code shell=os} does, and TCP/IP port forwarding ({@code ssh -L} and
 * {@code ssh -R}) within a {@link ForwardingPolicy}, by default {@link #LOOPBACK_FORWARDING}. Records
 * every connection it served.
 */
public final class TestServer implements AutoCloseable {
    /** The password of user {@link #PASSWORD_USER} and the keyboard-interactive answer of {@link #INTERACTIVE_USER}. */
    public static final String PASSWORD = "correct horse battery staple";
    public static final String PASSWORD_USER = "pat";
    public static final String INTERACTIVE_USER = "kim";

    /**
     * The default forwarding policy: {@code direct-tcpip} only to a loopback address written as
     * such ({@code 127.0.0.0/8}, {@code ::1}, {@code localhost}; names are not looked up),
     * listening for {@code tcpip-forward} on any port, always bound to loopback (no gateway ports),
     * and Unix socket forwarding both ways for sockets under {@code java.io.tmpdir}.
     */
    public static final ForwardingPolicy LOOPBACK_FORWARDING = new ForwardingPolicy() {
        @Override
        public boolean allowsOpen(String host, int port) {
            return isLoopback(host);
        }

        @Override
        public boolean allowsListen(String address, int port) {
            return true; // gatewayPorts() is false: every listener binds the loopback address
        }

        @Override
        public boolean allowsStreamLocalOpen(String path) {
            return inTemporaryDirectory(path);
        }

        @Override
        public boolean allowsStreamLocalListen(String path) {
            return inTemporaryDirectory(path);
        }
    };

    /** Unix sockets under java.io.tmpdir only: a test must not touch the machine's own sockets. */
    private static boolean inTemporaryDirectory(String path) {
        return Path.of(path).normalize().startsWith(Path.of(System.getProperty("java.io.tmpdir")));
    }

    private static volatile List<KeyPair> sharedHostKeys;

    private final SshServer server;
    private final List<KeyPair> hostKeys;
    private final Set<PublicKey> authorized = ConcurrentHashMap.newKeySet();
    /** Hosts trusted for hostbased logins, by lower-case name. */
    private final Map<String, PublicKey> hosts = new ConcurrentHashMap<>();
    private final List<SshTransport> served = new CopyOnWriteArrayList<>();
    private volatile ForwardingPolicy forwarding = LOOPBACK_FORWARDING;
    private final ExecutorService pumps = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "test-server-pump");
        thread.setDaemon(true);
        return thread;
    });

    private TestServer(TransportSettings settings, Consumer<Transport> configure) throws IOException {
        this.hostKeys = hostKeys();
        this.server = SshServer.builder().address(new InetSocketAddress("127.0.0.1", 0)).settings(settings)
                .hostKeys(hostKeys).configure(transport -> {
                    served.add((SshTransport) transport);
                    configure.accept(transport);
                }).server(transport -> new Policy(ServerForwarding.start(transport,
                        ForwardingPolicy.following(() -> forwarding))))
                .start();
    }

    public static TestServer start() throws IOException {
        return new TestServer(TransportSettings.defaults(), transport -> { });
    }

    /** A server with other limits or timings (a short login grace time, say). */
    public static TestServer start(TransportSettings settings) throws IOException {
        return new TestServer(settings, transport -> { });
    }

    public static TestServer start(TransportSettings settings, Consumer<Transport> configure) throws IOException {
        return new TestServer(settings, configure);
    }

    /** One host key of every type (ed25519, ECDSA P-256/384/521, RSA 3072), made once per JVM. */
    public static List<KeyPair> hostKeys() {
        if (sharedHostKeys == null) {
            synchronized (TestServer.class) {
                if (sharedHostKeys == null) {
                    try {
                        sharedHostKeys = List.of(KeyPairs.generate("ssh-ed25519"),
                                KeyPairs.generate("ecdsa-sha2-nistp256"), KeyPairs.generate("ecdsa-sha2-nistp384"),
                                KeyPairs.generate("ecdsa-sha2-nistp521"), KeyPairs.generate("ssh-rsa"));
                    } catch (GeneralSecurityException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return sharedHostKeys;
    }

    public int port() {
        return server.address().getPort();
    }

    public List<KeyPair> keys() {
        return hostKeys;
    }

    /** Lets users of the host {@code name}, proved by its {@code key}, log in by hostbased under their own names. */
    public void authorizeHost(String name, PublicKey key) {
        hosts.put(name, key);
    }

    public void authorize(PublicKey key) {
        authorized.add(key);
    }

    /**
     * What port forwarding clients may ask for from now on, on every connection, those already
     * open included ({@link ForwardingPolicy#NONE} refuses all of it).
     */
    public TestServer forwarding(ForwardingPolicy policy) {
        forwarding = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /** Only literals and {@code localhost}: a name would be looked up, and a test must not leave this machine. */
    private static boolean isLoopback(String host) {
        return host.equalsIgnoreCase("localhost") || host.matches("127(\\.[0-9]{1,3}){3}")
                || List.of("::1", "[::1]", "0:0:0:0:0:0:0:1").contains(host);
    }


    /** Every connection accepted so far, oldest first. */
    public List<SshTransport> served() {
        return served;
    }

    /** The most recent connection. */
    public SshTransport last() {
        return served.get(served.size() - 1);
    }

    @Override
    public void close() {
        server.closeAll();
        pumps.shutdownNow();
    }

    /** The decisions: keys from {@link #authorize}, one password user, one keyboard-interactive user. */
    private final class Policy implements ForwardingServerInterface {
        private final Map<Integer, PtyRequest> ptys = new ConcurrentHashMap<>();
        private final Map<Integer, AgentSocket> agents = new ConcurrentHashMap<>();
        private final ServerForwarding ports;

        Policy(ServerForwarding ports) {
            this.ports = ports;
        }

        @Override
        public List<String> getAllowedAuths(String username) {
            // the keyboard-interactive user's password is asked for that way only, as PAM may do it
            List<String> methods = INTERACTIVE_USER.equals(username) ? List.of("publickey", "keyboard-interactive")
                    : List.of("publickey", "password", "keyboard-interactive");
            return hosts.isEmpty() ? methods : java.util.stream.Stream.concat(methods.stream(),
                    java.util.stream.Stream.of("hostbased")).toList();
        }

        /** A host from {@link #authorizeHost} vouches for its users under their own names. */
        @Override
        public AuthResult checkAuthHostbased(String username, PublicKey hostKey, String clientHostName,
                String clientUsername) {
            return hostKey.equals(hosts.get(clientHostName.toLowerCase(Locale.ROOT)))
                    && username.equals(clientUsername) ? AuthResult.SUCCESSFUL : AuthResult.FAILED;
        }

        @Override
        public AuthResult checkAuthPublickey(String username, PublicKey key) {
            return authorized.contains(key) ? AuthResult.SUCCESSFUL : AuthResult.FAILED;
        }

        @Override
        public AuthResult checkAuthPassword(String username, String password) {
            return PASSWORD_USER.equals(username) && PASSWORD.equals(password) ? AuthResult.SUCCESSFUL
                    : AuthResult.FAILED;
        }

        @Override
        public Optional<InteractiveQuery> checkAuthInteractive(String username, String submethods) {
            if (!INTERACTIVE_USER.equals(username)) {
                return Optional.empty();
            }
            return Optional.of(new InteractiveQuery("", "", List.of(new Prompt("Password: ", false))));
        }

        @Override
        public AuthResult checkAuthInteractiveResponse(String username, List<String> responses) {
            return responses.equals(List.of(PASSWORD)) ? AuthResult.SUCCESSFUL : AuthResult.FAILED;
        }

        @Override
        public OpenChannelResult checkChannelRequest(String type, int channelId) {
            return "session".equals(type) ? OpenChannelResult.SUCCEEDED : OpenChannelResult.ADMINISTRATIVELY_PROHIBITED;
        }

        @Override
        public boolean checkChannelPtyRequest(Channel channel, PtyRequest request) {
            ptys.put(channel.getId(), request);
            return true;
        }

        @Override
        public boolean checkChannelEnvRequest(Channel channel, String name, String value) {
            return true;
        }

        /** ssh -A: the command gets SSH_AUTH_SOCK, a socket relayed to the client's agent. */
        @Override
        public boolean checkChannelForwardAgentRequest(Channel channel) {
            try {
                agents.put(channel.getId(), AgentSocket.open(channel.getTransport()));
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public boolean checkChannelExecRequest(Channel channel, String command) {
            pumps.execute(() -> run(channel, command));
            return true;
        }

        @Override
        public boolean checkChannelShellRequest(Channel channel) {
            pumps.execute(() -> run(channel, null));
            return true;
        }

        private void run(Channel channel, String command) {
            AgentSocket agent = agents.remove(channel.getId());
            Map<String, String> environment = agent == null ? Map.of()
                    : Map.of("SSH_AUTH_SOCK", agent.path().toString());
            try {
                OsCommand.run(channel, command, ptys.remove(channel.getId()), environment, pumps);
            } finally {
                if (agent != null) {
                    try {
                        agent.close();
                    } catch (IOException e) {
                        // a leftover temporary socket
                    }
                }
            }
        }

        /** ssh -R, TCP or Unix socket: listeners for the client, within the forwarding policy. */
        @Override
        public ServerForwarding forwarding() {
            return ports;
        }

        /** {@code echo@amiko.test} answers with its own data; everything else is refused. */
        @Override
        public Optional<byte[]> checkGlobalRequest(String name, byte[] data) {
            return name.equals("echo@amiko.test") ? Optional.of(data) : Optional.empty();
        }
    }
}
