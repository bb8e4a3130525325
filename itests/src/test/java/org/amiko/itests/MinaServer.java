// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.mac.BuiltinMacs;
import org.apache.sshd.common.mac.Mac;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.hostbased.UserAuthHostBasedFactory;
import org.apache.sshd.server.auth.keyboard.DefaultKeyboardInteractiveAuthenticator;
import org.apache.sshd.server.auth.keyboard.UserAuthKeyboardInteractiveFactory;
import org.apache.sshd.server.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.session.ServerSession;

/**
 * An in-process Apache MINA SSHD server on a free loopback port: the test host keys MINA can use,
 * every algorithm MINA supports (so the client's choice alone decides a negotiation), publickey,
 * password ({@link TestServer#PASSWORD_USER}) and keyboard-interactive
 * ({@link TestServer#INTERACTIVE_USER}) users, hostbased for the hosts of {@link #authorizeHost}, with the passwords of {@link TestServer}, and an
 * in-process command set instead of a shell (see {@link InProcessCommand}).
 *
 * <p>MINA signs and verifies Ed25519 only with net.i2p eddsa or Bouncy Castle on the class path;
 * itests has neither, so the Ed25519 host key is left out and Ed25519 user keys are refused.
 */
public final class MinaServer implements AutoCloseable {
    /** How the server records which method let the user in. */
    private static final AttributeKey<String> AUTH_METHOD = new AttributeKey<>();

    private final SshServer sshd;
    private final List<PublicKey> hostKeys;
    private final Set<PublicKey> authorized = ConcurrentHashMap.newKeySet();
    /** Hosts trusted for hostbased logins, by name as the client sends it. */
    private final Map<String, PublicKey> hosts = new ConcurrentHashMap<>();
    private volatile ServerSession latest;

