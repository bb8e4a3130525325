// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.security.auth.Subject;
import org.amiko.Channel;
import org.amiko.OpenChannelResult;
import org.amiko.Prompt;
import org.amiko.Transport;
import org.amiko.agent.AgentSocket;
import org.amiko.forward.ForwardingServerInterface;
import org.amiko.forward.ServerForwarding;
import org.amiko.keys.AuthorizedKey;
import org.amiko.keys.AuthorizedKeys;
import org.amiko.keys.CertificateAuthorization;
import org.amiko.keys.Fingerprint;
import org.amiko.keys.KeyOption;
import org.amiko.keys.KeyRestrictions;
import org.amiko.keys.OpenSshCertificate;
import org.amiko.keys.PatternLists;
import org.amiko.keys.PublicKeyBlob;
import org.amiko.keys.RevokedKeys;
import org.amiko.server.AuthResult;
import org.amiko.server.CommandHandler;
import org.amiko.server.InteractiveQuery;
import org.amiko.server.PtyRequest;
import org.amiko.server.X11Request;
import org.amiko.spi.wire.PeerText;
import org.amiko.sshd.OsCommand;
import org.ietf.jgss.GSSCredential;

/**
 * The decisions of the Felix server for one connection, as an appliance makes them: a key in
 * {@code authorized_keys} or a password from {@code users.properties} logs in under any user name;
 * a session channel may ask for a pty, the environment variables {@code acceptEnv} allows
 * ({@code LANG}/{@code LC_*} by default), agent forwarding, a
 * shell or a command, which run through the configured {@link CommandRunner} or a registered
 * {@link CommandHandler}.
 *
 * <p>A key's authorized_keys options are enforced as sshd(8) does: {@code from=} and
 * {@code expiry-time=} at login; {@code command=} replaces what the client asks to run (which is
 * kept in {@code SSH_ORIGINAL_COMMAND}) and refuses subsystems, except that
 * {@code command="internal-sftp"} allows the {@code sftp} subsystem and nothing else, as sshd's
 * sftp-only keys do, and its options ({@code internal-sftp -R}) are sftp-server's for that
 * session ({@link #getSubsystemArguments}); the server's {@code forceCommand}, as sshd's
 * {@code ForceCommand}, does the same for every login, and wins over a key's; {@code environment=} is set for the command as
 * {@code permitUserEnvironment} allows, by default not at all, as OpenSSH's {@code PermitUserEnvironment no}: with
 * per-user key files a user may write, it would give a key with a forced command a {@code PATH} or {@code LD_PRELOAD};
 * {@code no-pty}, {@code no-agent-forwarding}, {@code no-X11-forwarding} and {@code restrict} refuse
 * those requests. A user certificate logs in by its authority's {@code cert-authority} line, with
 * {@code principals=}, as sshd decides it ({@link CertificateAuthorization}).
 *
 * <p>TCP port forwarding ({@code ssh -L}, {@code ssh -R}) is served as the configuration's
 * {@code allowTcpForwarding} and {@code gatewayPorts} say, Unix socket forwarding as its
 * {@code allowStreamLocalForwarding} says ({@link ForwardingSettings}), and within them as the key's
 * {@code no-port-forwarding}, {@code permitopen=} and {@code permitlisten=} say. A revoked key
 * ({@code revokedKeys}) is refused before authorized_keys is read, and Kerberos principals log in
 * as {@code gssapiUsers} allows ({@link KerberosLogin}), client hosts by {@code hostbased} as
 * {@link HostbasedLogin} decides. X11 forwarding ({@code ssh -X}) is served
 * as {@code x11Forwarding} says ({@link X11Settings}), to {@code shell=os} commands only.
 */
final class ApplianceServer implements ForwardingServerInterface {
    private static final System.Logger LOG = System.getLogger("org.amiko.sshd");

