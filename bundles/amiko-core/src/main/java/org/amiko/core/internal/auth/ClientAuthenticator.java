// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.auth;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.amiko.AlgorithmFamily;
import org.amiko.AuthenticationException;
import org.amiko.DisconnectException;
import org.amiko.DisconnectReason;
import org.amiko.InteractiveHandler;
import org.amiko.Prompt;
import org.amiko.PublicKeySigner;
import org.amiko.SshException;
import org.amiko.core.AlgorithmCatalog;
import org.amiko.core.TransportSettings;
import org.amiko.core.internal.ServerDeadline;
import org.amiko.core.internal.Session;
import org.amiko.core.internal.transport.AlgorithmOffer;
import org.amiko.core.internal.transport.Packet;
import org.amiko.core.internal.transport.SshMessage;
import org.amiko.spi.SecurityLevel;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.amiko.spi.wire.PeerText;
import org.amiko.spi.wire.WireReader;
import org.amiko.spi.wire.WireWriter;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.MessageProp;

/**
 * The client side of user authentication (RFC 4252, RFC 4256): one method attempt at a time, on
 * the caller's thread, with the server's answers handed over by the session's service executor.
 */
public final class ClientAuthenticator {
    /** RFC 4252 section 5: the service started after authentication. */
    static final String CONNECTION_SERVICE = "ssh-connection";
    /**
     * OpenSSH PROTOCOL section 3.1: publickey whose request, and so whose signature, also names the
     * server's host key, so a signature made for one server cannot log in to another (through a
     * forwarded agent, say). Used whenever the server's EXT_INFO offers it, as ssh does.
     */
    static final String PUBLICKEY_HOSTBOUND = "publickey-hostbound-v00@openssh.com";
    /** RFC 4252 section 9. */
    static final String HOSTBASED = "hostbased";
    /** RSA with SHA-1 (RFC 4253 section 6.6), also the RSA key type's name. */
    private static final String SSH_RSA = "ssh-rsa";
    private static final int MAX_PROMPTS = 64;
    /**
     * Banner text kept, in chars; the rest is dropped. RFC 4252 section 5.4 lets a server send any
     * number of banners, so without a cap it could fill the client's memory.
     */
    static final int MAX_BANNER_CHARS = 64 * 1024;

    private static final System.Logger LOG = System.getLogger("org.amiko.core");

    private final Session session;
    /** The catalog, and the signature algorithms this client may sign with. */
    private final AlgorithmOffer offer;
    private final ArrayDeque<Packet> answers = new ArrayDeque<>();
    /** Messages sent that await their one answer; guarded by this. */
    private int outstanding;
    private boolean serviceAccepted;
    private SshException closed;
    private volatile boolean authenticated;
    /** USERAUTH_SUCCESS has arrived (set on the service executor, before the caller sees it). */
    private volatile boolean succeeded;
    private volatile String username;
    /** Guarded by itself, not this: banner() must answer while an attempt holds this. */
    private final StringBuilder banner = new StringBuilder();
    private boolean bannerReceived;
    /** A gssapi-with-mic exchange is under way; guarded by this. */
    private boolean gssExchange;
    /** GSS-API error messages received in it, which answer nothing (RFC 4462 sections 3.8, 3.9). */
    private int gssNotices;

    public ClientAuthenticator(Session session, AlgorithmOffer offer) {
        this.session = session;
        this.offer = offer;
    }

    public boolean isAuthenticated() {
        return authenticated;
    }

    public String username() {
        return username;
    }

    /** The banners received before success, joined and cut at {@link #MAX_BANNER_CHARS}; null if none. */
    public String banner() {
        synchronized (banner) {
            return bannerReceived ? banner.toString() : null;
        }
    }