    private MinaServer(long rekeyBytes) throws IOException {
        List<KeyPair> keys = TestServer.hostKeys().stream()
                .filter(key -> !key.getPublic().getAlgorithm().startsWith("Ed")).toList();
        hostKeys = keys.stream().map(KeyPair::getPublic).toList();
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(keys));
        sshd.setKeyExchangeFactories(supportedKeyExchanges());
        sshd.setCipherFactories(supportedCiphers());
        sshd.setMacFactories(supportedMacs());
        sshd.setSignatureFactories(supportedSignatures());
        sshd.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE, UserAuthPasswordFactory.INSTANCE,
                UserAuthKeyboardInteractiveFactory.INSTANCE, UserAuthHostBasedFactory.INSTANCE));
        sshd.setHostBasedAuthenticator((session, username, hostKey, hostName, clientUsername, certificates) ->
                hostKey.equals(hosts.get(hostName)) && username.equals(clientUsername) && recorded(session, "hostbased"));
        sshd.setPublickeyAuthenticator((username, key, session) -> {
            boolean known = KnownHostsFile.contains(List.copyOf(authorized), key);
            return known && recorded(session, "publickey");
        });
        sshd.setPasswordAuthenticator((username, password, session) ->
                TestServer.PASSWORD_USER.equals(username) && TestServer.PASSWORD.equals(password)
                        && recorded(session, "password"));
        // MINA's default challenge ("Password: ", no echo); only the check differs, to tell the methods apart
        sshd.setKeyboardInteractiveAuthenticator(new DefaultKeyboardInteractiveAuthenticator() {
            @Override
            public boolean authenticate(ServerSession session, String username, List<String> responses) {
                return TestServer.INTERACTIVE_USER.equals(username) && responses.equals(List.of(TestServer.PASSWORD))
                        && recorded(session, "keyboard-interactive");
            }
        });
        sshd.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                // tests run one at a time, so the newest session is the current test's
                latest = (ServerSession) session;
            }
        });
        sshd.setCommandFactory((channel, command) -> new InProcessCommand(command));
        CoreModuleProperties.REKEY_BYTES_LIMIT.set(sshd, rekeyBytes);
        sshd.start();
    }

    /**
     * Starts a server that starts a key re-exchange after {@code rekeyBytes}, so a client's
     * handling of server-initiated re-keying can be seen with a few MiB.
     */
    public static MinaServer start(long rekeyBytes) throws IOException {
        return new MinaServer(rekeyBytes);
    }

    public int port() {
        return sshd.getPort();
    }

    /** The host keys the server uses. */
    public List<PublicKey> hostKeys() {
        return hostKeys;
    }

    /** Lets users of the host {@code name}, proved by its {@code key}, log in by hostbased under their own names. */
    public void authorizeHost(String name, PublicKey key) {
        hosts.put(name, key);
    }

    public void authorize(PublicKey key) {
        authorized.add(key);
    }

    /** The most recently created session. */
    public ServerSession latest() {
        return latest;
    }

    /** The method that authenticated the most recent session, or null. */
    public String authMethod() {
        return latest.getAttribute(AUTH_METHOD);
    }

    @Override
    public void close() throws IOException {
        sshd.stop(true);
    }

    private static boolean recorded(ServerSession session, String method) {
        session.setAttribute(AUTH_METHOD, method);
        return true;
    }

    private static List<KeyExchangeFactory> supportedKeyExchanges() {
        List<KeyExchangeFactory> factories = new ArrayList<>();
        for (BuiltinDHFactories factory : BuiltinDHFactories.VALUES) {
            if (factory.isSupported()) {
                factories.add(ServerBuilder.DH2KEX.apply(factory));
            }
        }
        return factories;
    }

    private static List<NamedFactory<Cipher>> supportedCiphers() {
        List<NamedFactory<Cipher>> factories = new ArrayList<>();
        for (BuiltinCiphers cipher : BuiltinCiphers.VALUES) {
            if (cipher.isSupported() && cipher != BuiltinCiphers.none) {
                factories.add(cipher);
            }
        }
        return factories;
    }

    private static List<NamedFactory<Mac>> supportedMacs() {
        List<NamedFactory<Mac>> factories = new ArrayList<>();
        for (BuiltinMacs mac : BuiltinMacs.VALUES) {
            if (mac.isSupported()) {
                factories.add(mac);
            }
        }
        return factories;
    }

    private static List<NamedFactory<Signature>> supportedSignatures() {
        List<NamedFactory<Signature>> factories = new ArrayList<>();
        for (BuiltinSignatures signature : BuiltinSignatures.VALUES) {
            if (signature.isSupported()) {
                factories.add(signature);
            }
        }
        return factories;
    }

    /**
     * What the server runs for {@code exec}, in process so the test depends on no shell:
     * {@code cat} echoes stdin, {@code echo TEXT} prints TEXT, {@code split N} writes one line to
     * each of stdout and stderr and exits with N; anything else fails with 127.
     */
    private static final class InProcessCommand implements Command, Runnable {
        private final String command;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        InProcessCommand(String command) {
            this.command = command;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment environment) {
            // MINA calls start on its I/O thread; a command that reads stdin must not block it
            Thread thread = new Thread(this, "mina-command");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void run() {
            int status;
            try {
                if (command.equals("cat")) {
                    in.transferTo(out);
                    status = 0;
                } else if (command.startsWith("echo ")) {
                    out.write((command.substring(5) + "\n").getBytes(StandardCharsets.UTF_8));
                    status = 0;
                } else if (command.startsWith("split ")) {
                    out.write("to-out\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    err.write("to-err\n".getBytes(StandardCharsets.UTF_8));
                    status = Integer.parseInt(command.substring(6));
                } else {
                    err.write(("unknown command: " + command + "\n").getBytes(StandardCharsets.UTF_8));
                    status = 127;
                }
                out.flush();
                err.flush();
            } catch (IOException e) {
                exit.onExit(1, e.toString());
                return;
            }
            exit.onExit(status);
        }

        @Override
        public void destroy(ChannelSession channel) {
            // the thread ends with its streams
        }
    }
}
