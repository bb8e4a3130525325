// SPDX-License-Identifier: Apache-2.0
package org.amiko;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.amiko.server.ServerInterface;
import org.amiko.server.SubsystemHandler;
import org.ietf.jgss.GSSCredential;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One SSH connection, client or server, shaped after paramiko's {@code Transport}: the transport
 * layer (RFC 4253), user authentication (RFC 4252, RFC 4256) and the connection protocol
 * (RFC 4254) behind one object. Instances come from {@code org.amiko.core.Amiko}.
 *
 * <p>Blocking calls may be made from any thread; none may be made from a
 * {@link ServerInterface} callback of the same transport.
 */
@ProviderType
public interface Transport extends AutoCloseable {

    // ---- client ----

    /**
     * Exchanges versions and keys as the client and waits until the first key exchange completes.
     * A server that does not send its part within the transport's connect timeout (Amiko's
     * {@code TransportSettings.connectTimeout}, 2 minutes by default) ends the connection; the
     * time the verifier takes is not counted.
     *
     * @throws HostKeyException if {@code verifier} rejects the server's key
     * @throws AlgorithmNegotiationException if the sides share no algorithm in some family
     */
    void startClient(HostKeyVerifier verifier) throws IOException;

    /**
     * paramiko's {@code connect}: starts the client if not started, then authenticates with a
     * password.
     *
     * @param hostKey the expected host key, or null to accept any (then check
     *     {@link #getRemoteServerKey()} yourself)
     * @throws PartialAuthenticationException if the server wants further methods
     */
    void connect(PublicKey hostKey, String username, String password) throws IOException;

    /** As {@link #connect(PublicKey, String, String)} with a key pair for publickey authentication. */
    void connect(PublicKey hostKey, String username, KeyPair key) throws IOException;

    /** The server's host key, after {@link #startClient}. */
    PublicKey getRemoteServerKey();

    /**
     * Client: what the server proved in the first key exchange, for an ssh-agent's
     * {@code session-bind@openssh.com} ({@link SessionBinding}); empty before that exchange and on
     * a server.
     *
     * @since 1.4
     */
    Optional<SessionBinding> getSessionBinding();

    /**
     * Tries the {@code none} method (RFC 4252 section 5.2), which mostly serves to learn the
     * allowed methods.
     *
     * @return an empty list on success, the methods left on partial success
     * @throws AuthenticationException when refused; it lists the allowed methods
     */
    List<String> authNone(String username) throws IOException;

    /** Password authentication (RFC 4252 section 8); results as {@link #authNone}. */
    List<String> authPassword(String username, String password) throws IOException;

    /**
     * Public key authentication (RFC 4252 section 7): asks whether the key is acceptable, then signs
     * the session identifier with it; results as {@link #authNone}.
     */
    List<String> authPublickey(String username, KeyPair key) throws IOException;

    /**
     * Public key authentication with a key whose private half is held elsewhere (an agent): the
     * signature comes from {@code signer}; results as {@link #authNone}.
     */
    List<String> authPublickey(String username, PublicKey key, PublicKeySigner signer) throws IOException;

    /**
     * Host-based authentication (RFC 4252 section 9), as ssh's {@code HostbasedAuthentication}:
     * the client host's key signs that {@code clientUsername} on {@code clientHostName} asks to log
     * in as {@code username}, and the server trusts the host to have checked who its user is. The
     * server decides from its list of trusted hosts (sshd: {@code shosts.equiv} and the hosts'
     * keys in {@code ssh_known_hosts}); there is no query first. Results as {@link #authNone}.
     *
     * @param hostKey the client host's key pair, or its certificate with the private key; reading
     *     it takes the rights that ssh gets through the set-uid {@code ssh-keysign}
     * @param clientHostName this host's fully qualified name as the server knows it; ssh sends the
     *     name its address resolves to, with a trailing dot, and sshd by default compares it with
     *     the name it resolves the connection's address to
     * @param clientUsername the user on this host
     * @since 1.5
     */
    List<String> authHostbased(String username, KeyPair hostKey, String clientHostName, String clientUsername)
            throws IOException;

