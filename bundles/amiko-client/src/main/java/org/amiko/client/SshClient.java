// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.amiko.AlgorithmFamily;
import org.amiko.AuthenticationException;
import org.amiko.Channel;
import org.amiko.HostKeyException;
import org.amiko.HostKeyVerifier;
import org.amiko.PartialAuthenticationException;
import org.amiko.SshException;
import org.amiko.Transport;
import org.amiko.agent.AgentClient;
import org.amiko.agent.AgentIdentity;
import org.amiko.core.AlgorithmPolicy;
import org.amiko.core.Amiko;
import org.amiko.core.TransportSettings;
import org.amiko.keys.KeyFiles;
import org.amiko.keys.KnownHosts;
import org.amiko.keys.KnownHostsVerifier;
import org.amiko.keys.OpenSshCertificate;
import org.amiko.keys.RevokedKeys;
import org.amiko.sftp.SftpClient;

/**
 * One object that connects, authenticates, runs commands and opens SFTP, shaped after paramiko's
 * {@code SSHClient}. Host keys are checked against a known_hosts file (by default
 * {@code ~/.ssh/known_hosts}) under a {@link HostKeyPolicy}; authentication tries, in paramiko's
 * order, Kerberos when {@link #kerberos asked for}, the keys given, the agent's keys, the default
 * key files in {@code ~/.ssh}, then the password.
 *
 * <pre>{@code
 * try (SshClient ssh = new SshClient().policy(HostKeyPolicy.AUTO_ADD)) {
 *     ssh.connect("example.org", 22, "me", ConnectOptions.defaults());
 *     ExecResult run = ssh.exec("uname -a");
 *     System.out.print(new String(run.stdout().readAllBytes()));
 *     System.out.println("exit " + run.exitStatus());
 * }
 * }</pre>
 */
