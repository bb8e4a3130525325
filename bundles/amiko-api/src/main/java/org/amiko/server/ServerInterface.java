// SPDX-License-Identifier: Apache-2.0
package org.amiko.server;

import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.amiko.Channel;
import org.amiko.OpenChannelResult;
import org.amiko.Transport;
import org.ietf.jgss.GSSCredential;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The server's decisions, shaped after paramiko's {@code ServerInterface}. Every hook denies by
 * default. Hooks run on a worker thread of the connection, one at a time and in the order the
 * client's requests arrived, so a hook may block (to ask a directory, say) without stalling other
 * connections.
 */
@ConsumerType
public interface ServerInterface {

    /** The methods offered to {@code username} in failures (RFC 4252 section 5.1). */
    default List<String> getAllowedAuths(String username) {
        return List.of("publickey", "password");
    }

    /**
     * The methods {@code username} must complete, sshd's {@code AuthenticationMethods}: one or more
     * lists of method names ({@code publickey}, {@code password}, {@code keyboard-interactive},
     * {@code gssapi-with-mic}, {@code hostbased}), each to be completed in its order; completing every method of any
     * one list lets the user in. A method that succeeds without completing a list is answered with
     * partial success (RFC 4252 section 5.1), and then only the methods next in a list begun that
     * way are offered and tried (the others fail without asking the hooks); a list naming
     * {@code publickey} twice needs two different keys, a certificate of a key being that key
     * (nor may the host key of a {@code hostbased} step serve again). Empty, the default, lets any one method in,
     * as the hooks decide. Changing the user name starts over.
     *
     * @since 1.3
     */
    default List<List<String>> getRequiredAuthentications(String username) {
        return List.of();
    }

    /**
     * A method has succeeded for {@code username}: the whole login, or one step of several
     * ({@link #getRequiredAuthentications}); called before the answer goes out. {@code key} is the
     * key whose signature proved a {@code publickey} step, or the client host's key of a
     * {@code hostbased} one (since 1.4), else null. Where the hooks keep state
     * for the login (a key's options, say), this says which attempt counted:
     * {@link #checkAuthPublickey} is also asked about keys the client only queried, and about
     * keys that then fail {@link #checkSecurityKeyFlags}.
     *
     * @since 1.3
     */
    default void authenticationSucceeded(String username, String method, PublicKey key) {
    }

    /**
     * How many failed attempts a connection may have, counted over all its user names, before it
     * is ended, when a request names {@code username}; 0 (the default) for the transport's
     * {@code maxAuthTries}. As sshd's {@code MaxAuthTries} in a {@code Match} block.
     *
     * @since 1.5
     */
    default int getMaxAuthTries(String username) {
        return 0;
    }

    /** The banner to show before authentication (RFC 4252 section 5.4), or null. */
    default String getBanner() {
        return null;
    }

    /**
     * The banner for a login whose first request names {@code username}, or null; sent before the
     * answer to that request, as sshd sends a {@code Banner} its {@code Match} blocks chose. By
     * default {@link #getBanner()}.
     *
     * @since 1.5
     */
    default String getBanner(String username) {
        return getBanner();
    }

    /** The {@code none} method; succeed only for accounts without credentials. */
    default AuthResult checkAuthNone(String username) {
        return AuthResult.FAILED;
    }

    /** The {@code password} method (RFC 4252 section 8). */
    default AuthResult checkAuthPassword(String username, String password) {
        return AuthResult.FAILED;
    }

    /**
     * The {@code publickey} method (RFC 4252 section 7). Called both for the client's query (is
     * this key acceptable?) and, with the signature already verified, for the real attempt; the
     * answer must not depend on which.
     */
    default AuthResult checkAuthPublickey(String username, PublicKey key) {
        return AuthResult.FAILED;
    }