    /**
     * As {@link #authHostbased(String, KeyPair, String, String)}, with the signature made
     * elsewhere (a signing helper that may read the host key, or an agent).
     *
     * @since 1.5
     */
    List<String> authHostbased(String username, PublicKey hostKey, PublicKeySigner signer, String clientHostName,
            String clientUsername) throws IOException;

    /** Keyboard-interactive authentication (RFC 4256); results as {@link #authNone}. */
    List<String> authInteractive(String username, InteractiveHandler handler) throws IOException;

    /**
     * GSS-API authentication with the Kerberos V5 mechanism ({@code gssapi-with-mic}, RFC 4462
     * section 3): establishes a security context with the service {@code host@gssHost} and proves
     * it with a MIC over the session identifier; results as {@link #authNone}.
     *
     * @param gssHost the server's host name as its Kerberos principal names it
     *     ({@code host/gssHost@REALM}), usually the name connected to
     * @param credential the client's Kerberos credential; null takes the default one, which the
     *     JDK finds in the calling {@code Subject} (or, with
     *     {@code javax.security.auth.useSubjectCredsOnly=false}, the ticket cache)
     * @since 1.3
     */
    List<String> authGssapiWithMic(String username, String gssHost, GSSCredential credential) throws IOException;

    /**
     * As {@link #authGssapiWithMic(String, String, GSSCredential)}, also handing the server a
     * copy of the client's ticket-granting ticket when {@code delegateCredentials} (ssh's
     * {@code GSSAPIDelegateCredentials}, paramiko's {@code gss_deleg_creds}), so that commands run
     * for the session can use Kerberos in turn: sshd stores it in the session's
     * {@code KRB5CCNAME}. The ticket must be forwardable ({@code kinit -f}, or
     * {@code forwardable = true} in krb5.conf); else the login goes on without delegation. Only
     * delegate to servers trusted with the user's identity.
     *
     * @since 1.4
     */
    List<String> authGssapiWithMic(String username, String gssHost, GSSCredential credential,
            boolean delegateCredentials) throws IOException;

    /** Opens a {@code session} channel (RFC 4254 section 6.1). */
    Channel openSession() throws IOException;

    /**
     * Opens a channel of any type.
     *
     * @param typeSpecificData the bytes that follow the window and packet sizes in
     *     {@code SSH_MSG_CHANNEL_OPEN}, already encoded
     * @throws ChannelOpenException if the peer refuses
     */
    Channel openChannel(String type, byte[] typeSpecificData) throws IOException;

    /**
     * Serves channels of {@code type} that the peer opens, on either side; null stops serving them
     * (they are refused as {@code UNKNOWN_CHANNEL_TYPE}). On a server, types with a handler are
     * opened without asking {@link ServerInterface#checkChannelRequest}.
     */
    default void setChannelHandler(String type, ChannelHandler handler) {
        setChannelOpenHandler(type, handler == null ? null
                : (openedType, data) -> CompletableFuture.completedStage(handler));
    }

    /**
     * As {@link #setChannelHandler}, with the decision to open, and its timing, left to
     * {@code handler}: the open is answered when the handler's stage completes.
     */
    void setChannelOpenHandler(String type, ChannelOpenHandler handler);

    // ---- TCP/IP port forwarding (RFC 4254 section 7) ----

    /**
     * Client: asks the server to connect to {@code host:port} and carry the connection on the new
     * {@code direct-tcpip} channel (RFC 4254 section 7.2), as {@code ssh -L} does for each
     * connection; paramiko's {@code open_channel("direct-tcpip", dest, src)}.
     *
     * @param originator where the forwarded connection came from, as the server is told
     * @throws ChannelOpenException if the server refuses ({@link OpenChannelResult#CONNECT_FAILED}
     *     when it could not connect, {@link OpenChannelResult#ADMINISTRATIVELY_PROHIBITED} when
     *     forwarding to there is not allowed)
     */
    default Channel openDirectTcpip(String host, int port, InetSocketAddress originator) throws IOException {
        return openChannel(TcpipAddresses.DIRECT_TCPIP,
                new TcpipAddresses(host, port, addressText(originator), originator.getPort()).encode());
    }

