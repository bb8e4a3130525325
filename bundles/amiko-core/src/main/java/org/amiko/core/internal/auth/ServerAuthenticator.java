// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.auth;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.amiko.AlgorithmFamily;
import org.amiko.DisconnectException;
import org.amiko.DisconnectReason;
import org.amiko.Prompt;
import org.amiko.SshException;
import org.amiko.core.AlgorithmCatalog;
import org.amiko.core.internal.Session;
import org.amiko.core.internal.transport.AlgorithmOffer;
import org.amiko.core.internal.transport.Packet;
import org.amiko.core.internal.transport.SshMessage;
import org.amiko.server.AuthResult;
import org.amiko.server.InteractiveQuery;
import org.amiko.server.ServerInterface;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.amiko.spi.wire.PeerText;
import org.amiko.spi.wire.WireReader;
import org.amiko.spi.wire.WireWriter;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;

/**
 * The server side of user authentication (RFC 4252, RFC 4256). Every decision goes to the
 * {@link ServerInterface}; failed attempts are counted per connection and nothing the client sends
 * (another user name, another service) resets the count; at the limit the connection ends. When the
 * server requires several methods ({@link ServerInterface#getRequiredAuthentications}), each
 * success completes a step ({@link RequiredMethods}) until a list is complete.
 */
public final class ServerAuthenticator {
    private static final System.Logger LOG = System.getLogger("org.amiko.core");
    private static final int MAX_RESPONSES = 64;

    private final Session session;
    private final ServerInterface server;
    /** sshd's cap on authentication requests per connection (auth2.c, {@code attempt >= 1024}). */
    static final int MAX_REQUESTS = 1024;
    private final AlgorithmOffer offer;
    /** Failures allowed, for the user the last request named ({@link ServerInterface#getMaxAuthTries}). */
    private int maxTries;
    private int failures;
    /**
     * Whether a credential reached the server's hooks: a password, a key (asked about or
     * signed), a host key, a GSS-API context being set up, keyboard-interactive answers; what
     * sshd's monitor counts as an attempt, for source penalties.
     */
    private boolean attempted;
    private int noneAttempts;
    /** Requests so far: sshd ends a connection at 1024 (auth2.c), whatever they were. */
    private int requests;
    /** The user the last banner decision was for, and the banner last sent; null before either. */
    private String bannerUser;
    private String bannerSent;
    private String pendingInteractiveUser;
    /** A gssapi-with-mic attempt between its request and its MIC, or null. */
    private volatile GssapiAcceptance pendingGss;
    private int pendingPromptCount;
    private volatile boolean authenticated;
    private final Announcement afterSuccess;
    private volatile String username;
    /** The user the client last named, as sshd's "authenticating user" of its log; null before. */
    private volatile String requestedUser;
    private volatile String method;
    /** Progress through the methods the user must complete, when the server requires several. */
    private final RequiredMethods progress = new RequiredMethods();
    /** The current attempt's lists of required methods; empty when any one method will do. */
    private List<List<String>> required = List.of();

    /**
     * @param authenticated what to do once the success has been sent (announce the host keys)
     */
    public ServerAuthenticator(Session session, ServerInterface server, AlgorithmOffer offer,
            Announcement authenticated) {
        this.session = session;
        this.server = server;
        this.offer = offer;
        this.afterSuccess = authenticated;
        this.maxTries = session.settings().maxAuthTries();
    }

    /** A message to send once authentication has succeeded. */
    @FunctionalInterface
    public interface Announcement {
        void send() throws IOException;
    }

    public boolean isAuthenticated() {
        return authenticated;
    }

    /**
     * Whether the client tried to log in with a credential, as sshd tells an attempt from a
     * connection that only asked for the methods, or for a prompt it never answered.
     */
    public boolean attempted() {
        return attempted;
    }

    public String username() {
        return username;
    }

    /** The method that completed authentication, for operators. */
    public String method() {
        return method;
    }

