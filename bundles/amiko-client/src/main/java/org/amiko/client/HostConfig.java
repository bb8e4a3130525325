// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.amiko.AlgorithmFamily;

/**
 * What an OpenSSH client configuration says for one host ({@link SshConfig#lookup}), in the
 * ssh_config(5) keywords this client follows.
 *
 * @param host the name as given to the lookup (ssh's command-line name, matched by {@code Host})
 * @param hostName where to connect ({@code HostName}, its {@code %h} expanded; else {@code host}),
 *     also the name known_hosts is asked about
 * @param port {@code Port}, 22 by default
 * @param user {@code User}, the local user's name by default
 * @param identityFiles every {@code IdentityFile}, in order, {@code ~}, tokens and {@code ${NAME}} expanded; empty
 *     when none is set (then ssh tries its default files)
 * @param identitiesOnly {@code IdentitiesOnly}: only the identity files; of the agent's keys, only
 *     its copies of those (known by their public keys, which need no passphrase), as ssh
 * @param proxyJump {@code ProxyJump}'s hosts, the first reached first; empty for none
 * @param proxyCommand {@code ProxyCommand} as written, for {@link ProxyCommand#connect(String, String, int, String, String)}; null for none
 * @param knownHostsFiles {@code UserKnownHostsFile}'s files, {@code ~}, tokens and {@code ${NAME}} expanded; null
 *     when not set, empty for {@code none}
 * @param strictHostKeyChecking {@code StrictHostKeyChecking} as written ({@code yes}, {@code accept-new},
 *     {@code no}, {@code ask}); null when not set
 * @param hostKeyAlias {@code HostKeyAlias}: the name known_hosts is asked about instead of
 *     {@code hostName} (and without the port, as ssh does); null when not set
 * @param algorithms {@code Ciphers}, {@code MACs}, {@code KexAlgorithms} and
 *     {@code HostKeyAlgorithms} as written (a list, or {@code +}, {@code -}, {@code ^} and a
 *     list), by family; only the families set
 * @param compression {@code Compression yes}: zlib preferred, where installed
 * @param serverAliveInterval {@code ServerAliveInterval}: how long the server may be silent before
 *     it is asked whether it is there; {@link Duration#ZERO} when not set
 * @param globalKnownHostsFiles {@code GlobalKnownHostsFile}'s files, consulted but never written;
 *     null when not set (ssh's {@code /etc/ssh/ssh_known_hosts} and {@code ssh_known_hosts2}),
 *     empty for {@code none}
 * @param identityAgent {@code IdentityAgent}: the agent's socket, {@code ~}, tokens and {@code ${NAME}} expanded;
 *     {@code none} for no agent, {@code SSH_AUTH_SOCK} or {@code $NAME} for the socket an
 *     environment variable names; null when not set
 * @param connectTimeout {@code ConnectTimeout}: how long to wait for the TCP connection and then
 *     for the server's part of the handshake (through a jump host, for the channel's open and
 *     the handshake; through a ProxyCommand, the handshake); {@link Duration#ZERO} for ever; null when not set or {@code none} (then the
 *     transport's default, 2 minutes, where ssh waits as long as TCP does)
 * @param certificateFiles every {@code CertificateFile}, in order, {@code ~}, tokens and
 *     {@code ${NAME}} expanded: user certificates, each offered just before the key it certifies
 *     (an IdentityFile's, a default file's or the agent's; ssh offers them all first); with
 *     {@code IdentitiesOnly} that key must be an identity file too (its {@code .pub} will do), as
 *     in ssh
 * @param forwardAgent {@code ForwardAgent}: {@code yes} (also for {@code true}: the agent this
 *     host's logins use), {@code no} (also for {@code false}), an agent socket ({@code ~}, tokens and {@code ${NAME}} expanded) or {@code $NAME};
 *     null when not set
 * @param forwards every {@code LocalForward}, {@code RemoteForward} and {@code DynamicForward},
 *     in order, each once, tokens and {@code ${NAME}} expanded in their socket paths; empty for
 *     none and under {@code ClearAllForwardings yes}
 * @param gatewayPorts {@code GatewayPorts}: a local or dynamic forwarding that names no address
 *     listens on every address instead of loopback
 * @param exitOnForwardFailure {@code ExitOnForwardFailure}: a forwarding that cannot be set up
 *     fails the connection instead of being warned about
 * @param setEnv {@code SetEnv}'s variables, in order, sent to each command: the first line's
 *     (a name set twice keeps its first value); empty for none
 * @param sendEnv {@code SendEnv}'s patterns: the local environment variables whose names match
 *     one are sent to each command; empty for none
 * @param serverAliveCountMax {@code ServerAliveCountMax}: how many keepalives in a row may go
 *     unanswered before the connection is given up; 3 by default, 0 gives up at the first
 *     silent {@code serverAliveInterval}
 * @param authentications the login methods to try, in order: as {@code PreferredAuthentications}
 *     orders them (else {@link #DEFAULT_AUTHENTICATIONS}), without those that
 *     {@code PubkeyAuthentication}, {@code PasswordAuthentication},
 *     {@code KbdInteractiveAuthentication} (or {@code ChallengeResponseAuthentication}) or
 *     {@code GSSAPIAuthentication} turn off, and without methods this client does not offer
 *     ({@code hostbased}); {@code keyboard-interactive} is answered with the password
 * @param gssapiAuthentication {@code GSSAPIAuthentication}: whether {@code gssapi-with-mic} is
 *     tried; null when not set (then the client's own setting decides)
 * @param updateHostKeys {@code UpdateHostKeys}: whether the host keys the server proves after
 *     login are learnt ({@code ask}, which needs someone to ask, is no); null when not set (then
 *     on unless a {@code UserKnownHostsFile} is set, as in ssh)
 * @param hashKnownHosts {@code HashKnownHosts}: whether names written to known_hosts are hashed;
 *     null when not set (then the client's own setting decides)
 * @param addressFamily {@code AddressFamily}: {@code any} (by default), {@code inet} or
 *     {@code inet6}, the addresses of the host name that are tried
 * @param connectionAttempts {@code ConnectionAttempts}: how many times the host's addresses are
 *     tried, a second apart; 1 by default
 * @param bindAddress {@code BindAddress}: the local address to connect from, or null
 * @param bindInterface {@code BindInterface}: the local interface to connect from, or null
 * @param addKeysToAgent {@code AddKeysToAgent} as written ({@code yes}, {@code no},
 *     {@code confirm}, {@code ask}, a time, or {@code confirm} and a time): whether a key read from
 *     a file that logs in is given to the agent; null when not set ({@code no})
 * @param permitRemoteOpen {@code PermitRemoteOpen} as written: where a remote SOCKS proxy may
 *     connect on this side ({@code any}, {@code none}, or {@code host:port} entries with {@code *}
 *     for any host or port); null when not set, which is {@code any}
 * @param pubkeyAcceptedAlgorithms {@code PubkeyAcceptedAlgorithms} (or its old name
 *     {@code PubkeyAcceptedKeyTypes}) as written, in {@code HostKeyAlgorithms}' syntax: the
 *     signature algorithms the client may sign with for publickey authentication, by default the
 *     recommended ones (so {@code ssh-rsa}, SHA-1, only as {@code +ssh-rsa}); null when not set
 * @param remoteCommand {@code RemoteCommand}, tokens expanded: what {@link SshClient#defaultSession}
 *     runs instead of the shell; null when not set or {@code none}
 * @param requestTty {@code RequestTTY}: {@code yes}, {@code no}, {@code force} or {@code auto} (the
 *     default: a terminal for the shell only)
 * @param sessionType {@code SessionType}: {@code default}, {@code subsystem} (the remote command
 *     names a subsystem, as {@code ssh -s}) or {@code none} (no session, as {@code ssh -N})
 * @param revokedHostKeys {@code RevokedHostKeys}: the files (KRLs or key lists) of host keys
 *     refused whatever known_hosts says, {@code ~}, tokens and {@code ${NAME}} expanded; they
 *     replace {@link SshClient#revokedHostKeys}'s; null when not set, empty for {@code none}
 * @param forwardX11 {@code ForwardX11}: whether sessions ask for X11 forwarding; null when not
 *     set (then {@link SshClient#forwardX11(boolean)} decides)
 * @param forwardX11Trusted {@code ForwardX11Trusted}: {@code no} asks for untrusted forwarding,
 *     which this client does not make, so X11 is then not forwarded; null when not set (trusted,
 *     as Debian's ssh has it)
 * @param channelTimeouts {@code ChannelTimeout}: channel type patterns to the time a channel may
 *     carry no data before the client closes it ({@link org.amiko.core.ChannelTimeoutSpec}, for
 *     {@link org.amiko.Transport#setChannelTimeouts}), in the order written; empty when not set
 *     or {@code none}
 * @since 1.2
 */