    /**
     * Client: asks the server to listen on {@code address:port} and open a
     * {@code forwarded-tcpip} channel for each connection it accepts there (RFC 4254 section 7.1),
     * as {@code ssh -R} does. Serve those channels with
     * {@link #setChannelOpenHandler}({@link TcpipAddresses#FORWARDED_TCPIP}, ...) before asking.
     *
     * @param address the address to bind, as OpenSSH reads it: {@code ""} or {@code "*"} for every
     *     address, {@code "localhost"} for loopback only (the server may narrow it)
     * @param port the port, or 0 for one the server picks
     * @return the port the server listens on
     * @throws SshException if the server refuses
     */
    default int requestPortForward(String address, int port) throws IOException {
        byte[] reply = globalRequest(TcpipAddresses.TCPIP_FORWARD, TcpipAddresses.addressAndPort(address, port)).orElseThrow(
                () -> new SshException("the server refused to listen on " + address + ":" + port + " for us"));
        if (port != 0) {
            return port;
        }
        int bound = reply.length < 4 ? 0 : ByteBuffer.wrap(reply).getInt();
        if (bound <= 0 || bound > 0xFFFF) {
            throw new SshException("the server listens for us but did not say on which port");
        }
        return bound;
    }

    /**
     * Client: asks the server to stop listening on a port it listens on for this client (RFC 4254
     * section 7.1); connections already forwarded stay open.
     *
     * @return whether the server stopped listening
     */
    default boolean cancelPortForward(String address, int port) throws IOException {
        return globalRequest(TcpipAddresses.CANCEL_TCPIP_FORWARD, TcpipAddresses.addressAndPort(address, port))
                .isPresent();
    }

    /**
     * Client: asks the server to connect to the Unix domain socket at {@code path} and carry the
     * connection on the new channel (OpenSSH PROTOCOL section 2.4; {@code ssh -L port:/path}).
     *
     * @throws ChannelOpenException if the server refuses
     */
    default Channel openDirectStreamLocal(String path) throws IOException {
        return openChannel(StreamLocal.DIRECT, StreamLocal.directOpen(path));
    }

    /**
     * Client: asks the server to listen on the Unix domain socket at {@code path} and open a
     * {@link StreamLocal#FORWARDED} channel for each connection there ({@code ssh -R /path:...});
     * serve those with {@link #setChannelOpenHandler} first.
     *
     * @throws SshException if the server refuses
     */
    default void requestStreamLocalForward(String path) throws IOException {
        if (globalRequest(StreamLocal.FORWARD, StreamLocal.forwardRequest(path)).isEmpty()) {
            throw new SshException("the server refused to listen on " + path + " for us");
        }
    }

    /** Client: asks the server to stop listening on a socket path it listens on for this client. */
    default boolean cancelStreamLocalForward(String path) throws IOException {
        return globalRequest(StreamLocal.CANCEL_FORWARD, StreamLocal.forwardRequest(path)).isPresent();
    }

    /**
     * Server: opens a {@link StreamLocal#FORWARDED} channel to the client for a connection
     * accepted on the socket path it asked the server to listen on.
     */
    default Channel openForwardedStreamLocal(String path) throws IOException {
        return openChannel(StreamLocal.FORWARDED, StreamLocal.forwardedOpen(path));
    }

    /**
     * Server: opens an {@code x11} channel to the client for a connection to the display it
     * forwards (RFC 4254 section 6.3.2); the client must have asked with
     * {@link Channel#requestX11}. paramiko's {@code open_x11_channel}.
     *
     * @param originator where the X11 connection came from
     */
    default Channel openX11Channel(InetSocketAddress originator) throws IOException {
        return openChannel(Channel.X11_CHANNEL, TcpipAddresses.addressAndPort(addressText(originator),
                originator.getPort()));
    }

    /** An originator as RFC 4254 names it: its IP address, or the name it was given unresolved. */
    private static String addressText(InetSocketAddress originator) {
        return originator.getAddress() != null ? originator.getAddress().getHostAddress() : originator.getHostString();
    }