    /**
     * Logs how the connection ended, as sshd does, when it ended before login; does nothing after.
     *
     * @param graceExceeded whether the server ended it at its login grace time
     * @param identified whether the client's identification line arrived
     * @param byServer whether the server ended it of its own accord
     */
    public void endedBeforeLogin(SshException cause, boolean graceExceeded, boolean identified, boolean byServer) {
        if (!authenticated) {
            AuthenticationLog.endedBeforeLogin(requestedUser, session.connection().peer(), cause, graceExceeded,
                    identified, byServer);
        }
    }

    /** Messages 50-79 (service executor). */
    public void handle(Packet packet) throws IOException {
        if (authenticated) {
            // RFC 4252 section 5.1: requests after success are ignored
            return;
        }
        // 61 is keyboard-interactive's response or a GSS-API token, by which method is under way
        if (pendingGss != null && packet.type() >= SshMessage.USERAUTH_GSSAPI_TOKEN
                && packet.type() <= SshMessage.USERAUTH_GSSAPI_MIC) {
            onGssapiMessage(packet);
            return;
        }
        switch (packet.type()) {
            case SshMessage.USERAUTH_REQUEST -> onRequest(packet.reader());
            case SshMessage.USERAUTH_INFO_RESPONSE -> onInfoResponse(packet.reader());
            default -> throw new DisconnectException(DisconnectReason.PROTOCOL_ERROR,
                    "unexpected message " + packet.type() + " during authentication", true);
        }
    }

    private void onRequest(WireReader in) throws IOException {
        String user = in.readUtf8();
        String service = in.readUtf8();
        String requested = in.readUtf8();
        requestedUser = user;
        pendingInteractiveUser = null;
        endGssapi();
        if (!ClientAuthenticator.CONNECTION_SERVICE.equals(service)) {
            throw new DisconnectException(DisconnectReason.SERVICE_NOT_AVAILABLE, "no service " + printable(service), true);
        }
        if (++requests > MAX_REQUESTS) {
            // queries a server answers with PK_OK count as no failure: this bounds them too
            AuthenticationLog.tooManyFailures(user, session.connection().peer());
            throw new DisconnectException(DisconnectReason.NO_MORE_AUTH_METHODS_AVAILABLE,
                    "too many authentication requests", true);
        }
        sendBanner(user);
        progress.attemptBy(user);
        List<List<String>> lists = server.getRequiredAuthentications(user);
        required = lists == null ? List.of() : lists;
        // this user's limit on the connection's count: a name with a lax one does not reset it
        int limit = server.getMaxAuthTries(user);
        maxTries = limit > 0 ? limit : session.settings().maxAuthTries();
        String base = requested.equals(ClientAuthenticator.PUBLICKEY_HOSTBOUND) ? "publickey" : requested;
        if (!requested.equals("none") && !progress.allows(required, base)) {
            // not next in any list the user can still complete: refused without asking the hooks
            conclude(user, base, AuthResult.FAILED, true);
            return;
        }
        switch (requested) {
            case "none" -> {
                // the first "none" only asks for the method list; more of them count as failures
                AuthResult result = server.checkAuthNone(user);
                conclude(user, "none", result, noneAttempts++ > 0);
            }
            case "password" -> {
                attempted = true;
                boolean change = in.readBoolean();
                String password = in.readUtf8();
                conclude(user, "password", change ? AuthResult.FAILED : server.checkAuthPassword(user, password), true);
            }
            case "publickey", ClientAuthenticator.PUBLICKEY_HOSTBOUND -> {
                attempted = true;
                onPublicKey(user, requested, in);
            }
            case "keyboard-interactive" -> {
                in.readUtf8();
                String submethods = in.readUtf8();
                Optional<InteractiveQuery> query = server.checkAuthInteractive(user, submethods);
                if (query == null || query.isEmpty()) {
                    conclude(user, "keyboard-interactive", AuthResult.FAILED, true);
                } else {
                    sendInfoRequest(user, query.get());
                }
            }
            case Gssapi.METHOD -> onGssapiRequest(user, in);
            case ClientAuthenticator.HOSTBASED -> {
                attempted = true;
                onHostbased(user, in);
            }
            default -> conclude(user, requested, AuthResult.FAILED, true);
        }
    }