public record HostConfig(String host, String hostName, int port, String user, List<Path> identityFiles,
        boolean identitiesOnly, List<Jump> proxyJump, String proxyCommand, List<Path> knownHostsFiles,
        String strictHostKeyChecking, String hostKeyAlias, Map<AlgorithmFamily, String> algorithms,
        boolean compression, Duration serverAliveInterval, List<Path> globalKnownHostsFiles, String identityAgent,
        Duration connectTimeout, List<Path> certificateFiles, String forwardAgent, List<Forward> forwards,
        boolean gatewayPorts, boolean exitOnForwardFailure, Map<String, String> setEnv, List<String> sendEnv,
        int serverAliveCountMax, List<String> authentications, Boolean gssapiAuthentication,
        Boolean updateHostKeys, Boolean hashKnownHosts, String addressFamily, int connectionAttempts,
        String bindAddress, String bindInterface, List<String> addKeysToAgent, List<String> permitRemoteOpen,
        String pubkeyAcceptedAlgorithms, String remoteCommand, String requestTty, String sessionType,
        List<Path> revokedHostKeys, Boolean forwardX11, Boolean forwardX11Trusted,
        Map<String, Duration> channelTimeouts) {

    /**
     * The login methods a client tries when no {@code PreferredAuthentications} orders them:
     * Kerberos, keys, the password, then keyboard-interactive answered with the password (for a
     * server that asks for the password only that way), as paramiko tries a password.
     *
     * @since 1.3
     */
    public static final List<String> DEFAULT_AUTHENTICATIONS = List.of("gssapi-with-mic", "publickey", "password",
            "keyboard-interactive");

    /**
     * A host's configuration as version 1.2 made one, with the defaults of what 1.3 added.
     *
     * @deprecated the forwardings, environment, keepalive count, login methods, known_hosts
     *     writing and where to connect from are part of a host's configuration since 1.3
     */
    @Deprecated(since = "1.3")
    public HostConfig(String host, String hostName, int port, String user, List<Path> identityFiles,
            boolean identitiesOnly, List<Jump> proxyJump, String proxyCommand, List<Path> knownHostsFiles,
            String strictHostKeyChecking, String hostKeyAlias, Map<AlgorithmFamily, String> algorithms,
            boolean compression, Duration serverAliveInterval, List<Path> globalKnownHostsFiles, String identityAgent,
            Duration connectTimeout, List<Path> certificateFiles, String forwardAgent) {
        this(host, hostName, port, user, identityFiles, identitiesOnly, proxyJump, proxyCommand, knownHostsFiles,
                strictHostKeyChecking, hostKeyAlias, algorithms, compression, serverAliveInterval,
                globalKnownHostsFiles, identityAgent, connectTimeout, certificateFiles, forwardAgent, List.of(), false,
                false, Map.of(), List.of(), 3, DEFAULT_AUTHENTICATIONS, null, null, null, "any", 1, null, null, null,
                null, null, null, "auto", "default", null, null, null, Map.of());
    }

    /**
     * A host's configuration as version 1.3 made one, without {@code ChannelTimeout}.
     *
     * @deprecated a host's channel timeouts are part of its configuration since 1.4
     */
    @Deprecated(since = "1.4")
    public HostConfig(String host, String hostName, int port, String user, List<Path> identityFiles,
            boolean identitiesOnly, List<Jump> proxyJump, String proxyCommand, List<Path> knownHostsFiles,
            String strictHostKeyChecking, String hostKeyAlias, Map<AlgorithmFamily, String> algorithms,
            boolean compression, Duration serverAliveInterval, List<Path> globalKnownHostsFiles, String identityAgent,
            Duration connectTimeout, List<Path> certificateFiles, String forwardAgent, List<Forward> forwards,
            boolean gatewayPorts, boolean exitOnForwardFailure, Map<String, String> setEnv, List<String> sendEnv,
            int serverAliveCountMax, List<String> authentications, Boolean gssapiAuthentication,
            Boolean updateHostKeys, Boolean hashKnownHosts, String addressFamily, int connectionAttempts,
            String bindAddress, String bindInterface, List<String> addKeysToAgent, List<String> permitRemoteOpen,
            String pubkeyAcceptedAlgorithms, String remoteCommand, String requestTty, String sessionType,
            List<Path> revokedHostKeys, Boolean forwardX11, Boolean forwardX11Trusted) {
        this(host, hostName, port, user, identityFiles, identitiesOnly, proxyJump, proxyCommand, knownHostsFiles,
                strictHostKeyChecking, hostKeyAlias, algorithms, compression, serverAliveInterval,
                globalKnownHostsFiles, identityAgent, connectTimeout, certificateFiles, forwardAgent, forwards,
                gatewayPorts, exitOnForwardFailure, setEnv, sendEnv, serverAliveCountMax, authentications,
                gssapiAuthentication, updateHostKeys, hashKnownHosts, addressFamily, connectionAttempts, bindAddress,
                bindInterface, addKeysToAgent, permitRemoteOpen, pubkeyAcceptedAlgorithms, remoteCommand, requestTty,
                sessionType, revokedHostKeys, forwardX11, forwardX11Trusted, Map.of());
    }

    /**
     * One hop of {@code ProxyJump}: {@code [user@]host[:port]}, an IPv6 address in brackets, or
     * {@code ssh://[user@]host[:port]}; user and port null where not given (the hop's own
     * configuration then decides them, as ssh looks the hop up too).
     */
    public record Jump(String user, String host, Integer port) {
        /** A comma-separated list of hops. */
        static List<Jump> parseList(String text) {
            List<Jump> hops = new ArrayList<>();
            for (String hop : text.split(",")) {
                hops.add(parse(hop.strip()));
            }
            return List.copyOf(hops);
        }

        static Jump parse(String text) {
            String rest = text.startsWith("ssh://") ? text.substring("ssh://".length()) : text;
            String user = null;
            int at = rest.lastIndexOf('@');
            if (at >= 0) {
                user = rest.substring(0, at);
                rest = rest.substring(at + 1);
            }
            String host;
            Integer port = null;
            if (rest.startsWith("[")) {
                int close = rest.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("ProxyJump " + text + ": an unclosed [");
                }
                host = rest.substring(1, close);
                if (rest.length() > close + 1) {
                    port = port(rest.substring(close + 1), text);
                }
            } else {
                // hpdelim: an address with colons must be in brackets; the port follows the first ':'
                int colon = rest.indexOf(':');
                if (colon >= 0 && rest.indexOf(':', colon + 1) >= 0) {
                    throw new IllegalArgumentException("ProxyJump " + text + ": an IPv6 address must be in brackets");
                }
                host = colon < 0 ? rest : rest.substring(0, colon);
                if (colon >= 0) {
                    port = port(rest.substring(colon), text);
                }
            }
            if (host.isEmpty() || user != null && user.isEmpty()) {
                throw new IllegalArgumentException("ProxyJump " + text + ": no host");
            }
            return new Jump(user, host, port);
        }

        private static Integer port(String colonAndPort, String text) {
            if (!colonAndPort.startsWith(":")) {
                throw new IllegalArgumentException("ProxyJump " + text + ": not a port after the host");
            }
            return SshConfig.port(colonAndPort.substring(1), "ProxyJump " + text);
        }
    }
}