    /**
     * Messages 6 and 50-79 (service executor).
     *
     * @throws DisconnectException if an answer comes when no request awaits one
     */
    public void handle(Packet packet) throws IOException {
        if (packet.type() == SshMessage.USERAUTH_BANNER) {
            addBanner(packet.reader().readUtf8());
            return;
        }
        synchronized (this) {
            if (packet.type() == SshMessage.SERVICE_ACCEPT) {
                serviceAccepted = true;
            } else if (gssExchange && (packet.type() == SshMessage.USERAUTH_GSSAPI_ERROR
                    || packet.type() == SshMessage.USERAUTH_GSSAPI_ERRTOK)) {
                // sent besides the answer, not as one; bounded, since nothing else limits them
                if (++gssNotices > Gssapi.MAX_ROUNDS) {
                    throw new DisconnectException(DisconnectReason.PROTOCOL_ERROR, "too many GSS-API errors", true);
                }
                answers.add(packet);
            } else if (outstanding > 0) {
                // each request and each info response gets exactly one answer (RFC 4252 section 5,
                // RFC 4256 section 3.4)
                outstanding--;
                succeeded |= packet.type() == SshMessage.USERAUTH_SUCCESS;
                answers.add(packet);
            } else {
                // Queued, nobody would ever take it, so a server could grow the queue without end.
                // Dropping it would hide a broken or hostile server; a protocol error is also how
                // the server side answers connection messages sent before authentication.
                throw new DisconnectException(DisconnectReason.PROTOCOL_ERROR,
                        "authentication message " + packet.type() + " when no request awaits an answer", true);
            }
            notifyAll();
        }
    }

    private void addBanner(String text) {
        if (succeeded) {
            return; // RFC 4252 section 5.4: banners come before success; a later one is not shown
        }
        synchronized (banner) {
            bannerReceived = true;
            int room = MAX_BANNER_CHARS - banner.length();
            if (text.length() > room && room > 0 && Character.isHighSurrogate(text.charAt(room - 1))) {
                room--; // do not keep half a surrogate pair
            }
            banner.append(text, 0, Math.max(0, Math.min(room, text.length())));
        }
    }

    public synchronized void terminated(SshException cause) {
        closed = cause;
        notifyAll();
    }

    public synchronized List<String> none(String user) throws IOException {
        send(request(user, "none").toByteArray());
        return outcome(user, "none", next());
    }

    public synchronized List<String> password(String user, String password) throws IOException {
        send(request(user, "password").writeBoolean(false).writeString(password).toByteArray());
        Packet answer = next();
        if (answer.type() == SshMessage.USERAUTH_INFO_REQUEST) {
            // SSH_MSG_USERAUTH_PASSWD_CHANGEREQ (RFC 4252 section 8) shares number 60
            throw new AuthenticationException("the server requires a password change", List.of());
        }
        return outcome(user, "password", answer);
    }

    public synchronized List<String> publicKey(String user, KeyPair key) throws IOException {
        return publicKey(user, key.getPublic(), localSigner(key), true);
    }

    /** Publickey with the signature made elsewhere (an agent). */
    public synchronized List<String> publicKey(String user, PublicKey key, PublicKeySigner signer) throws IOException {
        return publicKey(user, key, signer, false);
    }

    /** Signs with a private key held here, through the signature plug-in of the name asked for. */
    private PublicKeySigner localSigner(KeyPair key) {
        SecureRandom random = new SecureRandom();
        return (publicKey, name, data) -> {
            SignatureAlgorithm algorithm = (SignatureAlgorithm) offer.snapshot().find(AlgorithmFamily.HOST_KEY, name)
                    .orElseThrow().implementation();
            try {
                return algorithm.sign(key.getPrivate(), data, random);
            } catch (GeneralSecurityException e) {
                throw new SshException("cannot sign with the " + name + " key: " + e.getMessage(), e);
            }
        };
    }

    private List<String> publicKey(String user, PublicKey key, PublicKeySigner signer, boolean localKey)
            throws IOException {
        // the server's EXT_INFO (server-sig-algs, host-bound publickey) comes before SERVICE_ACCEPT
        // (RFC 8308 section 2.4): decide nothing from it until the accept is in
        awaitService();
        ChosenSignature chosen = signerFor(key, localKey, false);
        String algorithmName = chosen.name();
        byte[] blob = chosen.encode(key);
        byte[] hostKey = session.engine().hostBoundAuth() ? session.engine().sessionHostKey() : null;
        send(publicKeyRequest(user, false, algorithmName, blob, hostKey).toByteArray());
        Packet answer = next();
        if (answer.type() != SshMessage.USERAUTH_PK_OK) {
            return outcome(user, "publickey", answer);
        }
        WireWriter signed = new WireWriter(512);
        signed.writeString(session.engine().sessionId());
        WireWriter body = publicKeyRequest(user, true, algorithmName, blob, hostKey);
        signed.writeBytes(body.toByteArray());
        byte[] signature = signer.sign(key, algorithmName, signed.toByteArray());
        send(body.writeString(signature).toByteArray());
        return outcome(user, "publickey", next());
    }