    /**
     * RFC 4462 section 3.2: the client lists mechanisms; with an acceptor credential and Kerberos
     * V5 among them, the server names it and the token exchange begins.
     */
    private void onGssapiRequest(String user, WireReader in) throws IOException {
        int count = in.readUint32();
        if (count < 0 || count > Gssapi.MAX_MECHANISMS) {
            throw new DisconnectException(DisconnectReason.PROTOCOL_ERROR,
                    Gssapi.METHOD + " request with " + Integer.toUnsignedString(count) + " mechanisms", true);
        }
        boolean kerberos = false;
        for (int i = 0; i < count; i++) {
            kerberos |= Arrays.equals(in.readString(), Gssapi.KERBEROS_V5_DER);
        }
        GSSCredential credential = kerberos ? server.gssapiAcceptorCredential() : null;
        attempted |= credential != null;
        if (credential == null) {
            conclude(user, Gssapi.METHOD, AuthResult.FAILED, true);
            return;
        }
        try {
            pendingGss = new GssapiAcceptance(user, credential);
        } catch (GSSException e) {
            LOG.log(Level.WARNING, "cannot accept GSS-API contexts: {0}", e.getMessage());
            conclude(user, Gssapi.METHOD, AuthResult.FAILED, true);
            return;
        }
        session.send(new WireWriter(32).writeByte(SshMessage.USERAUTH_GSSAPI_RESPONSE)
                .writeString(Gssapi.KERBEROS_V5_DER).toByteArray());
    }

    /**
     * Tokens until the context is established (sections 3.3-3.4), then the MIC over the session
     * (section 3.5). EXCHANGE_COMPLETE (no MIC, section 3.6) is refused: without the MIC nothing
     * binds the context to this connection. Any failure ends the attempt and counts.
     */
    private void onGssapiMessage(Packet packet) throws IOException {
        GssapiAcceptance attempt = pendingGss;
        String user = attempt.user();
        WireReader in = packet.reader();
        try {
            switch (packet.type()) {
                case SshMessage.USERAUTH_GSSAPI_TOKEN -> {
                    byte[] out = attempt.accept(in.readString());
                    if (out != null) {
                        session.send(new WireWriter(16 + out.length).writeByte(SshMessage.USERAUTH_GSSAPI_TOKEN)
                                .writeString(out).toByteArray());
                    }
                    return;
                }
                case SshMessage.USERAUTH_GSSAPI_MIC -> {
                    if (!attempt.isEstablished()) {
                        break;
                    }
                    String principal = attempt.verify(in.readString(), session.engine().sessionId());
                    endGssapi();
                    AuthResult result = server.checkAuthGssapiWithMic(user, principal);
                    LOG.log(Level.DEBUG, "GSS-API principal {0} for {1}: {2}", PeerText.printable(principal, 128),
                            printable(user), result);
                    conclude(user, Gssapi.METHOD, result == null ? AuthResult.FAILED : result, true);
                    return;
                }
                case SshMessage.USERAUTH_GSSAPI_EXCHANGE_COMPLETE, SshMessage.USERAUTH_GSSAPI_ERRTOK,
                        SshMessage.USERAUTH_GSSAPI_ERROR -> {
                    // no MIC, or the client gave up: the attempt is over
                }
                default -> {
                    // 62 is no GSS-API message at all
                }
            }
        } catch (GSSException e) {
            LOG.log(Level.INFO, "GSS-API authentication of {0} failed: {1}", printable(user), e.getMessage());
        }
        endGssapi();
        conclude(user, Gssapi.METHOD, AuthResult.FAILED, true);
    }

    private synchronized void endGssapi() {
        if (pendingGss != null) {
            pendingGss.dispose();
            pendingGss = null;
        }
    }

    /** The connection ended: a GSS-API context still open (and the session key it holds) is let go. */
    public void terminated() {
        endGssapi();
    }

