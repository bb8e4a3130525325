// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.amiko.AlgorithmFamily;
import org.amiko.AuthenticationException;
import org.amiko.Channel;
import org.amiko.HostKeyException;
import org.amiko.HostKeyVerifier;
import org.amiko.SshException;
import org.amiko.Transport;
import org.amiko.agent.AgentClient;
import org.amiko.agent.AgentForwarding;
import org.amiko.core.AlgorithmPolicy;
import org.amiko.core.Amiko;
import org.amiko.core.TransportSettings;
import org.amiko.forward.X11Authorization;
import org.amiko.forward.X11Display;
import org.amiko.forward.X11Forwarding;
import org.amiko.keys.KnownHosts;
import org.amiko.keys.OpenSshCertificate;
import org.amiko.keys.KnownHostsVerifier;
import org.amiko.keys.PatternLists;
import org.amiko.keys.RevokedKeys;
import org.amiko.sftp.SftpClient;

/**
 * One object that connects, authenticates, runs commands and opens SFTP, shaped after paramiko's
 * {@code SSHClient}. Host keys are checked against a known_hosts file (by default
 * {@code ~/.ssh/known_hosts}) under a {@link HostKeyPolicy}; authentication tries, in paramiko's
 * order, Kerberos when {@link #kerberos asked for}, the keys given, the agent's keys, the default
 * key files in {@code ~/.ssh}, then the password, by the {@code password} method or, where the
 * server lists only that, as the answer to keyboard-interactive's password prompt.
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
    /** Whether names written to known_hosts are hashed, where a host's HashKnownHosts does not say. */
    private boolean hashKnownHosts;
    private boolean kerberos;
    /** The agent's socket, or null for {@code $SSH_AUTH_SOCK}'s. */
    private Path agentSocket;
    /** Whether sessions forward the agent, where a host's ForwardAgent does not say. */
    private boolean forwardAgent;
    /** Whether sessions ask for X11 forwarding ({@link #forwardX11(boolean)}). */
    private boolean forwardX11;
    /** The display X11 connections are carried to, and its cookie; null: $DISPLAY and xauth's. */
    private X11Display x11Display;
    private X11Authorization x11Authorization;
    /** The connection's X11 forwarding, made at its first session that asks; null before; guarded by this. */
    private X11Forwarding x11Forwarding;
    /** The agent the sessions of this connection forward, or null for none. */
    private Path forwardedAgent;
    /** The transport settings of a connection, but where a host's ConnectTimeout says otherwise. */
    private TransportSettings transportSettings = TransportSettings.defaults();
    /** The connection's host key learning, ended by {@link #close}; null when not connected. */
    private HostKeyLearningGate learningGate;
    private Transport transport;
    /** The jump hosts' clients of a configured ProxyJump, the first reached first; closed with this one. */
    private final List<SshClient> jumps = new ArrayList<>();
    /** The keys read from IdentityFiles for this connection, by file, for AddKeysToAgent. */
    private Map<Path, List<KeyPair>> identityFileKeys = Map.of();
    /** The configured host's forwardings, or null for none; {@link #close} stops them. */
    private ConfiguredForwards forwards;
    /** What each command's environment gets, as the host's SendEnv and SetEnv say, in order. */
    private List<Map.Entry<String, String>> environment = List.of();
    /** The configured host, for {@link #defaultSession}; null without a configuration. */
    private HostConfig configuredHost;

    /**
     * How one connection checks its host key: this client's settings, or those as a host's
     * configuration changes them for that connection alone.
     *
     * @param knownHostsFile the file looked up and written, or null for one that starts empty and
     *        is never written
     * @param consulted files read besides it, never written
     * @param revokedKeys the revoked host keys' files, none for none
     */
    private record HostKeyChecking(Path knownHostsFile, HostKeyPolicy policy, boolean updateHostKeys,
            List<Path> consulted, boolean hashNames, List<Path> revokedKeys) {}

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
     * Whether the host names this client writes to known_hosts are hashed ({@code |1|salt|hash}),
     * as ssh's {@code HashKnownHosts}: a reader of the file then cannot tell where this user goes.
     * Off by default, as in ssh; a file whose host already has hashed lines gets hashed ones anyway.
     *
     * @since 1.3
     */
    public SshClient hashKnownHosts(boolean value) {
        hashKnownHosts = value;
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

    /**
     * The ssh-agent to ask when {@link ConnectOptions#allowAgent()} (ssh's {@code IdentityAgent}):
     * the one listening on {@code socket}, instead of the one {@code $SSH_AUTH_SOCK} names. A
     * host's own {@code IdentityAgent} in an ssh_config decides for that host.
     *
     * @since 1.2
     */
    public SshClient agentSocket(Path socket) {
        agentSocket = Objects.requireNonNull(socket);
        return this;
    }

    /**
     * How long to wait for the TCP connection, and then for the server's part of the handshake
     * (paramiko's {@code timeout}; {@link TransportSettings#connectTimeout()}, 2 minutes by
     * default); {@link Duration#ZERO} waits for ever. A host's {@code ConnectTimeout} in an
     * ssh_config decides for that host.
     *
     * @since 1.2
     */
    public SshClient connectTimeout(Duration value) {
        transportSettings = transportSettings.toBuilder().connectTimeout(value).build();
        return this;
    }

    /**
     * Whether {@link #exec} forwards the agent to the command, as {@code ssh -A}: the agent this
     * client logs in with ({@link #agentSocket(Path)}'s, else {@code $SSH_AUTH_SOCK}'s). Off by
     * default; a host's {@code ForwardAgent} in an ssh_config decides for that host. A server that
     * refuses is warned about, and the command runs without.
     *
     * @since 1.2
     */
    public SshClient forwardAgent(boolean value) {
        forwardAgent = value;
        return this;
    }

    /**
     * Whether sessions ({@link #exec}, {@link #invokeShell}, {@link #defaultSession}) ask the
     * server to forward X11 connections to the local display, as {@code ssh -Y}: trusted
     * forwarding, the remote X clients getting the access the real cookie gives (the cookie itself
     * stays here; {@link X11Forwarding}). Off by default; a host's {@code ForwardX11} in an
     * ssh_config decides for that host, and its {@code ForwardX11Trusted no} (untrusted
     * forwarding, which needs the X server's SECURITY extension) turns it off with a warning.
     * Unlike upstream OpenSSH, where {@code ForwardX11Trusted} defaults to no and
     * {@code ForwardX11 yes} means {@code ssh -X}, a host that does not set it is forwarded
     * trusted, as Debian's ssh does. A server that refuses, or a local display that cannot be
     * used, is warned about, and the session goes on without.
     *
     * @since 1.3
     */
    public SshClient forwardX11(boolean value) {
        forwardX11 = value;
        return this;
    }

    /**
     * The display X11 connections are carried to and the cookie it wants (null for none), instead
     * of {@code $DISPLAY} and the cookie xauth(1) has for it.
     *
     * @since 1.3
     */
    public SshClient x11Display(X11Display display, X11Authorization authorization) {
        x11Display = Objects.requireNonNull(display);
        x11Authorization = authorization;
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
        start(Amiko.transport(DirectConnect.connect(host, port, DirectConnect.Route.DEFAULT,
                transportSettings.connectTimeout()), transportSettings, Amiko::defaultCatalog), host, port,
                user,
                options, null);
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
        start(JumpHost.connect(jump.connected(), host, port, transportSettings, Amiko::defaultCatalog), host, port,
                user,
                options, null);
    }

    /**
     * Connects to {@code host} as ssh does with {@code config} ({@code ~/.ssh/config}): to its
     * {@code HostName} and {@code Port} (each address in turn, of its {@code AddressFamily}, from
     * its {@code BindAddress} or {@code BindInterface}, {@code ConnectionAttempts} times), as its
     * {@code User}, through its {@code ProxyJump} hops
     * (each looked up in {@code config} too, and closed with this client) or its
     * {@code ProxyCommand}, offering its {@code Ciphers}, {@code MACs}, {@code KexAlgorithms},
     * {@code HostKeyAlgorithms} and {@code Compression}, signing publickey logins with its
     * {@code PubkeyAcceptedAlgorithms}, checking the host key under its
     * {@code HostKeyAlias}, and asking a silent server every {@code ServerAliveInterval} whether it
     * is there, giving it up after {@code ServerAliveCountMax} questions unanswered. Its {@code IdentityFile}s are tried after the keys of {@code options}
     * (decrypted with their passphrase); with {@code IdentitiesOnly} the agent offers only its
     * copies of those keys, known by the {@code .pub} files beside them or an OpenSSH key file's
     * own public key (so an encrypted key the agent holds needs no passphrase), and with identity files the default ones are not tried. Its {@code UserKnownHostsFile} (the
     * first) and {@code StrictHostKeyChecking} replace this client's known_hosts file and policy:
     * {@code yes} and {@code ask} refuse an unknown key (nobody is there to ask), {@code accept-new}
     * and {@code no} add it, and a changed key is refused whatever they say. Its
     * {@code PreferredAuthentications} orders the login methods, and {@code PubkeyAuthentication},
     * {@code PasswordAuthentication}, {@code KbdInteractiveAuthentication} and
     * {@code GSSAPIAuthentication} turn them off or on. A ProxyJump chain that
     * loops, or an algorithm list of any host on the way that is malformed or names nothing
     * installed, fails before anything connects.
     *
     * <p>Once logged in, its {@code LocalForward}, {@code RemoteForward} and
     * {@code DynamicForward} lines are set up, as ssh sets them up ({@link #forwards()} lists
     * them; a local one listens on loopback unless it names an address or {@code GatewayPorts}
     * says otherwise, a local Unix socket is this account's alone): one that cannot be is warned
     * about, or under {@code ExitOnForwardFailure yes} fails the connection. Each command
     * {@link #exec} runs gets the local environment variables {@code SendEnv} names and the
     * variables {@code SetEnv} sets, where the server accepts them (sshd's {@code AcceptEnv}).
     *
     * @throws IllegalArgumentException for such an algorithm list
     * @throws SshException for a forwarding that fails under {@code ExitOnForwardFailure yes}
     * @since 1.2
     */
    public void connect(String host, SshConfig config, ConnectOptions options) throws IOException {
        if (transport != null) {
            throw new IllegalStateException("already connected");
        }
        for (String problem : config.problems()) {
            LOG.log(Level.WARNING, "ssh_config: {0}", problem);
        }
        try {
            connectConfigured(host, config, options);
        } catch (UncheckedIOException e) {
            // a lookup's Match exec that could not run: the IOException it is
            close();
            throw e.getCause();
        }
    }

    private void connectConfigured(String host, SshConfig config, ConnectOptions options) throws IOException {
        HostConfig target = config.lookup(host);
        HopLookups hops = new HopLookups(config);
        checkRoute(target, hops, List.of(host));
        // an IdentityFile is read (and decrypted) once, however many hops name it; the default
        // ~/.ssh/id_* keys that a hop without IdentityFile tries are read by that hop's login
        Map<Path, List<KeyPair>> identities = new HashMap<>();
        identityFileKeys = identities;
        try {
            SshClient outer = reach(target, hops, options, identities);
            open(target, target.port(), target.user(), withIdentities(options, target, identities), outer);
            // the target's alone: ssh runs each jump host with -W, which clears its forwardings
            forwards = ConfiguredForwards.start(transport, target);
            environment = environment(target);
            configuredHost = target;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        } finally {
            identityFileKeys = Map.of(); // their private keys are not kept past the login
        }
    }

    /**
     * The forwardings the host's configuration set up and that run, in the order configured, a
     * {@code RemoteForward} of port 0 with the port the server chose; empty when none were, or
     * when not connected through {@link #connect(String, SshConfig, ConnectOptions)}.
     *
     * @since 1.3
     */
    public List<Forward> forwards() {
        return forwards == null ? List.of() : forwards.active();
    }

    /**
     * What a host's commands get as environment, as ssh's {@code client_session2_setup} sends it:
     * the local variables whose names match a {@code SendEnv} pattern (in name order), then the
     * {@code SetEnv} variables.
     */
    private static List<Map.Entry<String, String>> environment(HostConfig host) {
        List<Map.Entry<String, String>> variables = new ArrayList<>();
        if (!host.sendEnv().isEmpty()) {
            new TreeMap<>(System.getenv()).forEach((name, value) -> {
                if (host.sendEnv().stream().anyMatch(pattern -> PatternLists.matchesPattern(name, pattern))) {
                    variables.add(Map.entry(name, value));
                }
            });
        }
        variables.addAll(host.setEnv().entrySet());
        return List.copyOf(variables);
    }

    /**
     * The configurations of a route's jump hosts, each looked up once however often the route is
     * walked ({@link #checkRoute}, then {@link #reach}): a lookup may run {@code Match exec}
     * commands, which ssh runs once per host.
     */
    private static final class HopLookups {
        private final SshConfig config;
        private final Map<List<String>, HostConfig> looked = new HashMap<>();

        HopLookups(SshConfig config) {
            this.config = config;
        }

        /** A hop's configuration, looked up with the user it names, as {@code ssh -l}. */
        HostConfig lookup(HostConfig.Jump hop) {
            return looked.computeIfAbsent(Arrays.asList(hop.host(), hop.user()),
                    key -> config.lookup(hop.host(), hop.user()));
        }
    }

    /** ssh's limit on how many hosts a chain of ProxyJumps may pass through. */
    private static final int MAX_JUMPS = 16;

    /**
     * Checks, before anything connects, the hosts {@link #reach} will connect for {@code host}, and
     * {@code host} itself: ProxyJumps that neither loop nor go more than {@link #MAX_JUMPS} hosts
     * deep, and algorithm lists that are well formed and name something installed. A bad line then
     * fails the connection before jump hosts are brought up for nothing.
     *
     * @param chain the hosts from the one asked for to {@code host}
     */
    private static void checkRoute(HostConfig host, HopLookups hops, List<String> chain) throws SshException {
        algorithms(host);
        publicKeyAlgorithms(host);
        boolean first = true;
        for (HostConfig.Jump hop : host.proxyJump()) {
            if (chain.size() >= MAX_JUMPS || chain.contains(hop.host())) {
                throw new SshException("ProxyJump loops or goes more than " + MAX_JUMPS + " hosts deep: "
                        + String.join(" > ", chain) + " > " + hop.host());
            }
            HostConfig hopConfig = hops.lookup(hop);
            if (first) {
                // only the first hop is reached through its own ProxyJump; the others through the hop before
                List<String> deeper = new ArrayList<>(chain);
                deeper.add(hop.host());
                checkRoute(hopConfig, hops, deeper);
            } else {
                algorithms(hopConfig);
                publicKeyAlgorithms(hopConfig);
            }
            first = false;
        }
    }

    /**
     * Connects the jump hosts {@code host}'s ProxyJump names, each in turn through the one before,
     * the first through its own ProxyJump or ProxyCommand if it has one (as {@code ssh -W} for it
     * would); returns the last, through which {@code host} is reached, or null for none. Every
     * client made is kept in {@link #jumps}, to be closed with this one. Each jump host starts from
     * this client's settings and its own configuration, as ssh runs one ssh per hop, looked up with
     * the user the hop names, as {@code ssh -l}. The password of {@code options} goes to the target
     * only, never to a jump host. {@link #checkRoute} must have passed the route first: this
     * method has no guard against a ProxyJump loop of its own.
     */
    private SshClient reach(HostConfig host, HopLookups hops, ConnectOptions options, Map<Path, List<KeyPair>> identities)
            throws IOException {
        ConnectOptions keysOnly = new ConnectOptions(options.keys(), options.allowAgent(), options.lookForKeys(),
                options.passphrase(), null);
        SshClient outer = null;
        for (HostConfig.Jump hop : host.proxyJump()) {
            HostConfig hopConfig = hops.lookup(hop);
            SshClient through = outer;
            if (through == null) {
                through = reach(hopConfig, hops, options, identities);
            }
            SshClient next = copySettings();
            next.identityFileKeys = identities; // for AddKeysToAgent on the hop; forgotten once it is in
            jumps.add(next); // closed with this one, whatever happens next
            try {
                next.open(hopConfig, hop.port() != null ? hop.port() : hopConfig.port(), hopConfig.user(),
                        withIdentities(keysOnly, hopConfig, identities), through);
            } finally {
                next.identityFileKeys = Map.of();
            }
            outer = next;
        }
        return outer;
    }

    /**
     * Connects this client to a configured host: through {@code through} (a jump host's client),
     * else through its ProxyCommand, else directly; its host key checked as its configuration says.
     */
    private void open(HostConfig host, int port, String user, ConnectOptions options, SshClient through)
            throws IOException {
        TransportSettings settings = host.connectTimeout() == null ? transportSettings
                : transportSettings.toBuilder().connectTimeout(host.connectTimeout()).build();
        Transport connected;
        if (through != null) {
            connected = JumpHost.connect(through.connected(), host.hostName(), port, settings, Amiko::defaultCatalog);
        } else if (host.proxyCommand() != null) {
            connected = ProxyCommand.connect(host.proxyCommand(), host.hostName(), port, user, host.host(), settings);
        } else {
            DirectConnect.Route route = new DirectConnect.Route(host.addressFamily(), host.connectionAttempts(),
                    host.bindAddress(), host.bindInterface());
            connected = Amiko.transport(DirectConnect.connect(host.hostName(), port, route, settings.connectTimeout()),
                    settings, Amiko::defaultCatalog);
        }
        start(connected, host.hostName(), port, user, options, host);
    }

    /**
     * A host's {@code Ciphers}, {@code MACs}, {@code KexAlgorithms}, {@code HostKeyAlgorithms},
     * {@code PubkeyAcceptedAlgorithms} and {@code Compression}, read as ssh reads them
     * ({@link AlgorithmPolicy}) against what is installed.
     *
     * @throws IllegalArgumentException for a list that leaves nothing installed
     */
    private static void applyAlgorithms(Transport transport, HostConfig host) {
        algorithms(host).forEach(transport.getSecurityOptions()::set);
        List<String> publicKey = publicKeyAlgorithms(host);
        if (publicKey != null) {
            transport.getSecurityOptions().setPublicKeyAlgorithms(publicKey);
        }
    }

    /**
     * The signature algorithms a host's publickey logins may use: its
     * {@code PubkeyAcceptedAlgorithms}, against the recommended host key algorithms; null when not
     * set (then the transport's default, those recommended ones).
     *
     * @throws IllegalArgumentException for a list that is malformed or leaves nothing installed
     */
    private static List<String> publicKeyAlgorithms(HostConfig host) {
        String spec = host.pubkeyAcceptedAlgorithms();
        if (spec == null) {
            return null;
        }
        List<String> names = new AlgorithmPolicy().setPublicKey(spec).publicKeyNames(Amiko.defaultCatalog());
        if (names.isEmpty()) {
            throw new IllegalArgumentException("PubkeyAcceptedAlgorithms '" + spec + "' for " + host.host()
                    + " names nothing installed");
        }
        return names;
    }

    /**
     * The names a host's algorithm settings offer, per family they set.
     *
     * @throws IllegalArgumentException for a list that is malformed or leaves nothing installed
     */
    private static Map<AlgorithmFamily, List<String>> algorithms(HostConfig host) {
        Map<AlgorithmFamily, List<String>> offered = new EnumMap<>(AlgorithmFamily.class);
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
            offered.put(family, names);
        }
        return offered;
    }

    /** A client with this one's settings, for a jump host. */
    private SshClient copySettings() {
        SshClient copy = new SshClient().knownHosts(knownHostsFile).policy(policy).updateHostKeys(updateHostKeys)
                .hashKnownHosts(hashKnownHosts).kerberos(kerberos);
        copy.agentSocket = agentSocket;
        copy.transportSettings = transportSettings;
        return revokedHostKeysFile == null ? copy : copy.revokedHostKeys(revokedHostKeysFile);
    }

    /** This client's own host key checking, for a connection without a configuration. */
    private HostKeyChecking checking() {
        return new HostKeyChecking(knownHostsFile, policy, updateHostKeys, List.of(), hashKnownHosts,
                revokedHostKeysFile == null ? List.of() : List.of(revokedHostKeysFile));
    }

    /**
     * This client's host key checking as a host's configuration changes it for one connection. As
     * ssh: a {@code UserKnownHostsFile} of the caller's choosing turns the learning of new host
     * keys after login off; {@code none}, or a file that is no regular file ({@code /dev/null}), is
     * a known_hosts that starts empty and is never written, so {@code accept-new} there accepts
     * without remembering; the other files listed, and the global ones, are consulted, never
     * written. A {@code RevokedHostKeys} replaces the client's own list ({@code none}: no list).
     * The client's own settings stay as they were.
     */
    private HostKeyChecking checking(HostConfig host) {
        Path file = knownHostsFile;
        boolean update = updateHostKeys;
        List<Path> consulted = new ArrayList<>();
        List<Path> files = host.knownHostsFiles();
        if (files != null) {
            update = false; // unless UpdateHostKeys says yes, below
            Path first = files.isEmpty() ? null : files.get(0);
            boolean writable = first != null && (!Files.exists(first) || Files.isRegularFile(first));
            file = writable ? first : null;
            if (files.size() > 1) {
                consulted.addAll(files.subList(1, files.size()));
            }
        }
        List<Path> global = host.globalKnownHostsFiles();
        consulted.addAll(global != null ? global
                : List.of(Path.of("/etc/ssh/ssh_known_hosts"), Path.of("/etc/ssh/ssh_known_hosts2")));
        HostKeyPolicy checkingPolicy = policy;
        if (host.strictHostKeyChecking() != null) {
            checkingPolicy = switch (host.strictHostKeyChecking().toLowerCase(Locale.ROOT)) {
                case "accept-new", "no", "off" -> HostKeyPolicy.AUTO_ADD;
                default -> HostKeyPolicy.REJECT;
            };
        }
        if (host.updateHostKeys() != null) {
            update = host.updateHostKeys();
        }
        List<Path> revoked = host.revokedHostKeys();
        return new HostKeyChecking(file, checkingPolicy, update, consulted,
                host.hashKnownHosts() != null ? host.hashKnownHosts() : hashKnownHosts,
                revoked != null ? revoked : revokedHostKeysFile == null ? List.of() : List.of(revokedHostKeysFile));
    }

    /**
     * {@code options} with the host's identity files added, as {@link #connect(String, SshConfig, ConnectOptions)}
     * says; a file already read for another hop is taken from {@code read}.
     */
    private static ConnectOptions withIdentities(ConnectOptions options, HostConfig host, Map<Path, List<KeyPair>> read) {
        List<KeyPair> keys = new ArrayList<>(options.keys());
        for (Path file : host.identityFiles()) {
            keys.addAll(read.computeIfAbsent(file, unread -> Credentials.identities(unread, options.passphrase())));
        }
        return new ConnectOptions(keys, options.allowAgent(), options.lookForKeys() && host.identityFiles().isEmpty(),
                options.passphrase(), options.password());
    }

    private void closeJumps() {
        for (int i = jumps.size() - 1; i >= 0; i--) {
            jumps.get(i).close();
        }
        jumps.clear();
    }

    /**
     * Checks the host key, authenticates and keeps the transport; {@code settings} is the host's
     * configuration, or null for none.
     */
    private void start(Transport connected, String host, int port, String user, ConnectOptions options,
            HostConfig settings) throws IOException {
        try {
            HostKeyChecking checking = settings == null ? checking() : checking(settings);
            String alias = settings == null ? null : settings.hostKeyAlias();
            if (settings != null) {
                applyAlgorithms(connected, settings);
            }
            // as ssh: known_hosts is asked about the alias alone, without the port
            connected.startClient(alias == null ? verifier(host, port, checking) : verifier(alias, 22, checking));
            // a host's CertificateFiles are read once here, for its key files' keys and the agent's
            Credentials.UsedKey used = Credentials.authenticate(connected, host, user, options,
                    authentications(settings),
                    settings != null && settings.identitiesOnly() ? Credentials.identityKeys(settings, options) : null,
                    agentFor(settings), settings == null ? List.of() : Credentials.certificates(settings.certificateFiles()));
            if (settings != null && used != null && options.allowAgent()) {
                addToAgent(settings, used);
            }
            if (settings != null && !settings.serverAliveInterval().isZero()) {
                connected.setKeepalive(settings.serverAliveInterval(), settings.serverAliveCountMax());
            }
            if (settings != null && !settings.channelTimeouts().isEmpty()) {
                connected.setChannelTimeouts(settings.channelTimeouts());
            }
            forwardedAgent = forwardedAgent(settings);
            transport = connected;
        } catch (IOException | RuntimeException e) {
            endHostKeyLearning();
            connected.close();
            throw e;
        }
    }

    /**
     * Gives the agent the key that logged in, as the host's {@code AddKeysToAgent} says, when it
     * was read from a file (an IdentityFile or a default one; a key the caller gave is the
     * caller's to keep), as ssh gives the agent the keys it loads. Where there is no agent, or it
     * refuses, the connection goes on and a warning says so.
     */
    private void addToAgent(HostConfig settings, Credentials.UsedKey used) {
        KeysToAgent wanted = KeysToAgent.parse(settings.addKeysToAgent());
        // a certificate logs in with its key: the key is what the agent is given
        KeyPair key = used.key().getPublic() instanceof OpenSshCertificate certificate
                ? new KeyPair(certificate.key(), used.key().getPrivate()) : used.key();
        Path file = used.file() != null ? used.file() : identityFileOf(key);
        Path socket = agentFor(settings);
        if (!wanted.add() || file == null || socket == null) {
            return;
        }
        try (AgentClient agent = AgentClient.connect(socket)) {
            // one it holds already keeps its own constraints (ssh-add -c), as ssh would use that copy
            if (agent.identities().stream().noneMatch(held -> key.getPublic().equals(held.key()))) {
                agent.add(key, file.toString(), wanted.lifetime(), wanted.confirm());
                LOG.log(Level.DEBUG, "key {0} added to the agent", file);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "key {0} not added to the agent: {1}", file, e.getMessage());
        }
    }

    /** The IdentityFile this connection read {@code key} (a plain key) from, or null. */
    private Path identityFileOf(KeyPair key) {
        for (Map.Entry<Path, List<KeyPair>> file : identityFileKeys.entrySet()) {
            if (file.getValue().stream().anyMatch(read -> key.getPublic().equals(read.getPublic() instanceof
                    OpenSshCertificate certificate ? certificate.key() : read.getPublic()))) {
                return file.getKey();
            }
        }
        return null;
    }

    /**
     * The login methods for a host: its configuration's, else this client's order
     * ({@link HostConfig#DEFAULT_AUTHENTICATIONS}); Kerberos where the host's
     * {@code GSSAPIAuthentication} says so, else where {@link #kerberos(boolean)} does.
     */
    private List<String> authentications(HostConfig settings) {
        List<String> methods = settings == null ? HostConfig.DEFAULT_AUTHENTICATIONS : settings.authentications();
        boolean gssapi = settings == null || settings.gssapiAuthentication() == null ? kerberos
                : settings.gssapiAuthentication();
        return gssapi ? methods : methods.stream().filter(method -> !method.equals("gssapi-with-mic")).toList();
    }

    /**
     * Whether a host's sessions ask for X11 forwarding: its {@code ForwardX11}, else
     * {@link #forwardX11(boolean)}; never under {@code ForwardX11Trusted no}, which asks for the
     * untrusted forwarding this client cannot make. Asked at each session, so jump hosts, which
     * open none, are never asked about.
     */
    private boolean x11Wanted(HostConfig settings) {
        boolean wanted = settings == null || settings.forwardX11() == null ? forwardX11 : settings.forwardX11();
        if (wanted && settings != null && Boolean.FALSE.equals(settings.forwardX11Trusted())) {
            LOG.log(Level.WARNING, "X11 forwarding for {0} not set up: ForwardX11Trusted no asks for untrusted "
                    + "forwarding, which this client does not make", settings.host());
            return false;
        }
        return wanted;
    }

    /**
     * Asks for X11 forwarding on a session, as ssh_session2_setup does: the connection's
     * forwarding, made at the first session (one fake cookie per connection, as ssh), to
     * {@link #x11Display} or {@code $DISPLAY}. Without a usable display, or when the server
     * refuses, the session goes on without, with a warning, as ssh goes on.
     */
    private void requestX11(Transport connection, Channel channel) throws IOException {
        X11Forwarding forwarding;
        try {
            synchronized (this) {
                if (x11Forwarding == null) {
                    x11Forwarding = x11Display != null ? X11Forwarding.on(connection, x11Display, x11Authorization)
                            : X11Forwarding.fromEnvironment(connection);
                }
                forwarding = x11Forwarding;
            }
        } catch (IOException | RuntimeException e) {
            // DISPLAY unset or malformed, or xauth failing: the local side, not the connection
            LOG.log(Level.WARNING, "X11 forwarding not set up: {0}", e.getMessage());
            return;
        }
        try {
            forwarding.request(channel, false);
        } catch (SshException e) {
            LOG.log(Level.WARNING, "X11 forwarding not set up: {0}", e.getMessage());
        }
    }

    /**
     * The agent to forward for a host: as its {@code ForwardAgent} says ({@code yes}: the agent it
     * logs in with; {@code no}; a socket or {@code $NAME}), else as {@link #forwardAgent(boolean)}
     * says; null for none.
     */
    private Path forwardedAgent(HostConfig settings) {
        String wanted = settings == null ? null : settings.forwardAgent();
        boolean yes = wanted == null ? forwardAgent : wanted.equalsIgnoreCase("yes") || wanted.equalsIgnoreCase("true");
        return yes ? agentFor(settings) : wanted == null ? null : socketNamed(wanted);
    }

    /** Runs a command; read its streams, then ask for its exit status. */
    public ExecResult exec(String command) throws IOException {
        return session(null, channel -> channel.exec(command));
    }

    /**
     * Starts the user's shell on a pseudo-terminal of 80x24 {@code vt100}, as paramiko's
     * {@code invoke_shell}; write its input, read its output.
     *
     * @since 1.3
     */
    public ExecResult invokeShell() throws IOException {
        return invokeShell("vt100", 80, 24);
    }

    /**
     * Starts the user's shell on a pseudo-terminal of {@code term}, {@code columns} by {@code rows}
     * (RFC 4254 sections 6.2 and 6.5), as paramiko's {@code invoke_shell}; the session ends when the
     * shell exits. The host's SendEnv, SetEnv and ForwardAgent apply as for {@link #exec}.
     *
     * @since 1.3
     */
    public ExecResult invokeShell(String term, int columns, int rows) throws IOException {
        return session(channel -> channel.getPty(term, columns, rows, 0, 0, new byte[] {0}), Channel::invokeShell);
    }

    /**
     * Starts what {@code ssh HOST} starts when its command line names no command, as the host's
     * configuration says (ssh.c): its {@code RemoteCommand}, else the user's shell; under
     * {@code SessionType subsystem}, the subsystem the remote command names (as {@code ssh -s}),
     * and without a remote command the shell, as ssh then asks for one. A pseudo-terminal as
     * {@code RequestTTY} says: {@code yes} and {@code force} always, {@code no} never, {@code auto}
     * (the default) for the shell only; its type is the host's {@code SetEnv TERM}, else this
     * process's {@code TERM}, else {@code vt100}, as ssh takes it, and its size 80x24. Without a
     * configuration: the shell on such a terminal.
     *
     * @throws IllegalStateException under {@code SessionType none} (as {@code ssh -N}, no session)
     * @since 1.3
     */
    public ExecResult defaultSession() throws IOException {
        connected();
        HostConfig host = configuredHost;
        String term = terminalType(host);
        SessionRequest pty = channel -> channel.getPty(term, 80, 24, 0, 0, new byte[] {0});
        if (host == null) {
            return session(pty, Channel::invokeShell);
        }
        if (host.sessionType().equals("none")) {
            throw new IllegalStateException("SessionType none for " + host.host() + ": no session, as ssh -N");
        }
        String command = host.remoteCommand();
        String tty = host.requestTty();
        boolean terminal = tty.equals("yes") || tty.equals("force") || command == null && !tty.equals("no");
        if (command == null) {
            return session(terminal ? pty : null, Channel::invokeShell);
        }
        boolean subsystem = host.sessionType().equals("subsystem");
        return session(terminal ? pty : null,
                subsystem ? channel -> channel.invokeSubsystem(command) : channel -> channel.exec(command));
    }

    /** ssh's terminal type: SetEnv's TERM when not empty, else this process's, else vt100. */
    private static String terminalType(HostConfig host) {
        String configured = host == null ? null : host.setEnv().get("TERM");
        if (configured != null && !configured.isEmpty()) {
            return configured;
        }
        String own = System.getenv("TERM");
        return own == null || own.isEmpty() ? "vt100" : own;
    }

    /** A request on a session channel. */
    @FunctionalInterface
    private interface SessionRequest {
        void send(Channel channel) throws IOException;
    }

    /**
     * Opens a session and starts it as ssh does: X11 and the agent ({@code ssh_session2_setup}), then, as
     * {@code client_session2_setup}, the terminal ({@code terminal}, or none when null), the
     * environment, and {@code start}.
     */
    private ExecResult session(SessionRequest terminal, SessionRequest start) throws IOException {
        Transport connection = connected();
        Channel channel = connection.openSession();
        try {
            if (x11Wanted(configuredHost)) {
                requestX11(connection, channel);
            }
            if (forwardedAgent != null) {
                try {
                    AgentForwarding.enable(connection, channel, forwardedAgent);
                } catch (SshException e) {
                    // as ssh: the command runs without the agent
                    LOG.log(Level.WARNING, "agent forwarding not set up: {0}", e.getMessage());
                }
            }
            if (terminal != null) {
                terminal.send(channel);
            }
            for (Map.Entry<String, String> variable : environment) {
                // as ssh: no reply asked for, sshd takes only what its AcceptEnv names
                channel.sendEnvironmentVariable(variable.getKey(), variable.getValue());
            }
            start.send(channel);
        } catch (IOException | RuntimeException e) {
            channel.close(); // a session channel the command never got
            throw e;
        }
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
        // the listeners here stop before this returns; the server drops its own with the connection
        if (forwards != null) {
            forwards.close();
            forwards = null;
        }
        environment = List.of();
        configuredHost = null;
        synchronized (this) {
            x11Forwarding = null;
        }
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
    private HostKeyVerifier verifier(String host, int port, HostKeyChecking checking) throws IOException {
        // no file (none, /dev/null): nothing on file, nothing written; accept-new accepts without remembering
        Path file = checking.knownHostsFile();
        KnownHosts known = file == null ? KnownHosts.parse("") : KnownHosts.load(file);
        HostKeyPolicy effective = file == null && checking.policy() == HostKeyPolicy.AUTO_ADD ? HostKeyPolicy.WARN
                : checking.policy();
        KnownHostsVerifier checks = switch (effective) {
            case AUTO_ADD -> KnownHostsVerifier.autoAdd(known);
            case WARN -> KnownHostsVerifier.warn(known);
            default -> KnownHostsVerifier.reject(known);
        };
        if (checking.updateHostKeys()) {
            checks = checks.withHostKeyUpdates();
        }
        if (checking.hashNames()) {
            checks = checks.withHashedNames();
        }
        if (!checking.revokedKeys().isEmpty()) {
            // as ssh: a list that cannot be read refuses the connection rather than trusting blindly
            RevokedKeys revoked = RevokedKeys.none();
            for (Path list : checking.revokedKeys()) {
                revoked = revoked.and(RevokedKeys.load(list));
            }
            checks = checks.withRevokedKeys(revoked);
        }
        List<KnownHosts> consulted = new ArrayList<>();
        for (Path other : checking.consulted()) {
            consulted.add(KnownHosts.load(other));
        }
        KnownHostsVerifier verifier = checks.withConsulted(consulted);
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

    /**
     * The socket of the agent to ask for a host, or null for none: as its {@code IdentityAgent}
     * says ({@code none}, {@code SSH_AUTH_SOCK}, {@code $NAME} or a path), else
     * {@link #agentSocket(Path)}'s, else {@code $SSH_AUTH_SOCK}'s.
     */
    private Path agentFor(HostConfig settings) {
        String wanted = settings == null ? null : settings.identityAgent();
        if (wanted == null) {
            return agentSocket != null ? agentSocket : socketIn("SSH_AUTH_SOCK");
        }
        return socketNamed(wanted);
    }

    /**
     * The socket an agent setting names ({@code IdentityAgent}, or a {@code ForwardAgent} that is
     * not a yes): none for {@code none}, {@code no} or {@code false}; the one an environment
     * variable names for {@code SSH_AUTH_SOCK} or {@code $NAME}; else the path as written (the
     * configuration expanded it).
     */
    private static Path socketNamed(String value) {
        if (value.equalsIgnoreCase("none") || value.equalsIgnoreCase("no") || value.equalsIgnoreCase("false")) {
            return null;
        }
        if (value.equalsIgnoreCase("SSH_AUTH_SOCK")) {
            return socketIn("SSH_AUTH_SOCK");
        }
        return value.startsWith("$") ? socketIn(value.substring(1)) : Path.of(value);
    }

    /** The socket an environment variable names, or null when it is not set. */
    private static Path socketIn(String variable) {
        String value = System.getenv(variable);
        return value == null || value.isEmpty() ? null : Path.of(value);
    }
}