    /**
     * The {@code hostbased} method (RFC 4252 section 9), asked once the client host's signature
     * has verified: may {@code clientUsername} on the host {@code clientHostName}, proved by its
     * {@code hostKey} (a plain key or an OpenSSH certificate), log in as {@code username}? The
     * host is trusted to have checked who its user is, so answer yes only for hosts run by the
     * same administrators: sshd asks that the key be the host's in {@code ssh_known_hosts} and the
     * pair be in {@code shosts.equiv}. {@code clientHostName} is the client's text without its
     * trailing dot; the client chose it, so compare it with the name the connection's address
     * resolves to, unless the network is trusted (sshd's {@code HostbasedUsesNameFromPacketOnly}).
     *
     * @since 1.4
     */
    default AuthResult checkAuthHostbased(String username, PublicKey hostKey, String clientHostName,
            String clientUsername) {
        return AuthResult.FAILED;
    }

    /**
     * Starts {@code keyboard-interactive} (RFC 4256 section 3.1).
     *
     * @return the prompts to send, or empty to fail the attempt
     */
    default Optional<InteractiveQuery> checkAuthInteractive(String username, String submethods) {
        return Optional.empty();
    }

    /**
     * Judges the client's responses. May return {@link AuthResult#FAILED}, success, or (through
     * {@link #nextInteractiveQuery}) ask again.
     */
    default AuthResult checkAuthInteractiveResponse(String username, List<String> responses) {
        return AuthResult.FAILED;
    }

    /**
     * After responses judged {@link AuthResult#FAILED}, a further round of prompts instead of a
     * failure; empty (the default) fails.
     */
    default Optional<InteractiveQuery> nextInteractiveQuery(String username) {
        return Optional.empty();
    }

    /**
     * For a FIDO security key login (OpenSSH PROTOCOL.u2f), asked after the signature verified and
     * {@link #checkAuthPublickey} accepted the key: whether the authenticator's {@code flags} (0x01
     * the user touched the key, 0x04 the user was verified) are enough for it. By default the touch
     * is required, as sshd requires it unless the key's line says {@code no-touch-required}.
     *
     * @since 1.2
     */
    default boolean checkSecurityKeyFlags(String username, PublicKey key, int flags) {
        return (flags & 0x01) != 0;
    }

    /**
     * The credential with which the server accepts {@code gssapi-with-mic} (RFC 4462 section 3):
     * the Kerberos key of its {@code host/NAME@REALM} principal, from a keytab. Null (the default)
     * refuses the method. Asked once per attempt; return the same credential each time.
     *
     * @since 1.2
     */
    default GSSCredential gssapiAcceptorCredential() {
        return null;
    }

    /**
     * The {@code gssapi-with-mic} method, asked once the client has established a security context
     * and its MIC over the session verified: may the authenticated {@code principal}
     * ({@code name@REALM}) log in as {@code username}? Kerberos proves the principal, this hook
     * maps it to users, as a {@code .k5login} would.
     *
     * @since 1.2
     */
    default AuthResult checkAuthGssapiWithMic(String username, String principal) {
        return AuthResult.FAILED;
    }

    /**
     * Whether to open a channel of {@code type} (RFC 4254 section 5.1). Types served by a handler
     * ({@link Transport#setChannelOpenHandler}), such as {@code direct-tcpip}, are not asked here.
     */
    default OpenChannelResult checkChannelRequest(String type, int channelId) {
        return OpenChannelResult.ADMINISTRATIVELY_PROHIBITED;
    }

    /** {@code pty-req} (RFC 4254 section 6.2). */
    default boolean checkChannelPtyRequest(Channel channel, PtyRequest request) {
        return false;
    }

    /** {@code window-change} (RFC 4254 section 6.7); the request carries no reply. */
    default boolean checkChannelWindowChangeRequest(Channel channel, int columns, int rows, int widthPixels,
            int heightPixels) {
        return false;
    }

    /** {@code env} (RFC 4254 section 6.4). */
    default boolean checkChannelEnvRequest(Channel channel, String name, String value) {
        return false;
    }