    /**
     * {@code hostbased} (RFC 4252 section 9): the client host's key signs that {@code clientUser}
     * on {@code clientHost} asks to log in as {@code user}. No query comes first: the method has
     * none, so the one request carries the signature.
     */
    private List<String> hostbased(String user, PublicKey hostKey, PublicKeySigner signer, boolean localKey,
            String clientHost, String clientUser) throws IOException {
        awaitService();
        ChosenSignature chosen = signerFor(hostKey, localKey, true);
        String algorithmName = chosen.name();
        WireWriter body = request(user, HOSTBASED).writeString(algorithmName).writeString(chosen.encode(hostKey))
                .writeString(clientHost).writeString(clientUser);
        byte[] request = body.toByteArray();
        WireWriter signed = new WireWriter(request.length + 64).writeString(session.engine().sessionId())
                .writeBytes(request);
        byte[] signature = signer.sign(hostKey, algorithmName, signed.toByteArray());
        send(body.writeString(signature).toByteArray());
        return outcome(user, HOSTBASED, next());
    }

    public synchronized List<String> hostbased(String user, KeyPair hostKey, String clientHost, String clientUser)
            throws IOException {
        return hostbased(user, hostKey.getPublic(), localSigner(hostKey), true, clientHost, clientUser);
    }

    /** Hostbased with the signature made elsewhere (ssh-keysign, an agent). */
    public synchronized List<String> hostbased(String user, PublicKey hostKey, PublicKeySigner signer,
            String clientHost, String clientUser) throws IOException {
        return hostbased(user, hostKey, signer, false, clientHost, clientUser);
    }

    /** A signature algorithm chosen for a key, by its wire name. */
    private record ChosenSignature(String name, SignatureAlgorithm algorithm) {
        byte[] encode(PublicKey key) throws SshException {
            try {
                return algorithm.encodePublicKey(key);
            } catch (GeneralSecurityException e) {
                throw new SshException("cannot encode the public key: " + e.getMessage(), e);
            }
        }
    }

    /**
     * The first signature algorithm in our order (RSA ones as the server's {@code server-sig-algs}
     * allows) that takes {@code key}: for a key signed with here, one whose plug-in can sign; an
     * agent signs whatever its key supports. Publickey takes the public key algorithms
     * ({@code PubkeyAcceptedAlgorithms}); hostbased every installed one, as before that list, but a
     * host key held here signs only with recommended ones: SHA-1 {@code ssh-rsa}, which could not
     * sign here before, must not start to where no list names it.
     */
    private ChosenSignature signerFor(PublicKey key, boolean localKey, boolean hostbased)
            throws AuthenticationException {
        AlgorithmCatalog snapshot = offer.snapshot();
        List<String> ours = hostbased ? snapshot.entries(AlgorithmFamily.HOST_KEY).stream()
                .filter(entry -> !localKey || entry.security() == SecurityLevel.RECOMMENDED)
                .map(AlgorithmCatalog.Entry::name).toList() : offer.publicKeyNames(snapshot);
        List<String> serverAccepts = session.engine().serverSigAlgs();
        // an old server's ssh-rsa first is for the publickey list, which names it only when asked to
        List<String> order = hostbased && serverAccepts == null ? ours : signatureOrder(ours, serverAccepts);
        for (String name : order) {
            SignatureAlgorithm candidate = (SignatureAlgorithm) snapshot.find(AlgorithmFamily.HOST_KEY, name)
                    .map(AlgorithmCatalog.Entry::implementation).orElse(null);
            if (candidate != null && (candidate.canSign() || !localKey) && candidate.supports(key)) {
                return new ChosenSignature(name, candidate);
            }
        }
        throw new AuthenticationException("no signature algorithm for a " + key.getAlgorithm()
                + " key that both sides accept (this side's " + (hostbased ? "host key" : "public key")
                + " algorithms: " + String.join(",", ours) + ")", List.of());
    }

    /**
     * The publickey request up to its signature (RFC 4252 section 7), which is also what is signed;
     * with {@code hostKey}, the host-bound form that names the server's key last.
     */
    private WireWriter publicKeyRequest(String user, boolean signed, String algorithmName, byte[] blob, byte[] hostKey)
            throws IOException {
        WireWriter out = request(user, hostKey == null ? "publickey" : PUBLICKEY_HOSTBOUND).writeBoolean(signed)
                .writeString(algorithmName).writeString(blob);
        return hostKey == null ? out : out.writeString(hostKey);
    }