    /**
     * Server: opens a {@code forwarded-tcpip} channel to the client for a connection accepted on a
     * port it asked the server to listen on (RFC 4254 section 7.2); paramiko's
     * {@code open_forwarded_tcpip_channel}.
     *
     * @param addresses the address and port the client asked for (as it asked, so it can tell its
     *     forwardings apart) and where the connection came from
     */
    default Channel openForwardedTcpip(TcpipAddresses addresses) throws IOException {
        return openChannel(TcpipAddresses.FORWARDED_TCPIP, addresses.encode());
    }

    // ---- server ----

    /** Adds a host key; one per key type is used. Call before {@link #startServer}. */
    void addServerKey(KeyPair key);

    /** The host key used in the last key exchange (server side). */
    PublicKey getServerKey();

    /**
     * Starts the server side: exchanges versions and keys and returns when the first key exchange
     * has completed. Authentication and channel decisions go to {@code server}.
     */
    void startServer(ServerInterface server) throws IOException;

    /**
     * Waits for the next channel the client opens and the server accepted.
     *
     * @return the channel, or empty on timeout
     */
    Optional<Channel> accept(Duration timeout) throws IOException, InterruptedException;

    /**
     * Server side: opens an {@code auth-agent@openssh.com} channel to the client, whose agent
     * answers on it (OpenSSH PROTOCOL.agent); the client must have asked for agent forwarding.
     */
    default Channel openForwardAgentChannel() throws IOException {
        return openChannel(Channel.AGENT_CHANNEL, new byte[0]);
    }

    /** Serves {@code subsystem} requests for {@code name} with {@code handler} (server side). */
    void setSubsystemHandler(String name, SubsystemHandler handler);

    // ---- both ----

    /**
     * Sends a global request (RFC 4254 section 4) and waits for the answer.
     *
     * @return the response data on success, empty if the peer refused
     */
    Optional<byte[]> globalRequest(String name, byte[] data) throws IOException;

    /** Sends a global request without asking for a reply. */
    void sendGlobalRequest(String name, byte[] data) throws IOException;

    /** Sends {@code SSH_MSG_IGNORE} with {@code length} random bytes (RFC 4253 section 11.2). */
    void sendIgnore(int length) throws IOException;

    /** Starts a key re-exchange (RFC 4253 section 9) and waits until the new keys are in use. */
    void renegotiateKeys() throws IOException;

    /**
     * Sends {@code keepalive@openssh.com} after {@code interval} without traffic from the peer;
     * {@link Duration#ZERO} turns it off. Three unanswered in a row end the connection, as ssh's
     * {@code ServerAliveCountMax} and sshd's {@code ClientAliveCountMax} default to.
     */
    void setKeepalive(Duration interval);

    /**
     * As {@link #setKeepalive(Duration)}, ending the connection once {@code maxUnanswered}
     * keepalives in a row have had no answer while the peer sent nothing else (ssh's
     * {@code ServerAliveCountMax}, sshd's {@code ClientAliveCountMax}); with 0 it ends at the first
     * {@code interval} the peer is silent, and nothing is asked, as ssh's 0 does. (sshd's 0 never
     * ends the connection: {@link Integer#MAX_VALUE} does that here.)
     *
     * @implSpec The default takes 3, what {@link #setKeepalive(Duration)} allows, and throws
     *     {@link UnsupportedOperationException} for any other count that is not negative.
     * @throws IllegalArgumentException for a negative count
     * @since 1.6
     */
    default void setKeepalive(Duration interval, int maxUnanswered) {
        if (maxUnanswered < 0) {
            throw new IllegalArgumentException("a negative count of keepalives: " + maxUnanswered);
        }
        if (maxUnanswered != 3) {
            throw new UnsupportedOperationException("this transport allows 3 unanswered keepalives, not " + maxUnanswered);
        }
        setKeepalive(interval);
    }