    private final Function<String, AuthorizedKeys> authorizedKeys;
    private final Supplier<RevokedKeys> revokedKeys;
    /** The readers of the key files match blocks name; by default none, and such blocks let no key in. */
    private KeyFiles keyFiles = KeyFiles.UNREADABLE;
    private final Supplier<PasswordFile> passwords;
    private final CommandRunner runner;
    private final Function<String, CommandHandler> commands;
    private final Transport transport;
    private final ExecutorService workers;
    private final ServerForwarding forwarding;
    /** The server-wide settings of a login, those of the logins no match block matches. */
    private final LoginSettings serverWide;
    /** The match blocks, read when a login names its user ({@link #judge}). */
    private final MatchBlocks matchBlocks;
    /**
     * This login's settings: the server-wide ones until it logs in, then its match blocks' too.
     * Written before the success goes out, so channel and forwarding requests see the final ones.
     */
    private volatile LoginSettings login;
    /** Checks passwords in place of {@link #passwords}, or null. */
    private volatile JaasLogin jaas;
    /** The subject of the last password or key {@link #jaas} accepted in a step that counted, or null. */
    private volatile JaasSubject jaasLogin;
    /** The subject of the password {@link #jaas} accepted last, until the step counts or not. */
    private JaasSubject passwordSubject;
    /** How many keys {@link #jaas} was asked about on this connection (on its worker, as {@link #candidates}). */
    private int realmKeyQuestions;
    private final Map<Integer, SessionRequest> requests = new ConcurrentHashMap<>();
    /** What sshd prints for a shell or command on an sftp-only login. */
    private static final byte[] SFTP_ONLY = "This service allows sftp connections only.\n".getBytes(StandardCharsets.UTF_8);
    /** OpenSSH's sshd takes at most this many {@code env} requests per session. */
    static final int MAX_ENV_VARIABLES = 128;
    /** Names {@link #serverOwned} refuses, besides the {@code SSH_} and {@code LD_} ones. */
    private static final Set<String> SERVER_OWNED = Set.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "MAIL", "TERM",
            "DISPLAY", "XAUTHORITY", "SCOPE");
    private static final int MAX_ENV_NAME = 256;
    private static final int MAX_ENV_VALUE = 4096;
    /**
     * What the key that logged in allows, set once a publickey step succeeded; null when no key
     * did (a password or Kerberos login has no restrictions).
     */
    private volatile KeyRestrictions restrictions;
    /** The options of the authorized_keys line of the key that logged in. */
    private volatile List<KeyOption> matchedOptions;
    /** What a key line without options allows: a key the JAAS realm accepted has no line. */
    private static final KeyRestrictions UNRESTRICTED = unrestricted();

    /**
     * A key that may log in once it proves itself: its line's restrictions and options, and, for a
     * key the JAAS realm accepted rather than a file, the subject it logged in (else null).
     */
    private record Candidate(KeyRestrictions restrictions, List<KeyOption> options, Subject jaas) {
        Candidate(KeyRestrictions restrictions, List<KeyOption> options) {
            this(restrictions, options, null);
        }
    }
    /**
     * The keys {@link #checkAuthPublickey} found acceptable in this login, queried or signed: only
     * the one that then completes a step ({@link #authenticationSucceeded}) brings its options.
     * Hooks run one at a time on the connection's worker.
     */
    private final Map<PublicKey, Candidate> candidates = new HashMap<>();
    /** The plain key of the publickey step completed, or null; a second step needs another key. */
    private PublicKey stepKey;
    /** PROTOCOL.u2f's authenticator flags: the user touched the key, the user was verified. */
    private static final int USER_PRESENT = 0x01;
    private static final int USER_VERIFIED = 0x04;
    /** Kerberos logins, or null when they are off. */
    private KerberosLogin kerberos;
    /** Host-based logins, or null when they are off. */
    private HostbasedLogin hostbased;
    /** The current text of a banner file named by the settings ({@link Banner}); none until set. */
    private Function<String, Supplier<String>> banners = file -> () -> null;
    /** One-time codes from authenticator apps, asked by keyboard-interactive; null when off. */
    private OneTimeCodes codes;
    /** The user last judged on this connection, and the verdict; guarded by this. */
    private String judgedUser;
    private boolean judgedAdmitted;
    /** The settings of a login by {@link #judgedUser}, its match blocks' applied; guarded by this. */
    private LoginSettings judgedSettings;
    /** Whether the console has been told this connection's key sets variables permitUserEnvironment drops. */
    private volatile boolean userEnvironmentSaid;
    /** Where sshd's AllowUsers refusals go: with the auth log, for the tools that read it. */
    private static final System.Logger AUTH_LOG = System.getLogger("org.amiko.auth");

    /**
     * @param authorizedKeys the current keys of a user, asked at each authentication (on the session's worker,
     *     not on the I/O thread that accepts the connection); may throw {@link UncheckedIOException}
     * @param revokedKeys the keys refused whatever authorized_keys says, asked likewise
     * @param passwords the current password users, asked likewise
     * @param commands handlers for exec commands by first word (the whiteboard), asked before the shell
     */
    ApplianceServer(Function<String, AuthorizedKeys> authorizedKeys, Supplier<RevokedKeys> revokedKeys,
            Supplier<PasswordFile> passwords, CommandRunner runner, Function<String, CommandHandler> commands,
            Transport transport, ExecutorService workers, LoginSettings serverWide, MatchBlocks matchBlocks) {
        this.authorizedKeys = authorizedKeys;
        this.revokedKeys = revokedKeys;
        this.passwords = passwords;
        this.runner = runner;
        this.commands = commands;
        this.transport = transport;
        this.workers = workers;
        this.serverWide = serverWide;
        this.matchBlocks = matchBlocks;
        this.login = serverWide;
        this.forwarding = ServerForwarding.start(transport,
                ForwardingSettings.policy(() -> login.forwarding(), () -> restrictions));
    }

    private static KeyRestrictions unrestricted() {
        try {
            return KeyRestrictions.of(List.of(), ZoneId.systemDefault());
        } catch (ParseException e) {
            throw new ExceptionInInitializerError(e); // no options, nothing to parse
        }
    }

    /** The current content of a file, or null (and a warning) when it cannot be read: nobody gets in by it. */
    static <T> T read(Supplier<T> file, String what) {
        try {
            return file.get();
        } catch (UncheckedIOException e) {
            LOG.log(Level.WARNING, "cannot read the {0} file: {1}", what, e.getCause().getMessage());
            return null;
        }
    }

    /** Offers {@code gssapi-with-mic} with {@code login}'s key and principals; null leaves it off. */
    ApplianceServer withKerberos(KerberosLogin login) {
        this.kerberos = login;
        return this;
    }

    /**
     * Reads the key files a match block names in place of the server-wide ones
     * ({@code authorizedKeys}, {@code revokedKeys}); without them such a block lets no key in.
     */
    ApplianceServer withKeyFiles(KeyFiles files) {
        this.keyFiles = Objects.requireNonNull(files);
        return this;
    }

    /** Checks passwords with {@code realm} in place of the users file; null leaves the file. */
    ApplianceServer withJaas(JaasLogin realm) {
        this.jaas = realm;
        return this;
    }

    /** Offers {@code hostbased} as {@code login} decides it; null leaves it off. */
    ApplianceServer withHostbased(HostbasedLogin login) {
        this.hostbased = login;
        return this;
    }

    /**
     * A client host's key that {@link HostbasedLogin} trusts for this pair of users, and which the
     * revoked keys do not refuse, logs in without key restrictions, as a password does.
     */
    @Override
    public AuthResult checkAuthHostbased(String username, PublicKey hostKey, String clientHostName,
            String clientUsername) {
        InetSocketAddress peer = transport.getPeerName();
        if (!admitted(username) || hostbased == null || peer == null || peer.isUnresolved()
                || isRevoked(username, hostKey)
                || !hostbased.allows(username, hostKey, clientHostName, clientUsername, peer.getAddress())) {
            return AuthResult.FAILED;
        }
        return AuthResult.SUCCESSFUL;
    }

    /**
     * Whether {@code username} may log in from this connection's address, judged once per user
     * named (a client may name another in each request); a refusal is logged once, in sshd's
     * words, and every method then fails for that user, however good the credential.
     */
    private synchronized boolean admitted(String username) {
        judge(username);
        return judgedAdmitted;
    }

    /**
     * Judges {@code username} once: whether it may log in ({@link #judgedAdmitted}), and with which
     * settings, which it returns. A match block that matches the login but cannot be used refuses
     * it, as sshd would not be running with it.
     */
    private synchronized LoginSettings judge(String username) {
        if (username.equals(judgedUser)) {
            return judgedSettings;
        }
        if (judgedUser != null) {
            // another user named (RFC 4252 allows it; sshd refuses it): the core starts the methods
            // again, and what a key brought for the first user does not pass to the second
            candidates.clear();
            stepKey = null;
            restrictions = null;
            matchedOptions = null;
            jaasLogin = null;
            passwordSubject = null;
        }
        InetSocketAddress peer = transport.getPeerName();
        InetAddress address = peer == null || peer.isUnresolved() ? null : peer.getAddress();
        LoginSettings settings = serverWide;
        String refusal;
        try {
            settings = MatchBlocks.settingsFor(matchBlocks.current(), serverWide, username, address,
                    transport.getLocalName());
            // allowUsers and denyUsers as the login's blocks left them, as sshd's Match AllowUsers
            refusal = settings.access().refusal(username, address);
        } catch (IOException | RuntimeException e) {
            refusal = "User " + username + " from " + (address == null ? "an unknown address" : address.getHostAddress())
                    + " not allowed because " + (e instanceof IOException ? "the match blocks cannot be read: " : "")
                    + e.getMessage();
        }
        if (refusal != null) {
            AUTH_LOG.log(Level.INFO, PeerText.printable(refusal, 512));
        }
        judgedUser = username;
        judgedAdmitted = refusal == null;
        judgedSettings = settings;
        return settings;
    }

    /** sshd's MaxAuthTries for this user, as the login's blocks leave it. */
    @Override
    public int getMaxAuthTries(String username) {
        return judge(username).maxAuthTries();
    }

    /** sshd's AuthenticationMethods for this user: from the first request that names them. */
    @Override
    public List<List<String>> getRequiredAuthentications(String username) {
        return judge(username).authenticationMethods();
    }

    /**
     * Shows the text of the login's {@code banner} file before authentication, when it has one
     * (sshd's Banner): {@code files} gives the current text of a file the settings name.
     */
    ApplianceServer withBanners(Function<String, Supplier<String>> files) {
        this.banners = files;
        return this;
    }

    /** Asks the users with a one-time code secret for their code by keyboard-interactive; null leaves it off. */
    ApplianceServer withOneTimeCodes(OneTimeCodes oneTimeCodes) {
        this.codes = oneTimeCodes;
        return this;
    }

    @Override
    public Optional<InteractiveQuery> checkAuthInteractive(String username, String submethods) {
        if (codes == null) {
            return Optional.empty();
        }
        // every user is asked, with a secret or not, so the prompt tells no one who has one
        return Optional.of(new InteractiveQuery("", "", List.of(new Prompt("Verification code: ", false))));
    }

    @Override
    public AuthResult checkAuthInteractiveResponse(String username, List<String> responses) {
        // a refused user's code is not spent
        if (!admitted(username) || codes == null || responses.size() != 1
                || !codes.accept(username, responses.get(0).strip(), Instant.now())) {
            return AuthResult.FAILED;
        }
        return AuthResult.SUCCESSFUL;
    }

    /** The banner of the login's settings, those of its match blocks included (sshd's Match Banner). */
    @Override
    public String getBanner(String username) {
        String file = judge(username).banner();
        String text = file == null ? null : read(banners.apply(file), "banner");
        return text == null || text.isEmpty() ? null : text;
    }

    @Override
    public List<String> getAllowedAuths(String username) {
        PasswordFile users = read(passwords, "users");
        List<String> methods = new ArrayList<>(List.of("publickey"));
        if (kerberos != null) {
            methods.add("gssapi-with-mic");
        }
        if (hostbased != null) {
            methods.add("hostbased");
        }
        if (jaas != null || users != null && !users.isEmpty()) {
            methods.add("password");
        }
        if (codes != null) {
            methods.add("keyboard-interactive");
        }
        return methods;
    }

    @Override
    public GSSCredential gssapiAcceptorCredential() {
        return kerberos == null ? null : kerberos.acceptor();
    }

    /** A principal Kerberos proved logs in when {@code gssapiUsers} allows it, without key restrictions. */
    @Override
    public AuthResult checkAuthGssapiWithMic(String username, String principal) {
        if (!admitted(username)) {
            return AuthResult.FAILED;
        }
        if (kerberos == null || !kerberos.allows(principal)) {
            LOG.log(Level.INFO, "Kerberos principal {0} refused for {1} from {2}", PeerText.printable(principal, 128),
                    PeerText.printable(username, 64), transport.getPeerName());
            return AuthResult.FAILED;
        }
        return AuthResult.SUCCESSFUL;
    }

    @Override
    public AuthResult checkAuthPassword(String username, String password) {
        JaasLogin realm = jaas;
        if (realm != null) {
            boolean admitted = admitted(username);
            // asked for a refused user too, as the users file is
            Optional<Subject> subject = realm.login(username, password, transport.getPeerName());
            if (!admitted || subject.isEmpty()) {
                return AuthResult.FAILED;
            }
            // in force once the step counts (authenticationSucceeded): the methods required may refuse it
            passwordSubject = new JaasSubject(username, subject.get());
            return AuthResult.SUCCESSFUL;
        }
        PasswordFile users = read(passwords, "users");
        boolean admitted = admitted(username);
        // the password is checked for a refused user too, so its time tells no one who is refused
        boolean verified = users != null && users.verify(username, password);
        return admitted && verified ? AuthResult.SUCCESSFUL : AuthResult.FAILED;
    }

    @Override
    public AuthResult checkAuthPublickey(String username, PublicKey key) {
        if (!admitted(username) || isRevoked(username, key)) {
            return AuthResult.FAILED;
        }
        Function<String, AuthorizedKeys> files = authorizedKeysOf(username);
        AuthorizedKeys keys = read(() -> files.apply(username), "authorized keys");
        if (key instanceof OpenSshCertificate certificate) {
            return checkCertificate(keys, username, certificate);
        }
        List<AuthorizedKey> entries = keys == null ? List.of() : keys.findAll(key);
        // every line for this key in turn, as sshd: one whose from= or expiry refuses does not end the search
        for (AuthorizedKey entry : entries) {
            KeyRestrictions granted = allowedNow(entry);
            if (granted != null) {
                return candidate(key, new Candidate(granted, entry.options()));
            }
        }
        JaasLogin realm = jaas;
        // a key no file lists, as Karaf's server asks its realm (etc/keys.properties); not where
        // no key may log in (authorizedKeys none, or a file that cannot be read)
        if (realm != null && entries.isEmpty() && keys != null && judge(username).authorizedKeys() != null) {
            return realmKey(realm, username, key);
        }
        return AuthResult.FAILED;
    }

    /**
     * Asks the realm about {@code key}: without options, and with the subject the realm logged in.
     * The signed request after an accepted query reuses the query's answer; past maxAuthTries
     * questions on one connection the realm is asked no more, since a query the server accepts
     * counts as no failure and anyone who knows a user's public key could make it work for
     * nothing.
     */
    private AuthResult realmKey(JaasLogin realm, String username, PublicKey key) {
        Candidate asked = candidates.get(key);
        if (asked != null && asked.jaas() != null) {
            return candidate(key, asked);
        }
        if (++realmKeyQuestions > judge(username).maxAuthTries()) {
            return AuthResult.FAILED;
        }
        Optional<Subject> subject = realm.login(username, key, transport.getPeerName());
        return subject.isPresent() ? candidate(key, new Candidate(UNRESTRICTED, List.of(), subject.get()))
                : AuthResult.FAILED;
    }

    /**
     * Keeps {@code key}'s options for when it proves itself. A second publickey step (sshd's
     * {@code publickey,publickey}) needs another key, a certificate of the same key not being one,
     * and the same options as the first: sshd merges two keys' options, and rather than guess at
     * that merge, keys whose lines differ are refused together.
     */
    private AuthResult candidate(PublicKey key, Candidate candidate) {
        if (stepKey != null) {
            if (stepKey.equals(plain(key))) {
                return AuthResult.FAILED;
            }
            if (!Objects.equals(candidate.restrictions(), restrictions)) {
                LOG.log(Level.INFO, "second key {0} refused from {1}: its authorized_keys options differ from the first's",
                        describe(key), transport.getPeerName());
                return AuthResult.FAILED;
            }
        }
        candidates.put(key, candidate);
        return AuthResult.SUCCESSFUL;
    }

    private static PublicKey plain(PublicKey key) {
        return key instanceof OpenSshCertificate certificate ? certificate.key() : key;
    }

    /**
     * A step succeeded: a key that proved itself in a publickey step brings its line's options;
     * any other method brings none (a hostbased step's host key none either, even one also
     * queried as a user key), and takes none away from a key step before it (as sshd keeps a
     * key's options when a password step follows).
     */
    @Override
    public void authenticationSucceeded(String username, String method, PublicKey key) {
        // first: judging a user not judged yet would clear what a key brought
        LoginSettings settings = judge(username);
        Candidate proven = key == null || !method.equals("publickey") ? null : candidates.get(key);
        if (proven != null) {
            stepKey = plain(key);
            restrictions = proven.restrictions();
            matchedOptions = proven.options();
            if (proven.jaas() != null) {
                jaasLogin = new JaasSubject(username, proven.jaas());
            }
        }
        candidates.clear();
        JaasSubject password = passwordSubject;
        passwordSubject = null;
        if (method.equals("password") && password != null && password.user().equals(username)) {
            jaasLogin = password;
        }
        if (settings != login) {
            // before the success goes out: the client's first channel finds them in force
            login = settings;
            settings.applyTo(transport);
        }
    }

    /** The authorized keys of a login by {@code username}: the server's file, or the one its match block names. */
    private Function<String, AuthorizedKeys> authorizedKeysOf(String username) {
        String file = judge(username).authorizedKeys();
        if (Objects.equals(file, serverWide.authorizedKeys())) {
            return authorizedKeys;
        }
        return keyFiles.authorizedKeys(file);
    }

    /**
     * The revoked keys a match block adds for a login by {@code username}, or null when it adds
     * none. They add to the server's: where sshd lets a {@code Match} block's RevokedKeys replace
     * the server's list, here no block brings back a key the server revoked.
     */
    private Supplier<RevokedKeys> blockRevokedKeysOf(String username) {
        String file = judge(username).revokedKeys();
        if (file == null || file.equals(serverWide.revokedKeys())) {
            return null;
        }
        return keyFiles.revokedKeys(file);
    }

    /**
     * Whether the revoked keys refuse {@code key} for a login by {@code username}, the server's
     * and those its match block adds (a certificate also by its serial, key ID or authority); when
     * either cannot be read, every key is refused, as sshd refuses them.
     */
    private boolean isRevoked(String username, PublicKey key) {
        Supplier<RevokedKeys> block = blockRevokedKeysOf(username);
        return isRevoked(revokedKeys, key) || block != null && isRevoked(block, key);
    }

    private boolean isRevoked(Supplier<RevokedKeys> file, PublicKey key) {
        RevokedKeys revoked = read(file, "revoked keys");
        if (revoked == null) {
            return true;
        }
        if (revoked.isRevoked(key)) {
            LOG.log(Level.INFO, "revoked key {0} refused from {1}", describe(key), transport.getPeerName());
            return true;
        }
        return false;
    }

    /** A key as operators name it: a certificate with its ID and serial, a plain key by fingerprint. */
    private static String describe(PublicKey key) {
        if (key instanceof OpenSshCertificate) {
            return key.toString();
        }
        try {
            return PublicKeyBlob.keyType(key) + " " + Fingerprint.sha256(key);
        } catch (InvalidKeyException e) {
            return key.getAlgorithm();
        }
    }

    /**
     * A user certificate logs in by a {@code cert-authority} line of its authority, the first that
     * allows it, as sshd tries them: the line's own {@code from=} and {@code expiry-time=}, then
     * the certificate's validity, principals and options ({@link CertificateAuthorization}).
     */
    private AuthResult checkCertificate(AuthorizedKeys keys, String username, OpenSshCertificate certificate) {
        List<AuthorizedKey> authorities = keys == null ? List.of() : keys.findAuthorities(certificate);
        InetSocketAddress peer = transport.getPeerName();
        for (AuthorizedKey authority : authorities) {
            KeyRestrictions line = allowedNow(authority);
            if (line == null) {
                continue;
            }
            try {
                KeyRestrictions granted = CertificateAuthorization.check(authority, line, certificate, username,
                        peer.getAddress(), Instant.now());
                // asked for the client's query too, before any signature: so not yet "accepted"
                LOG.log(Level.DEBUG, "certificate {0} acceptable for {1} from {2}", certificate,
                        PeerText.printable(username, 64), peer);
                return candidate(certificate, new Candidate(granted, authority.options()));
            } catch (ParseException e) {
                LOG.log(Level.INFO, "certificate {0} refused for {1} from {2}: {3}", certificate,
                        PeerText.printable(username, 64), peer, e.getMessage());
            }
        }
        if (authorities.isEmpty()) {
            LOG.log(Level.INFO, "certificate {0} from {1}: its authority is not trusted", certificate, peer);
        }
        return AuthResult.FAILED;
    }

    /** The line's restrictions when its options are usable and its from= and expiry allow this login, else null. */
    private KeyRestrictions allowedNow(AuthorizedKey entry) {
        KeyRestrictions granted;
        try {
            granted = KeyRestrictions.of(entry);
        } catch (ParseException e) {
            LOG.log(Level.WARNING, "authorized_keys entry with unusable options refused: {0}", e.getMessage());
            return null;
        }
        InetSocketAddress peer = transport.getPeerName();
        if (peer == null || !granted.allowsFrom(peer.getAddress(), null)) {
            LOG.log(Level.INFO, "key refused for {0}: not in its from= list", peer);
            return null;
        }
        if (granted.isExpiredAt(Instant.now())) {
            LOG.log(Level.INFO, "key refused for {0}: past its expiry-time", peer);
            return null;
        }
        return granted;
    }

    /**
     * A security key's flags against the line that let it in, as sshd judges them: the touch is
     * needed unless the line says {@code no-touch-required} (and, for a certificate, the
     * certificate's extension says so too), and user verification when the line says
     * {@code verify-required}. The last of {@code touch-required} and {@code no-touch-required} on a
     * line counts.
     */
    @Override
    public boolean checkSecurityKeyFlags(String username, PublicKey key, int flags) {
        Candidate candidate = candidates.get(key);
        if (candidate == null) {
            return false;
        }
        List<KeyOption> options = candidate.options();
        boolean touchNeeded = true;
        boolean verificationNeeded = false;
        for (KeyOption option : options) {
            switch (option.name()) {
                case "no-touch-required" -> touchNeeded = false;
                case "touch-required" -> touchNeeded = true;
                case "verify-required" -> verificationNeeded = true;
                default -> {
                    // not about the authenticator
                }
            }
        }
        if (key instanceof OpenSshCertificate certificate && !certificate.extensions().containsKey("no-touch-required")) {
            touchNeeded = true;
        }
        boolean enough = (!touchNeeded || (flags & USER_PRESENT) != 0)
                && (!verificationNeeded || (flags & USER_VERIFIED) != 0);
        if (!enough) {
            LOG.log(Level.INFO, "security key signature refused for {0}: {1}", transport.getPeerName(),
                    verificationNeeded && (flags & USER_VERIFIED) == 0 ? "the user was not verified (verify-required)"
                            : "the key was not touched");
        }
        return enough;
    }

    @Override
    public OpenChannelResult checkChannelRequest(String type, int channelId) {
        return "session".equals(type) ? OpenChannelResult.SUCCEEDED : OpenChannelResult.ADMINISTRATIVELY_PROHIBITED;
    }

    @Override
    public boolean checkChannelPtyRequest(Channel channel, PtyRequest request) {
        KeyRestrictions granted = restrictions;
        if (!login.pty() || granted != null && !granted.pty()) {
            return false;
        }
        if (request.term().length() > MAX_ENV_VALUE || request.term().indexOf('\0') >= 0) {
            return false; // TERM is a variable: the bounds of acceptEnv's values
        }
        if (!runner.terminals()) {
            // as sshd when it cannot allocate one: the client goes on without ("PTY allocation request failed")
            LOG.log(Level.INFO, "no pseudo-terminal for {0}: shell=os needs util-linux''s script(1)",
                    transport.getPeerName());
            return false;
        }
        SessionRequest session = request(channel);
        session.control.changeWindow(request.columns(), request.rows());
        session.pty = request;
        return true;
    }

    /** Moves the terminal's window; sshd also takes a change when the session has no pty, and ignores it. */
    @Override
    public boolean checkChannelWindowChangeRequest(Channel channel, int columns, int rows, int widthPixels,
            int heightPixels) {
        SessionRequest session = requests.get(channel.getId());
        if (session != null && session.pty != null) {
            session.control.changeWindow(columns, rows);
        }
        return true;
    }

    /**
     * Sends the command a signal, as sshd's {@code session_signal_req}: one of the names it knows,
     * to a command that runs as a process, not to a forced command nor a subsystem.
     */
    @Override
    public boolean checkChannelSignalRequest(Channel channel, String signal) {
        SessionRequest session = requests.get(channel.getId());
        if (session == null || session.forced) {
            LOG.log(Level.DEBUG, () -> "signal " + signal + " refused: " + (session == null ? "no command runs"
                    : "the command is forced"));
            return false;
        }
        return session.control.signal(signal);
    }

    @Override
    public boolean checkChannelEnvRequest(Channel channel, String name, String value) {
        // the names acceptEnv allows (sshd's AcceptEnv); and at most as many as sshd takes, of a
        // size locale names never reach, so a client cannot grow the map without bound
        if (name.length() <= MAX_ENV_NAME && value.length() <= MAX_ENV_VALUE && name.indexOf('=') < 0
                && name.indexOf('\0') < 0 && value.indexOf('\0') < 0 && !serverOwned(name) && accepted(name)) {
            Map<String, String> environment = request(channel).environment;
            if (environment.size() < MAX_ENV_VARIABLES || environment.containsKey(name)) {
                environment.put(name, value);
                return true;
            }
        }
        return false;
    }

    /**
     * The variables the server sets for a command, or whose value it must decide, which no client
     * sets whatever acceptEnv says: sshd sets the first ones after the client's (session.c
     * do_setup_env); the dynamic linker's would run the client's code; Gogo's {@code SCOPE} decides
     * which command a name runs.
     */
    private static boolean serverOwned(String name) {
        return SERVER_OWNED.contains(name) || name.startsWith("SSH_") || name.startsWith("LD_");
    }

    /** Whether {@code name} matches one of the {@code acceptEnv} patterns. */
    private boolean accepted(String name) {
        for (String pattern : login.acceptEnv()) {
            if (PatternLists.matchesPattern(name, pattern)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code ssh -A}: with {@code shell=os} the command finds the client's agent through
     * {@code SSH_AUTH_SOCK}, a socket relayed to the client; Gogo has no use for an agent. The
     * socket (a directory, a listener and its thread) is made when the command starts and goes
     * when it ends: made here, it outlived a channel closed without a command.
     */
    @Override
    public boolean checkChannelForwardAgentRequest(Channel channel) {
        KeyRestrictions granted = restrictions;
        if (!login.agentForwarding() || !runner.runsProcesses() || (granted != null && !granted.agentForwarding())) {
            return false;
        }
        request(channel).agentWanted = true;
        return true;
    }

    /**
     * {@code ssh -X}/{@code -Y} (RFC 4254 section 6.3.1): with {@code shell=os} and
     * {@code x11Forwarding} on, unless the key says {@code no-X11-forwarding} or {@code restrict},
     * the command gets a forwarded display ({@link SessionDisplay}); Gogo has no use for X. As sshd,
     * a protocol name or cookie that xauth should not be fed is refused, and a session gets one
     * display. The display and its authority file are made when the command starts and go when it
     * ends, as the agent socket.
     */
    @Override
    public boolean checkChannelX11Request(Channel channel, X11Request request) {
        KeyRestrictions granted = restrictions;
        X11Settings x11 = login.x11();
        if (!x11.enabled() || !runner.runsProcesses() || (granted != null && !granted.x11Forwarding())) {
            return false;
        }
        if (!SessionDisplay.acceptable(request)) {
            // the request's toString leaves the cookie out; so must every log line
            LOG.log(Level.INFO, "invalid X11 forwarding data from {0}: {1}", transport.getPeerName(),
                    PeerText.printable(request.toString(), 160));
            return false;
        }
        SessionRequest session = request(channel);
        if (session.started || session.x11 != null) {
            return false;
        }
        session.x11 = request;
        return true;
    }

    @Override
    public ServerForwarding forwarding() {
        return forwarding;
    }

    /**
     * sshd runs a key's forced command in place of a subsystem. A subsystem here is a handler, not
     * a command line, so it is refused instead, or a {@code command=} key could open an SFTP
     * session and read and write files its command was meant to keep it from.
     */
    @Override
    public boolean checkChannelSubsystemRequest(Channel channel, String name) {
        String forced = forcedCommandLine();
        if (forced == null) {
            return true;
        }
        if (LoginSettings.internalSftpOptions(forced) != null) {
            return name.equals("sftp");
        }
        LOG.log(Level.INFO, "subsystem {0} refused for {1}: {2} forces a command", PeerText.printable(name, 64),
                transport.getPeerName(), login.forceCommand() != null ? "forceCommand" : "the key");
        return false;
    }

    /**
     * The options of a forced {@code internal-sftp -R ...}, which sshd passes to its SFTP server:
     * the SFTP subsystem applies them to this login's session on top of the server's own settings.
     */
    @Override
    public List<String> getSubsystemArguments(Channel channel, String name) {
        List<String> options = name.equals("sftp") ? LoginSettings.internalSftpOptions(forcedCommandLine()) : null;
        return options == null ? List.of() : options;
    }

    /**
     * The command forced on this login as written, or null: the server's, else the authenticating
     * key's, as sshd's do_exec prefers ForceCommand to a key's command=.
     */
    private String forcedCommandLine() {
        String forceCommand = login.forceCommand();
        if (forceCommand != null) {
            return forceCommand;
        }
        KeyRestrictions granted = restrictions;
        return granted == null ? null : granted.forcedCommand().orElse(null);
    }

    @Override
    public boolean checkChannelShellRequest(Channel channel) {
        return start(channel, null);
    }

    @Override
    public boolean checkChannelExecRequest(Channel channel, String command) {
        return start(channel, command);
    }

    /**
     * Whom a session runs for: the logged-in user with the roles its settings give, or the subject
     * the realm logged in by password, if it logged in this user (a client may change its name
     * between steps).
     */
    private ShellLogin shellLogin() {
        String user = transport.getUsername();
        JaasSubject realmLogin = jaasLogin;
        return new ShellLogin(user, login.karafRoles(),
                realmLogin != null && realmLogin.user().equals(user) ? realmLogin.subject() : null,
                transport.getPeerName());
    }

    /** A password the JAAS realm accepted: for whom, and the subject it logged in. */
    private record JaasSubject(String user, Subject subject) {
    }

    /** Runs what the key forces, else what was asked: a registered command by first word, else the shell. */
    private boolean start(Channel channel, String requested) {
        SessionRequest request = request(channel);
        if (request.started) {
            return false;
        }
        request.started = true;
        Map<String, String> environment = new HashMap<>(request.environment);
        String command = requested;
        KeyRestrictions granted = restrictions;
        String forced = forcedCommandLine();
        if (forced != null) {
            request.forced = true;
            command = forced;
        }
        String original = forced != null ? requested : null;
        if (LoginSettings.internalSftpOptions(forced) != null) {
            // sshd's answer to a shell or command on an sftp-only login (session.c), on standard output
            LOG.log(Level.INFO, "Connection from {0}: refusing non-sftp session", transport.getPeerName());
            requests.remove(channel.getId());
            try {
                workers.execute(() -> {
                    try {
                        channel.getOutputStream().write(SFTP_ONLY);
                    } catch (IOException e) {
                        // the client went; finish says the rest to no one
                    }
                    OsCommand.finish(channel, 1, null, null);
                });
            } catch (RejectedExecutionException e) {
                return false; // the server is stopping
            }
            return true;
        }
        CommandHandler handler = command == null ? null : commands.apply(command.strip().split("\\s+", 2)[0]);
        if (handler == null && request.agentWanted) {
            try {
                request.agent = AgentSocket.open(transport);
                environment.put("SSH_AUTH_SOCK", request.agent.path().toString());
            } catch (IOException e) {
                // as sshd when it cannot make the socket: the command runs without an agent
                LOG.log(Level.WARNING, "cannot make the agent socket: {0}", e.getMessage());
            }
        }
        String toRun = command;
        Map<String, String> setEnv = login.setEnv();
        // the reply goes out before the command's first byte: the channel holds writes until then
        try {
            workers.execute(() -> {
                try {
                    if (handler != null) {
                        OsCommand.finish(channel, runHandler(handler, toRun, channel), null, null);
                    } else {
                        // on the worker: xauth is a process to wait for
                        openDisplay(request, environment);
                        // then the key's, the administrator's, and what a forced command replaced, in
                        // sshd's order (do_setup_env): after the agent's and the display's
                        if (granted != null) {
                            environment.putAll(keyEnvironment(granted.environment()));
                        }
                        environment.putAll(setEnv);
                        if (original != null) {
                            environment.put("SSH_ORIGINAL_COMMAND", original);
                        }
                        runner.run(channel, toRun, request.pty, request.control, Map.copyOf(environment),
                                shellLogin());
                    }
                } finally {
                    requests.remove(channel.getId());
                    request.closeForwardings();
                }
            });
        } catch (RejectedExecutionException e) {
            // the server is stopping: refused, and the agent socket made for it goes now
            requests.remove(channel.getId());
            request.closeForwardings();
            return false;
        }
        return true;
    }

    /**
     * The variables of a key's {@code environment=} options that permitUserEnvironment lets through,
     * as sshd's {@code do_setup_env}; those it drops are said on the console, since before that
     * setting every one counted.
     */
    private Map<String, String> keyEnvironment(Map<String, String> variables) {
        String allowed = login.userEnvironment();
        Map<String, String> kept = new HashMap<>();
        variables.forEach((name, value) -> {
            if (allowed != null && PatternLists.matches(name, allowed)) {
                kept.put(name, value);
            }
        });
        if (kept.size() < variables.size() && !userEnvironmentSaid) {
            // once per connection: a loop of ssh HOST CMD would repeat it for every command
            userEnvironmentSaid = true;
            List<String> dropped = variables.keySet().stream().filter(name -> !kept.containsKey(name)).sorted().toList();
            LOG.log(Level.WARNING, "the key of {0} sets {1} with environment=, which permitUserEnvironment does not allow:"
                    + " not set", transport.getPeerName(), dropped);
        }
        return kept;
    }

    /**
     * Gives the command its display when X11 forwarding was granted; when none can be made, the
     * command runs without {@code DISPLAY}, as sshd runs it when xauth fails.
     */
    private void openDisplay(SessionRequest request, Map<String, String> environment) {
        X11Request wanted = request.x11;
        if (wanted == null) {
            return;
        }
        try {
            SessionDisplay display = SessionDisplay.open(transport, wanted, login.x11());
            request.display = display;
            environment.putAll(display.environment());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "no X11 forwarding for {0}, the command runs without DISPLAY: {1}",
                    transport.getPeerName(), e.getMessage());
        }
    }

    private int runHandler(CommandHandler handler, String command, Channel channel) {
        try {
            return handler.execute(command, transport, channel);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "command " + command + " failed: " + e);
            return 1;
        }
    }

    private SessionRequest request(Channel channel) {
        SessionRequest known = requests.get(channel.getId());
        if (known != null) {
            return known;
        }
        SessionRequest created = new SessionRequest();
        known = requests.putIfAbsent(channel.getId(), created);
        if (known != null) {
            return known;
        }
        // dropped with its channel, which may close without ever running a command
        channel.whenClosed().thenRun(() -> requests.remove(channel.getId(), created));
        return created;
    }
}