    public synchronized List<String> interactive(String user, InteractiveHandler handler) throws IOException {
        send(request(user, "keyboard-interactive").writeString("").writeString("").toByteArray());
        while (true) {
            Packet answer = next();
            if (answer.type() != SshMessage.USERAUTH_INFO_REQUEST) {
                return outcome(user, "keyboard-interactive", answer);
            }
            WireReader in = answer.reader();
            String name = in.readUtf8();
            String instruction = in.readUtf8();
            in.readUtf8();
            int count = in.readUint32();
            if (count < 0 || count > MAX_PROMPTS) {
                throw new SshException("keyboard-interactive request with " + Integer.toUnsignedString(count) + " prompts");
            }
            List<Prompt> prompts = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                prompts.add(new Prompt(in.readUtf8(), in.readBoolean()));
            }
            List<String> responses = handler.respond(name, instruction, prompts);
            if (responses == null || responses.size() != count) {
                throw new AuthenticationException("the interactive handler gave "
                        + (responses == null ? "no" : responses.size()) + " answers to " + count + " prompts", List.of());
            }
            WireWriter reply = new WireWriter(64).writeByte(SshMessage.USERAUTH_INFO_RESPONSE).writeUint32(count);
            responses.forEach(reply::writeString);
            send(reply.toByteArray());
        }
    }

    /**
     * {@code gssapi-with-mic} (RFC 4462 section 3) with Kerberos V5: the request offers the one
     * mechanism, tokens go back and forth until the context is established (mutual authentication,
     * so the server proves itself too), then the MIC over the session identifier binds the context
     * to this connection. With {@code delegate}, the context also carries a forwarded
     * ticket-granting ticket (RFC 4121 section 4.1.1.1), when the ticket is forwardable. Runs on
     * the caller's thread, which also talks to the KDC.
     */
    public synchronized List<String> gssapiWithMic(String user, String gssHost, GSSCredential credential,
            boolean delegate) throws IOException {
        send(request(user, Gssapi.METHOD).writeUint32(1).writeString(Gssapi.KERBEROS_V5_DER).toByteArray());
        gssExchange = true;
        gssNotices = 0;
        GSSContext context = null;
        try {
            Packet answer = nextGssAnswer();
            if (answer.type() != SshMessage.USERAUTH_GSSAPI_RESPONSE) {
                return outcome(user, Gssapi.METHOD, answer);
            }
            if (!Arrays.equals(answer.reader().readString(), Gssapi.KERBEROS_V5_DER)) {
                throw new SshException("the server chose a GSS-API mechanism that was not offered");
            }
            context = initiator(gssHost, credential, delegate);
            byte[] token = new byte[0];
            for (int round = 0; !context.isEstablished(); round++) {
                if (round == Gssapi.MAX_ROUNDS) {
                    throw new SshException("the GSS-API context is not established after " + round + " rounds");
                }
                byte[] out = context.initSecContext(token, 0, token.length);
                if (out != null && out.length > 0) {
                    send(new WireWriter(16 + out.length).writeByte(SshMessage.USERAUTH_GSSAPI_TOKEN).writeString(out)
                            .toByteArray());
                }
                if (context.isEstablished()) {
                    break;
                }
                Packet reply = nextGssAnswer();
                if (reply.type() != SshMessage.USERAUTH_GSSAPI_TOKEN) {
                    return outcome(user, Gssapi.METHOD, reply);
                }
                token = reply.reader().readString();
            }
            if (!context.getMutualAuthState() || !context.getIntegState()) {
                throw new SshException("the GSS-API context lacks mutual authentication or integrity");
            }
            byte[] data = Gssapi.micData(session.engine().sessionId(), user);
            byte[] mic = context.getMIC(data, 0, data.length, new MessageProp(0, false));
            send(new WireWriter(16 + mic.length).writeByte(SshMessage.USERAUTH_GSSAPI_MIC).writeString(mic).toByteArray());
            return outcome(user, Gssapi.METHOD, nextGssAnswer());
        } catch (GSSException e) {
            throw new AuthenticationException(Gssapi.METHOD + " for " + user + " failed: " + e.getMessage(), List.of());
        } finally {
            gssExchange = false;
            if (context != null) {
                try {
                    context.dispose();
                } catch (GSSException e) {
                    // nothing held that matters
                }
            }
        }
    }

    private static GSSContext initiator(String gssHost, GSSCredential credential, boolean delegate)
            throws GSSException {
        GSSManager manager = GSSManager.getInstance();
        GSSName service = manager.createName("host@" + gssHost, GSSName.NT_HOSTBASED_SERVICE);
        GSSContext context = manager.createContext(service, Gssapi.KERBEROS_V5, credential, GSSContext.DEFAULT_LIFETIME);
        context.requestMutualAuth(true);
        context.requestInteg(true);
        context.requestCredDeleg(delegate);
        return context;
    }

    /**
     * The next answer, past the server's GSS-API error messages (RFC 4462 sections 3.8, 3.9),
     * whose text is only logged: the failure that follows them says what the caller needs.
     */
    private Packet nextGssAnswer() throws IOException {
        while (true) {
            Packet packet = next();
            if (packet.type() == SshMessage.USERAUTH_GSSAPI_ERROR) {
                WireReader in = packet.reader();
                in.readUint32();
                in.readUint32();
                LOG.log(System.Logger.Level.DEBUG, "GSS-API error from the server: {0}",
                        PeerText.printable(in.readUtf8(), 256));
            } else if (packet.type() != SshMessage.USERAUTH_GSSAPI_ERRTOK) {
                return packet;
            }
        }
    }

    /**
     * {@code ours} in our order, those in {@code serverAccepts} first. A server that sent no
     * {@code server-sig-algs} (null) is one from before rsa-sha2 (RFC 8332 section 3.3), so
     * {@code ssh-rsa} goes first where ours name it, as ssh does ({@code key_sig_algorithm} in
     * sshconnect2.c); where they do not, RSA keys still try rsa-sha2.
     */
    static List<String> signatureOrder(List<String> ours, List<String> serverAccepts) {
        if (serverAccepts == null) {
            if (!ours.contains(SSH_RSA)) {
                return ours;
            }
            List<String> sshRsaFirst = new ArrayList<>(List.of(SSH_RSA));
            ours.stream().filter(name -> !name.equals(SSH_RSA)).forEach(sshRsaFirst::add);
            return sshRsaFirst;
        }
        List<String> both = new ArrayList<>();
        for (String name : ours) {
            if (serverAccepts.contains(name)) {
                both.add(name);
            }
        }
        // a server that lists nothing we know may still accept a key whose name is its key type
        for (String name : ours) {
            if (!both.contains(name)) {
                both.add(name);
            }
        }
        return both;
    }

    private WireWriter request(String user, String method) throws IOException {
        awaitService();
        return new WireWriter(128).writeByte(SshMessage.USERAUTH_REQUEST).writeString(user)
                .writeString(CONNECTION_SERVICE).writeString(method);
    }

    private List<String> outcome(String user, String method, Packet answer) throws IOException {
        if (answer.type() == SshMessage.USERAUTH_SUCCESS) {
            authenticated = true;
            username = user;
            return List.of();
        }
        if (answer.type() != SshMessage.USERAUTH_FAILURE) {
            throw new SshException("unexpected message " + answer.type() + " during " + method + " authentication");
        }
        WireReader in = answer.reader();
        List<String> methods = in.readNameList();
        boolean partial = in.readBoolean();
        if (partial) {
            return methods;
        }
        throw new AuthenticationException(method + " authentication for " + user + " failed", methods);
    }

    private void awaitService() throws IOException {
        long deadline = deadline();
        while (!serviceAccepted) {
            waitForChange(deadline, "accept the authentication service");
        }
    }

    private Packet next() throws IOException {
        long deadline = deadline();
        while (answers.isEmpty()) {
            waitForChange(deadline, "answer the authentication request");
        }
        return answers.poll();
    }

    /** When the server's answer is due ({@link TransportSettings#connectTimeout()}); 0 for never. */
    private long deadline() {
        Duration timeout = session.settings().connectTimeout();
        return timeout.isZero() ? 0 : System.nanoTime() + timeout.toNanos();
    }

    /**
     * Waits for an answer or the end of the connection. A server that lets {@code deadline} pass
     * without answering is disconnected: a client must not wait for ever for one that took the
     * request and went silent (paramiko's {@code auth_timeout}).
     */
    private void waitForChange(long deadline, String what) throws IOException {
        if (closed != null) {
            throw new SshException("connection closed: " + closed.getMessage(), closed);
        }
        try {
            if (deadline == 0) {
                wait();
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                String message = ServerDeadline.message(what, session.settings().connectTimeout());
                session.disconnect(DisconnectReason.BY_APPLICATION, message);
                // what a handshake that runs out of time ends in too (ServerDeadline)
                throw new DisconnectException(DisconnectReason.BY_APPLICATION, message, true);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during authentication");
        }
    }

    /** Sends a request or info response; each is answered once (see {@link #handle}). */
    private void send(byte[] payload) throws IOException {
        outstanding++;
        session.send(payload);
    }
}