    /**
     * Server side: ends the connection once it has had no open channel for {@code timeout}, counted
     * from authentication, as sshd's {@code UnusedConnectionTimeout} (OpenSSH 9.2). Channels are
     * sessions and forwarded connections; a listening forwarding ({@code ssh -R}) is none, as in
     * sshd. {@link Duration#ZERO}, the default, never ends it. Checked once a second.
     *
     * @implSpec The default takes {@link Duration#ZERO} and throws
     *     {@link UnsupportedOperationException} for any other timeout.
     * @throws IllegalArgumentException for a negative timeout
     * @since 1.6
     */
    default void setUnusedConnectionTimeout(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("a negative timeout: " + timeout);
        }
        if (!timeout.isZero()) {
            throw new UnsupportedOperationException("this transport has no unused connection timeout");
        }
    }

    /**
     * Closes channels that carry no data for a while, as sshd's and ssh's {@code ChannelTimeout}
     * (OpenSSH 9.2), on either side: keys are patterns of sshd's channel type names
     * ({@code session}, {@code direct-tcpip}, {@code forwarded-tcpip},
     * {@code direct-streamlocal@openssh.com}, {@code forwarded-streamlocal@openssh.com},
     * {@code x11-connection}, {@code agent-connection}; {@code *} and {@code ?} as in ssh_config),
     * tried in the map's iteration order, the first that matches a channel deciding its timeout; a
     * pattern can also name what a
     * session does, as sshd names it: {@code session:shell}, {@code session:command},
     * {@code session:subsystem:sftp} ({@code session} alone matching them all, where sshd matches
     * the plain name only before the session starts). The key {@code global} (no wildcard matches
     * it) is the time all channels together may go without data before every one of them is
     * closed. Data either way counts as use, and so do the open and the start of a session's shell,
     * command or subsystem; {@link Duration#ZERO} never times out. A channel that times out is
     * closed at once, as sshd's {@code channel_force_close}: a writer waiting on it fails, its
     * reader sees its end, and a server's command still running is stopped as when its client
     * closes it. Checked once a second. A channel takes its timeout when it opens, and a session
     * again when its shell, command or subsystem starts, from the timeouts set at that moment.
     *
     * @implSpec The default takes an empty map and throws {@link UnsupportedOperationException} for
     *     any other.
     * @throws IllegalArgumentException for an empty pattern or a negative timeout
     * @since 1.7
     */
    default void setChannelTimeouts(Map<String, Duration> timeouts) {
        if (!timeouts.isEmpty()) {
            throw new UnsupportedOperationException("this transport has no channel timeouts");
        }
    }

    /**
     * Server side: how many session channels the client may have open at once on this connection,
     * as sshd's {@code MaxSessions} (10 by default, as there). One more is refused with
     * {@link OpenChannelResult#CONNECT_FAILED}, as sshd refuses it; 0 refuses every session and
     * leaves forwarding. It counts what clients that multiplex one connection open
     * ({@code ssh -o ControlMaster}); other channels count against the channel limit only. Applies
     * to sessions opened from then on.
     *
     * @implSpec The default takes 10 and throws {@link UnsupportedOperationException} for any
     *     other limit.
     * @throws IllegalArgumentException for a negative limit
     * @since 1.7
     */
    default void setMaxSessions(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("a negative session limit: " + max);
        }
        if (max != 10) {
            throw new UnsupportedOperationException("this transport allows 10 sessions, not " + max);
        }
    }

    /** The live algorithm lists; changes apply to the next key exchange. */
    SecurityOptions getSecurityOptions();

    /** Whether the connection is up. */
    boolean isActive();

    /** Whether user authentication has succeeded. */
    boolean isAuthenticated();

    /** The authenticated user name, or null. */
    String getUsername();

    /** The server's banner (RFC 4252 section 5.4), or null if none was received. */
    String getBanner();

    /** The peer's software version line, e.g. {@code SSH-2.0-OpenSSH_9.2p1}. */
    String getRemoteVersion();

    /** The peer's address. */
    InetSocketAddress getPeerName();

    /**
     * This end's address: the one the peer connected to, on a server (sshd's {@code SSH_CONNECTION}
     * gives it to a session's command). Null once the connection is closed, or where the
     * transport does not know it.
     *
     * @since 1.8
     */
    default InetSocketAddress getLocalName() {
        return null;
    }

    /**
     * Completes once the connection has ended, for any reason; at once if it never started and was
     * closed. Lets what serves a connection (a listener for its forwarded ports, say) end with it.
     */
    CompletionStage<Void> whenClosed();

    /** Sends {@code SSH_MSG_DISCONNECT} ({@code BY_APPLICATION}) and closes the socket. */
    @Override
    void close();
}