public final class SshClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.amiko.client");

    private Path knownHostsFile = Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    private HostKeyPolicy policy = HostKeyPolicy.REJECT;
    private Path revokedHostKeysFile;
    private boolean updateHostKeys = true;
    private boolean kerberos;
    /** The connection's host key learning, ended by {@link #close}; null when not connected. */
    private HostKeyLearningGate learningGate;
    private Transport transport;
    /** The jump hosts' clients of a configured ProxyJump, the first reached first; closed with this one. */
    private final List<SshClient> jumps = new ArrayList<>();
    /** The configuration of the host being connected to by {@link #connect(String, SshConfig, ConnectOptions)}, or null. */
    private HostConfig configured;

    /** Where host keys are looked up (and, under {@link HostKeyPolicy#AUTO_ADD}, added). */
    public SshClient knownHosts(Path file) {
        knownHostsFile = Objects.requireNonNull(file);
        return this;
    }

    /**
     * Host keys to refuse whatever known_hosts says, as ssh's {@code RevokedHostKeys}: an OpenSSH
     * key revocation list ({@code ssh-keygen -k}) or one public key per line, read at each
     * connect; one that cannot be read fails the connect.
     */
    public SshClient revokedHostKeys(Path file) {
        revokedHostKeysFile = Objects.requireNonNull(file);
        return this;
    }

    /**
     * Whether to keep known_hosts in step with the host keys a server announces after login (ssh's
     * {@code UpdateHostKeys}, on by default as in ssh): when the server's key is on file, its other
     * keys are added once it has proven it holds them, so a later key rotation is no surprise, and
     * the keys on file that it no longer has are removed (see
     * {@link org.amiko.keys.KnownHostsVerifier#withHostKeyUpdates}).
     */
    public SshClient updateHostKeys(boolean value) {
        updateHostKeys = value;
        return this;
    }

    /**
     * Whether to try Kerberos first ({@code gssapi-with-mic}, paramiko's {@code gss_auth}), with the
     * caller's default credential for {@code host/NAME} where NAME is the host connected to: the
     * calling {@code Subject}'s ticket, or the ticket cache when the JVM runs with
     * {@code javax.security.auth.useSubjectCredsOnly=false}. Off by default.
     */
    public SshClient kerberos(boolean value) {
        kerberos = value;
        return this;
    }

    /** What to do with a server whose key is not known. */
    public SshClient policy(HostKeyPolicy value) {
        policy = Objects.requireNonNull(value);
        return this;
    }

    /**
     * Connects, checks the host key and authenticates.
     *
     * @throws HostKeyException if the host key is refused
     * @throws AuthenticationException if no credential was accepted
     */
    public void connect(String host, int port, String user, ConnectOptions options) throws IOException {
        if (transport != null) {
            throw new IllegalStateException("already connected");
        }
        start(Amiko.connect(new InetSocketAddress(host, port), TransportSettings.defaults(), Amiko::defaultCatalog),
                host, port, user, options);
    }

    /**
     * As {@link #connect(String, int, String, ConnectOptions)}, through {@code jump}, the client of
     * a jump host, as {@code ssh -J} ({@link JumpHost}): the host key is checked as
     * {@code host:port}'s, and closing this client leaves the jump host's connection open.
     *
     * @since 1.2
     */
    public void connect(String host, int port, String user, ConnectOptions options, SshClient jump) throws IOException {
        if (transport != null) {
            throw new IllegalStateException("already connected");
        }
        start(JumpHost.connect(jump.connected(), host, port), host, port, user, options);
    }

    /**
     * Connects to {@code host} as ssh does with {@code config} ({@code ~/.ssh/config}): to its
     * {@code HostName} and {@code Port}, as its {@code User}, through its {@code ProxyJump} hops
     * (each looked up in {@code config} too, and closed with this client) or its
     * {@code ProxyCommand}, offering its {@code Ciphers}, {@code MACs}, {@code KexAlgorithms},
     * {@code HostKeyAlgorithms} and {@code Compression}, checking the host key under its
     * {@code HostKeyAlias}, and asking a silent server every {@code ServerAliveInterval} whether it
     * is there. Its {@code IdentityFile}s are tried after the keys of {@code options}
     * (decrypted with their passphrase); with {@code IdentitiesOnly} the agent is not asked, and
     * with identity files the default ones are not tried. Its {@code UserKnownHostsFile} (the
     * first) and {@code StrictHostKeyChecking} replace this client's known_hosts file and policy:
     * {@code yes} and {@code ask} refuse an unknown key (nobody is there to ask), {@code accept-new}
     * and {@code no} add it, and a changed key is refused whatever they say.
     *
     * @since 1.2
     */
    public void connect(String host, SshConfig config, ConnectOptions options) throws IOException {
        if (transport != null) {
            throw new IllegalStateException("already connected");
        }
        HostConfig target = config.lookup(host);
        configure(target);
        SshClient outer = null;
        try {
            for (HostConfig.Jump hop : target.proxyJump()) {
                HostConfig hopConfig = config.lookup(hop.host());
                SshClient next = copySettings();
                next.configure(hopConfig);
                int port = hop.port() != null ? hop.port() : hopConfig.port();
                String user = hop.user() != null ? hop.user() : hopConfig.user();
                if (outer == null) {
                    next.connect(hopConfig.hostName(), port, user, withIdentities(options, hopConfig));
                } else {
                    next.connect(hopConfig.hostName(), port, user, withIdentities(options, hopConfig), outer);
                }
                jumps.add(next);
                outer = next;
            }
            ConnectOptions effective = withIdentities(options, target);
            if (outer != null) {
                connect(target.hostName(), target.port(), target.user(), effective, outer);
            } else if (target.proxyCommand() != null) {
                start(ProxyCommand.connect(target.proxyCommand(), target.hostName(), target.port()), target.hostName(),
                        target.port(), target.user(), effective);
            } else {
                connect(target.hostName(), target.port(), target.user(), effective);
            }
        } catch (IOException | RuntimeException e) {
            closeJumps();
            throw e;
        }
    }

    /**
     * A host's {@code Ciphers}, {@code MACs}, {@code KexAlgorithms}, {@code HostKeyAlgorithms} and
     * {@code Compression}, read as ssh reads them ({@link AlgorithmPolicy}) against what is
     * installed.
     *
     * @throws IllegalArgumentException for a list that leaves nothing installed
     */
    private static void applyAlgorithms(Transport transport, HostConfig host) {
        AlgorithmPolicy policy = new AlgorithmPolicy();
        host.algorithms().forEach(policy::set);
        if (host.compression()) {
            policy.set(AlgorithmFamily.COMPRESSION, "^zlib@openssh.com,zlib");
        }
        for (AlgorithmFamily family : AlgorithmFamily.values()) {
            if (policy.get(family) == null) {
                continue;
            }
            List<String> names = policy.names(family, Amiko.defaultCatalog());
            if (names.isEmpty()) {
                throw new IllegalArgumentException(family.label() + " '" + policy.get(family) + "' for " + host.host()
                        + " names nothing installed");
            }
            transport.getSecurityOptions().set(family, names);
        }
    }

    /** A client with this one's settings, for a jump host. */
    private SshClient copySettings() {
        SshClient copy = new SshClient().knownHosts(knownHostsFile).policy(policy).updateHostKeys(updateHostKeys)
                .kerberos(kerberos);
        return revokedHostKeysFile == null ? copy : copy.revokedHostKeys(revokedHostKeysFile);
    }

    /** Takes a host's known_hosts file and key checking from its configuration, where it sets them. */
    private void configure(HostConfig host) {
        configured = host;
        if (!host.knownHostsFiles().isEmpty()) {
            knownHostsFile = host.knownHostsFiles().get(0);
        }
        if (host.strictHostKeyChecking() != null) {
            policy = switch (host.strictHostKeyChecking().toLowerCase(Locale.ROOT)) {
                case "accept-new", "no", "off" -> HostKeyPolicy.AUTO_ADD;
                default -> HostKeyPolicy.REJECT;
            };
        }
    }

    /** {@code options} with the host's identity files added, as {@link #connect(String, SshConfig, ConnectOptions)} says. */
    private static ConnectOptions withIdentities(ConnectOptions options, HostConfig host) {
        List<KeyPair> keys = new ArrayList<>(options.keys());
        for (Path file : host.identityFiles()) {
            if (!Files.isReadable(file)) {
                LOG.log(Level.DEBUG, "no identity file {0}", file);
                continue;
            }
            try {
                keys.addAll(KeyFiles.loadWithCertificate(file, options.passphrase()));
            } catch (IOException | GeneralSecurityException e) {
                LOG.log(Level.DEBUG, "skipping {0}: {1}", file, e.getMessage());
            }
        }
        return new ConnectOptions(keys, options.allowAgent() && !host.identitiesOnly(),
                options.lookForKeys() && host.identityFiles().isEmpty(), options.passphrase(), options.password());
    }

    private void closeJumps() {
        for (int i = jumps.size() - 1; i >= 0; i--) {
            jumps.get(i).close();
        }
        jumps.clear();
    }

    private void start(Transport connected, String host, int port, String user, ConnectOptions options)
            throws IOException {
        HostConfig settings = configured;
        try {
            String alias = settings == null ? null : settings.hostKeyAlias();
            if (settings != null) {
                applyAlgorithms(connected, settings);
            }
            // as ssh: known_hosts is asked about the alias alone, without the port
            connected.startClient(alias == null ? verifier(host, port) : verifier(alias, 22));
            authenticate(connected, host, user, options);
            if (settings != null && !settings.serverAliveInterval().isZero()) {
                connected.setKeepalive(settings.serverAliveInterval());
            }
            transport = connected;
        } catch (IOException | RuntimeException e) {
            endHostKeyLearning();
            connected.close();
            throw e;
        }
    }

    /** Runs a command; read its streams, then ask for its exit status. */
    public ExecResult exec(String command) throws IOException {
        Channel channel = connected().openSession();
        channel.exec(command);
        return new ExecResult(channel.getOutputStream(), channel.getInputStream(), channel.getExtendedInputStream(),
                channel);
    }

    /** Opens an SFTP session on this connection. */
    public SftpClient openSftp() throws IOException {
        return SftpClient.open(connected());
    }

    /** The underlying transport, for everything else (port forwarding, global requests, ...). */
    public Transport getTransport() {
        return transport;
    }

    @Override
    public void close() {
        endHostKeyLearning();
        if (transport != null) {
            transport.close();
            transport = null;
        }
        closeJumps();
    }

    private void endHostKeyLearning() {
        if (learningGate != null) {
            learningGate.close();
            learningGate = null;
        }
    }

    /**
     * Lets the server's proven host keys reach known_hosts only while the connection is the
     * caller's: they are learnt on a worker after login, and once {@link #close} has returned
     * nothing more may be written (the caller may delete or reuse the file).
     */
    private static final class HostKeyLearningGate {
        private boolean closed;

        synchronized void ifOpen(Runnable write) {
            if (!closed) {
                write.run();
            }
        }

        synchronized void close() {
            closed = true;
        }
    }

    private Transport connected() {
        if (transport == null) {
            throw new IllegalStateException("not connected");
        }
        return transport;
    }

    /**
     * known_hosts by the name the caller used (as OpenSSH), under the policy and the revoked host
     * keys; the host key algorithms of the keys on file are offered first, as ssh orders them.
     */
    private HostKeyVerifier verifier(String host, int port) throws IOException {
        KnownHosts known = KnownHosts.load(knownHostsFile);
        KnownHostsVerifier checks = switch (policy) {
            case AUTO_ADD -> KnownHostsVerifier.autoAdd(known);
            case WARN -> KnownHostsVerifier.warn(known);
            default -> KnownHostsVerifier.reject(known);
        };
        if (updateHostKeys) {
            checks = checks.withHostKeyUpdates();
        }
        if (revokedHostKeysFile != null) {
            // as ssh: a list that cannot be read refuses the connection rather than trusting blindly
            checks = checks.withRevokedKeys(RevokedKeys.load(revokedHostKeysFile));
        }
        KnownHostsVerifier verifier = checks;
        InetSocketAddress named = InetSocketAddress.createUnresolved(host, port);
        HostKeyLearningGate gate = new HostKeyLearningGate();
        learningGate = gate;
        return new HostKeyVerifier() {
            @Override
            public boolean isTrusted(SocketAddress peer, String keyType, PublicKey key) {
                return verifier.isTrusted(named, keyType, key);
            }

            @Override
            public List<String> knownKeyTypes(SocketAddress peer) {
                return verifier.knownKeyTypes(named);
            }

            @Override
            public List<PublicKey> hostKeysToLearn(SocketAddress peer, PublicKey sessionKey, List<PublicKey> announced) {
                return verifier.hostKeysToLearn(named, sessionKey, announced);
            }

            @Override
            public void hostKeysProven(SocketAddress peer, List<PublicKey> proven) {
                gate.ifOpen(() -> verifier.hostKeysProven(named, proven));
            }

            @Override
            public void hostKeysUpdated(SocketAddress peer, PublicKey sessionKey, List<PublicKey> announced,
                    List<PublicKey> proven) {
                gate.ifOpen(() -> verifier.hostKeysUpdated(named, sessionKey, announced, proven));
            }
        };
    }

    private void authenticate(Transport transport, String host, String user, ConnectOptions options)
            throws IOException {
        List<String> tried = new ArrayList<>();
        AuthenticationException last = null;
        if (kerberos) {
            try {
                requireComplete(transport.authGssapiWithMic(user, host, null));
                return;
            } catch (AuthenticationException e) {
                last = e;
                tried.add("kerberos");
            }
        }
        for (KeyPair key : options.keys()) {
            try {
                requireComplete(transport.authPublickey(user, key));
                return;
            } catch (AuthenticationException e) {
                last = e;
                tried.add("key");
            }
        }
        if (options.allowAgent() && System.getenv("SSH_AUTH_SOCK") != null) {
            try (AgentClient agent = AgentClient.connect()) {
                // as ssh: first bound to this session, so destination-constrained keys are judged for this host
                if (transport.getSessionBinding().isPresent()) {
                    agent.bindSession(transport.getSessionBinding().get(), false);
                }
                for (AgentIdentity identity : agent.identities()) {
                    if (identity.key() == null) {
                        continue;
                    }
                    try {
                        requireComplete(transport.authPublickey(user, identity.key(), agent));
                        return;
                    } catch (AuthenticationException e) {
                        last = e;
                        tried.add("agent key");
                    }
                }
            } catch (SshException e) {
                LOG.log(Level.DEBUG, "no agent: {0}", e.getMessage());
            }
        }
        if (options.lookForKeys()) {
            Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
            for (String name : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
                Path file = ssh.resolve(name);
                if (!Files.isReadable(file)) {
                    continue;
                }
                List<KeyPair> pairs;
                try {
                    pairs = KeyFiles.loadWithCertificate(file, options.passphrase());
                } catch (GeneralSecurityException e) {
                    LOG.log(Level.DEBUG, "skipping {0}: {1}", file, e.getMessage());
                    continue;
                }
                for (KeyPair key : pairs) {
                    try {
                        requireComplete(transport.authPublickey(user, key));
                        return;
                    } catch (AuthenticationException e) {
                        last = e;
                        tried.add(key.getPublic() instanceof OpenSshCertificate ? name + "-cert" : name);
                    }
                }
            }
        }
        if (options.password() != null) {
            requireComplete(transport.authPassword(user, options.password()));
            return;
        }
        throw new AuthenticationException("no credential was accepted for " + user + " (tried " + String.join(", ",
                tried.isEmpty() ? List.of("nothing") : tried) + ")",
                last == null ? List.of() : last.getAllowedMethods());
    }

    private static void requireComplete(List<String> methodsLeft) throws PartialAuthenticationException {
        if (!methodsLeft.isEmpty()) {
            throw new PartialAuthenticationException(methodsLeft);
        }
    }
}