    /**
     * RFC 4252 section 7, and OpenSSH's host-bound form (PROTOCOL section 3.1), which names a host
     * key after the user's key. That must be the key of this session's first exchange: a client
     * that names another was asked to sign for another server, so the connection ends, as sshd
     * ends it.
     */
    private void onPublicKey(String user, String requested, WireReader in) throws IOException {
        boolean signed = in.readBoolean();
        String algorithmName = in.readUtf8();
        byte[] blob = in.readString();
        byte[] hostKey = null;
        if (requested.equals(ClientAuthenticator.PUBLICKEY_HOSTBOUND)) {
            hostKey = in.readString();
            if (!session.engine().hostBoundAuth()) {
                throw new DisconnectException(DisconnectReason.PROTOCOL_ERROR,
                        requested + " was not offered: the client asked for no EXT_INFO", true);
            }
            if (!MessageDigest.isEqual(hostKey, session.engine().sessionHostKey())) {
                throw new DisconnectException(DisconnectReason.PROTOCOL_ERROR,
                        "the host key in " + requested + " is not this server's", true);
            }
        }
        SignatureAlgorithm algorithm = offeredAlgorithm(algorithmName, false);
        OfferedKey offered = offered(algorithm, blob);
        PublicKey key = offered == null ? null : offered.key();
        byte[] plainBlob = offered == null ? null : offered.plainBlob();
        if (plainBlob == null || !required.isEmpty() && progress.keyUsed(plainBlob)) {
            // a key that completed one publickey step cannot complete another, nor can a
            // certificate of it (sshd's rule)
            conclude(user, "publickey", AuthResult.FAILED, true, key, blob, plainBlob);
            return;
        }
        if (!signed) {
            AuthResult result = server.checkAuthPublickey(user, key);
            if (result == AuthResult.FAILED || result == null) {
                conclude(user, "publickey", AuthResult.FAILED, true, key, blob, plainBlob);
            } else {
                session.send(new WireWriter(64 + blob.length).writeByte(SshMessage.USERAUTH_PK_OK)
                        .writeString(algorithmName).writeString(blob).toByteArray());
            }
            return;
        }
        byte[] signature = in.readString();
        WireWriter data = new WireWriter(256 + blob.length);
        data.writeString(session.engine().sessionId());
        data.writeByte(SshMessage.USERAUTH_REQUEST).writeString(user).writeString(ClientAuthenticator.CONNECTION_SERVICE)
                .writeString(requested).writeBoolean(true).writeString(algorithmName).writeString(blob);
        if (hostKey != null) {
            data.writeString(hostKey);
        }
        boolean valid = verifies(algorithm, key, data, signature);
        AuthResult result = valid ? server.checkAuthPublickey(user, key) : AuthResult.FAILED;
        int flags = valid ? algorithm.authenticatorFlags(signature) : -1;
        if (flags >= 0 && result != null && result != AuthResult.FAILED
                && !server.checkSecurityKeyFlags(user, key, flags)) {
            // a security key signed, but not as this key must (no touch, no PIN): sshd refuses it too
            result = AuthResult.FAILED;
        }
        conclude(user, "publickey", result, true, key, blob, plainBlob);
    }

    /**
     * RFC 4252 section 9: one request, signed by the client host's key, says which user there asks
     * to log in as which user here. The signature is checked first; then the hooks decide whether
     * that host (its key, its name) is trusted for that pair of users. As sshd does, a trailing
     * dot ends the host name ssh sends and is dropped; a name that is not printable US-ASCII is
     * refused. A security key's signature is refused: host keys live on hosts, not on tokens. A
     * key that completed one step cannot complete another, publickey or hostbased.
     */
    private void onHostbased(String user, WireReader in) throws IOException {
        String algorithmName = in.readUtf8();
        byte[] blob = in.readString();
        String clientHost = in.readUtf8();
        String clientUser = in.readUtf8();
        byte[] signature = in.readString();
        SignatureAlgorithm algorithm = offeredAlgorithm(algorithmName, true);
        OfferedKey offered = offered(algorithm, blob);
        PublicKey key = offered == null ? null : offered.key();
        byte[] plainBlob = offered == null ? null : offered.plainBlob();
        AuthResult result = AuthResult.FAILED;
        if (plainBlob != null && (required.isEmpty() || !progress.keyUsed(plainBlob)) && isHostName(clientHost)) {
            WireWriter data = new WireWriter(256 + blob.length).writeString(session.engine().sessionId())
                    .writeByte(SshMessage.USERAUTH_REQUEST).writeString(user)
                    .writeString(ClientAuthenticator.CONNECTION_SERVICE).writeString(ClientAuthenticator.HOSTBASED)
                    .writeString(algorithmName).writeString(blob).writeString(clientHost).writeString(clientUser);
            if (verifies(algorithm, key, data, signature) && algorithm.authenticatorFlags(signature) < 0) {
                String host = clientHost.endsWith(".") ? clientHost.substring(0, clientHost.length() - 1) : clientHost;
                result = server.checkAuthHostbased(user, key, host, clientUser);
                LOG.log(Level.DEBUG, "hostbased from {0}@{1} for {2}: {3}", printable(clientUser), host,
                        printable(user), result);
            }
        }
        conclude(user, ClientAuthenticator.HOSTBASED, result == null ? AuthResult.FAILED : result, true, key, blob,
                plainBlob);
    }