    /**
     * {@code shell} (RFC 4254 section 6.5). Return true and serve the channel from another thread
     * (for example the one that calls {@link Transport#accept}).
     */
    default boolean checkChannelShellRequest(Channel channel) {
        return false;
    }

    /** {@code exec} (RFC 4254 section 6.5); as {@link #checkChannelShellRequest}. */
    default boolean checkChannelExecRequest(Channel channel, String command) {
        return false;
    }

    /**
     * {@code subsystem} (RFC 4254 section 6.5). The default serves it when a {@link SubsystemHandler}
     * is registered for {@code name}, which the core checks before asking; return false to refuse
     * it for this user.
     */
    default boolean checkChannelSubsystemRequest(Channel channel, String name) {
        return true;
    }

    /**
     * The arguments a granted subsystem starts with, given to
     * {@link SubsystemHandler#startSubsystem(String, List, Transport, Channel)}: what sshd passes to
     * the program of a {@code Subsystem} line or a forced {@code internal-sftp -R}, so that one
     * login's SFTP can be read-only while another's is not. Empty by default.
     *
     * @since 1.6
     */
    default List<String> getSubsystemArguments(Channel channel, String name) {
        return List.of();
    }

    /**
     * {@code auth-agent-req@openssh.com} (OpenSSH PROTOCOL.agent): whether to forward agent
     * connections to the client; open them with {@link Transport#openForwardAgentChannel}.
     */
    default boolean checkChannelForwardAgentRequest(Channel channel) {
        return false;
    }

    /**
     * {@code x11-req} (RFC 4254 section 6.3.1): whether to forward X11 connections to the client;
     * open them with {@link Transport#openX11Channel}. paramiko's {@code check_channel_x11_request}.
     */
    default boolean checkChannelX11Request(Channel channel, X11Request request) {
        return false;
    }

    /** {@code signal} (RFC 4254 section 6.9). */
    default boolean checkChannelSignalRequest(Channel channel, String signal) {
        return false;
    }

    /**
     * {@code tcpip-forward} (RFC 4254 section 7.1): whether to listen on {@code address:port} for
     * the client and open a {@code forwarded-tcpip} channel to it for each connection there
     * ({@link Transport#openForwardedTcpip}); paramiko's {@code check_port_forward_request}.
     *
     * @param address as the client wrote it: {@code ""} or {@code "*"} means every address,
     *     {@code "localhost"} loopback only (RFC 4254 section 7.1); the server may narrow it
     * @param port the port, 0 for one the server picks
     * @return the port now listened on, or empty to refuse
     */
    default OptionalInt checkPortForwardRequest(String address, int port) {
        return OptionalInt.empty();
    }

    /**
     * {@code cancel-tcpip-forward} (RFC 4254 section 7.1): stop listening on a port that
     * {@link #checkPortForwardRequest} opened for this client.
     *
     * @return whether there was such a listener
     */
    default boolean cancelPortForwardRequest(String address, int port) {
        return false;
    }

    /**
     * {@code streamlocal-forward@openssh.com} (OpenSSH PROTOCOL section 2.4): whether to listen on
     * the Unix domain socket at {@code path} for the client and open a
     * {@code forwarded-streamlocal@openssh.com} channel to it for each connection there
     * ({@link Transport#openForwardedStreamLocal}).
     */
    default boolean checkStreamLocalForwardRequest(String path) {
        return false;
    }

    /** {@code cancel-streamlocal-forward@openssh.com}: stop listening on {@code path} for this client. */
    default boolean cancelStreamLocalForwardRequest(String path) {
        return false;
    }

    /**
     * A global request (RFC 4254 section 4) other than the port forwarding ones above.
     *
     * @return response data to send with {@code SSH_MSG_REQUEST_SUCCESS}, or empty to refuse
     */
    default Optional<byte[]> checkGlobalRequest(String name, byte[] data) {
        return Optional.empty();
    }
}