    /** A host name as DNS spells one: printable US-ASCII, no spaces, at most 255 characters. */
    private static boolean isHostName(String name) {
        if (name.isEmpty() || name.length() > 255) {
            return false;
        }
        return name.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    /**
     * The signature algorithm {@code name} if this server accepts it: for publickey among the
     * user key algorithms ({@code PubkeyAcceptedAlgorithms}), for hostbased among the host key
     * algorithms; else null.
     */
    private SignatureAlgorithm offeredAlgorithm(String name, boolean hostbased) {
        AlgorithmCatalog snapshot = offer.snapshot();
        List<String> accepted = hostbased ? offer.names(AlgorithmFamily.HOST_KEY, snapshot)
                : offer.publicKeyNames(snapshot);
        return accepted.contains(name) ? (SignatureAlgorithm) snapshot.find(AlgorithmFamily.HOST_KEY, name)
                .map(AlgorithmCatalog.Entry::implementation).orElse(null) : null;
    }

    /**
     * A key as offered: the key, and the blob of the plain key behind it
     * ({@link SignatureAlgorithm#plainKeyBlob}), a certificate's certified key, so that a
     * certificate and its key count as one key, as in sshd. A plain key is encoded again rather
     * than taken as sent: the decoder takes an RSA mpint with leading zeros, and a padded blob of
     * a key must not pass for another key.
     */
    private record OfferedKey(PublicKey key, byte[] plainBlob) {}

    /**
     * The key in {@code blob}, or null when there is no algorithm, the blob is not its key, or
     * the algorithm cannot give the plain key (the attempt then fails: a certificate must not
     * count as a key of its own for want of an answer).
     */
    private static OfferedKey offered(SignatureAlgorithm algorithm, byte[] blob) {
        if (algorithm == null) {
            return null;
        }
        try {
            PublicKey key = algorithm.decodePublicKey(blob);
            return new OfferedKey(key, algorithm.plainKeyBlob(key));
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    private static boolean verifies(SignatureAlgorithm algorithm, PublicKey key, WireWriter data, byte[] signature) {
        try {
            return algorithm.verify(key, data.toByteArray(), signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private void onInfoResponse(WireReader in) throws IOException {
        String user = pendingInteractiveUser;
        if (user == null) {
            throw new DisconnectException(DisconnectReason.PROTOCOL_ERROR, "INFO_RESPONSE without an INFO_REQUEST", true);
        }
        pendingInteractiveUser = null;
        attempted = true;
        int count = in.readUint32();
        if (count != pendingPromptCount || count < 0 || count > MAX_RESPONSES) {
            throw new DisconnectException(DisconnectReason.PROTOCOL_ERROR,
                    "INFO_RESPONSE with " + Integer.toUnsignedString(count) + " answers to " + pendingPromptCount
                            + " prompts", true);
        }
        List<String> responses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            responses.add(in.readUtf8());
        }
        AuthResult result = server.checkAuthInteractiveResponse(user, responses);
        if (result == AuthResult.FAILED || result == null) {
            Optional<InteractiveQuery> again = server.nextInteractiveQuery(user);
            if (again != null && again.isPresent() && failures + 1 < maxTries) {
                failures++;
                sendInfoRequest(user, again.get());
                return;
            }
        }
        conclude(user, "keyboard-interactive", result, true);
    }

    private void sendInfoRequest(String user, InteractiveQuery query) throws IOException {
        WireWriter out = new WireWriter(256).writeByte(SshMessage.USERAUTH_INFO_REQUEST).writeString(query.name())
                .writeString(query.instruction()).writeString("").writeUint32(query.prompts().size());
        for (Prompt prompt : query.prompts()) {
            out.writeString(prompt.text()).writeBoolean(prompt.echo());
        }
        pendingInteractiveUser = user;
        pendingPromptCount = query.prompts().size();
        session.send(out.toByteArray());
    }

    private void conclude(String user, String attempted, AuthResult result, boolean counts) throws IOException {
        conclude(user, attempted, result, counts, null, null, null);
    }

    /**
     * Answers an attempt. When the server requires several methods, a success completes a step:
     * the user is in once a list is complete, and until then the answer is partial success.
     *
     * @param key the key of a publickey attempt, or the host key of a hostbased one, else null
     * @param keyBlob the same as sent, else null
     * @param plainBlob the blob of the plain key behind {@code key} (its own for a plain key), else null
     */
    private void conclude(String user, String attempted, AuthResult result, boolean counts, PublicKey key,
            byte[] keyBlob, byte[] plainBlob) throws IOException {
        if (result == AuthResult.SUCCESSFUL && !required.isEmpty()) {
            if (!progress.allows(required, attempted)) {
                result = AuthResult.FAILED; // "none", which no list names
            } else if (!progress.complete(required, attempted, plainBlob)) {
                result = AuthResult.PARTIALLY_SUCCESSFUL;
            }
        }
        if (result == AuthResult.SUCCESSFUL || result == AuthResult.PARTIALLY_SUCCESSFUL) {
            server.authenticationSucceeded(user, attempted, key);
        }
        InetSocketAddress peer = session.connection().peer();
        if (result == AuthResult.SUCCESSFUL) {
            AuthenticationLog.attempt("Accepted", attempted, user, peer, keyBlob, plainBlob);
            session.closed().thenAccept(cause -> AuthenticationLog.disconnected(user, peer, cause));
            // who and how first: another thread that sees "authenticated" reads them next
            username = user;
            method = required.isEmpty() ? attempted : progress.summary();
            authenticated = true;
            session.send(new byte[] {SshMessage.USERAUTH_SUCCESS});
            afterSuccess.send();
            return;
        }
        boolean partial = result == AuthResult.PARTIALLY_SUCCESSFUL;
        if (partial || counts) {
            AuthenticationLog.attempt(partial ? "Partial" : "Failed", attempted, user, peer, keyBlob, plainBlob);
        }
        if (!partial && counts && ++failures >= maxTries) {
            AuthenticationLog.tooManyFailures(user, peer);
            throw new DisconnectException(DisconnectReason.NO_MORE_AUTH_METHODS_AVAILABLE,
                    "too many authentication failures", true);
        }
        List<String> allowed = server.getAllowedAuths(user);
        if (!required.isEmpty()) {
            // only what can continue a list: methods the server offers, next in a list begun
            List<String> offered = allowed == null ? List.of() : allowed;
            allowed = progress.next(required).stream().filter(offered::contains).toList();
        }
        session.send(new WireWriter(64).writeByte(SshMessage.USERAUTH_FAILURE)
                .writeNameList(allowed == null ? List.of() : allowed).writeBoolean(partial).toByteArray());
    }

    /**
     * The banner for the user this request names, before the answer to it: at the first request,
     * and again when a request names another user whose banner differs (RFC 4252 section 5.4
     * allows a banner at any time before success), so a client cannot pass a user's banner by
     * naming another first.
     */
    private void sendBanner(String user) throws IOException {
        if (user.equals(bannerUser)) {
            return;
        }
        bannerUser = user;
        String banner = server.getBanner(user);
        if (banner != null && !banner.isEmpty() && !banner.equals(bannerSent)) {
            bannerSent = banner;
            session.send(new WireWriter(64 + banner.length()).writeByte(SshMessage.USERAUTH_BANNER).writeString(banner)
                    .writeString("").toByteArray());
        }
    }

    private static String printable(String text) {
        return PeerText.printable(text, 64);
    }
}
