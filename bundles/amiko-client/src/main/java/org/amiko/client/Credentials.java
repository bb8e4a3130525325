// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.amiko.AuthenticationException;
import org.amiko.DisconnectException;
import org.amiko.PartialAuthenticationException;
import org.amiko.Transport;
import org.amiko.agent.AgentClient;
import org.amiko.agent.AgentIdentity;
import org.amiko.keys.KeyFiles;
import org.amiko.keys.OpenSshCertificate;
import org.amiko.keys.PublicKeyBlob;

/**
 * The credentials {@link SshClient} logs in with, in paramiko's order: Kerberos when asked, the
 * keys given and the identity files, the agent's keys (with {@code IdentitiesOnly}, only its copies
 * of those), the default key files, then the password. Key files and agents follow ssh's rules: a
 * key file that others may read is refused, a public key names a key an agent holds, and a key
 * already offered is not offered again from the agent or a default file.
 */
final class Credentials {
    private static final System.Logger LOG = System.getLogger("org.amiko.client");

    private Credentials() {}

    /**
     * The keys of an identity file, or none when it is missing, unreadable, unprotected or
     * undecryptable, or a public key (which names a key an agent holds, for {@code IdentitiesOnly}).
     */
    static List<KeyPair> identities(Path file, char[] passphrase) {
        if (!Files.isReadable(file)) {
            LOG.log(Level.DEBUG, "no identity file {0}", file);
            return List.of();
        }
        if (isPublicKeyFile(file)) {
            LOG.log(Level.DEBUG, "identity file {0} is a public key: only an agent''s copy of its key can sign", file);
            return List.of();
        }
        if (readableByOthers(file)) {
            // ssh's "UNPROTECTED PRIVATE KEY FILE": a key others can read is no one's secret
            LOG.log(Level.WARNING, "identity file {0} is readable by others; it is not used", file);
            return List.of();
        }
        try {
            return KeyFiles.loadWithCertificate(file, passphrase);
        } catch (IOException | GeneralSecurityException e) {
            LOG.log(Level.DEBUG, "skipping {0}: {1}", file, e.getMessage());
            return List.of();
        }
    }

    /**
     * The user certificates of a host's CertificateFiles; one that is missing or holds no user
     * certificate is left out, as ssh goes on without it.
     */
    static List<OpenSshCertificate> certificates(List<Path> files) {
        List<OpenSshCertificate> certificates = new ArrayList<>();
        for (Path file : files) {
            try {
                if (KeyFiles.publicKey(file) instanceof OpenSshCertificate certificate
                        && certificate.kind() == OpenSshCertificate.Kind.USER) {
                    certificates.add(certificate);
                } else {
                    LOG.log(Level.DEBUG, "certificate file {0} holds no user certificate", file);
                }
            } catch (IOException | GeneralSecurityException e) {
                LOG.log(Level.DEBUG, "no certificate in {0}: {1}", file, e.getMessage());
            }
        }
        return certificates;
    }

    /**
     * {@code keys} with each certificate placed before the key pair whose key it certifies, as
     * ssh offers a CertificateFile with its IdentityFile's key.
     */
    private static List<KeyPair> withCertificates(List<KeyPair> keys, List<OpenSshCertificate> certificates) {
        List<KeyPair> paired = new ArrayList<>();
        for (KeyPair key : keys) {
            if (!(key.getPublic() instanceof OpenSshCertificate)) {
                for (OpenSshCertificate certificate : certificates) {
                    if (certifies(certificate, key.getPublic())) {
                        paired.add(new KeyPair(certificate, key.getPrivate()));
                    }
                }
            }
            paired.add(key);
        }
        return paired;
    }

    /** Whether {@code certificate} certifies {@code key}, a plain key. */
    private static boolean certifies(OpenSshCertificate certificate, PublicKey key) {
        Optional<ByteBuffer> certified = plainBlob(certificate);
        return certified.isPresent() && certified.equals(blob(key));
    }

    private static boolean isPublicKeyFile(Path file) {
        try {
            return KeyFiles.isPublicKeyFile(file);
        } catch (IOException e) {
            return false; // the key file's own reading says what is wrong
        }
    }

    private static boolean readableByOthers(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            return permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)
                    || permissions.contains(PosixFilePermission.GROUP_WRITE)
                    || permissions.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * The keys that {@code IdentitiesOnly} lets the agent offer, as plain key blobs: those of the
     * keys to try, and the public keys of the host's IdentityFiles (ssh's default identity files,
     * security keys' too, when it names none) read without a passphrase ({@link KeyFiles#publicKey}),
     * so that the agent's copy of a key whose file is encrypted, or held in a token, is used, as
     * ssh uses it.
     */
    static Set<ByteBuffer> identityKeys(HostConfig host, ConnectOptions options) {
        Set<ByteBuffer> blobs = new HashSet<>();
        for (KeyPair key : options.keys()) {
            plainBlob(key.getPublic()).ifPresent(blobs::add);
        }
        List<Path> files = host.identityFiles();
        if (files.isEmpty() && options.lookForKeys()) {
            files = new ArrayList<>(defaultKeyFiles());
            Path ssh = files.get(0).getParent();
            files.addAll(List.of(ssh.resolve("id_ecdsa_sk"), ssh.resolve("id_ed25519_sk")));
        }
        for (Path file : files) {
            try {
                plainBlob(KeyFiles.publicKey(file)).ifPresent(blobs::add);
            } catch (IOException | GeneralSecurityException e) {
                LOG.log(Level.DEBUG, "no public key for {0}: {1}", file, e.getMessage());
            }
        }
        return blobs;
    }

    /** The blob of the plain key of {@code key} (a certificate's certified key). */
    private static Optional<ByteBuffer> plainBlob(PublicKey key) {
        return blob(key instanceof OpenSshCertificate certificate ? certificate.key() : key);
    }

    /** The blob of {@code key} as it goes on the wire, a certificate's its own; empty for a key of no SSH type. */
    private static Optional<ByteBuffer> blob(PublicKey key) {
        try {
            return Optional.of(ByteBuffer.wrap(PublicKeyBlob.encode(key)));
        } catch (InvalidKeyException e) {
            return Optional.empty();
        }
    }

    /**
     * The default identity files this client tries, Ed25519 first, as paramiko's look_for_keys
     * (ssh tries RSA first); not the security keys' ({@code id_*_sk}), which need their token to sign.
     */
    private static List<Path> defaultKeyFiles() {
        Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
        return List.of(ssh.resolve("id_ed25519"), ssh.resolve("id_ecdsa"), ssh.resolve("id_rsa"));
    }

    /**
     * Tries the credentials, method by method in the order given: {@code gssapi-with-mic}
     * (Kerberos), {@code publickey} (the keys given, the agent's, the default key files; a key
     * already offered is not offered again), {@code password} and {@code keyboard-interactive}
     * (the password, as the answer to the one prompt that asks for it). The password goes only to
     * a method the server still lists, once the server has listed its methods.
     *
     * @param methods the methods to try, in order ({@link HostConfig#authentications()})
     * @param agentKeys the plain key blobs of the agent keys that may be tried, or null for all
     * @param agentSocket the agent to ask, or null for none
     * @param certificates certificates (a host's CertificateFiles) to offer with the keys they
     *     certify, given, from the agent or from a default file
     * @return the key held here that completed the login, or null when another method or the
     *     agent's key did
     */
    static UsedKey authenticate(Transport transport, String host, String user, ConnectOptions options,
            List<String> methods, Set<ByteBuffer> agentKeys, Path agentSocket, List<OpenSshCertificate> certificates)
            throws IOException {
        Attempts attempts = new Attempts();
        // a partial success (sshd's AuthenticationMethods) starts the methods over, the keys
        // offered again, as ssh's pubkey_reset: a step the server wanted later may come next
        for (int pass = 0; pass == 0 || attempts.partial && pass < MAX_PASSES; pass++) {
            attempts.startPass();
            if (tryMethods(transport, host, user, options, methods, agentKeys, agentSocket, certificates, attempts)) {
                return attempts.usedKey;
            }
        }
        throw attempts.nothingAccepted(user);
    }

    /**
     * A key held here that completed a login, with the default key file it was read from, or
     * null for one given (an IdentityFile's among them).
     */
    record UsedKey(KeyPair key, Path file) {}

    /** How often a login's methods are gone through, each after a partial success: more steps than any list has. */
    private static final int MAX_PASSES = 8;

    /** One pass over the methods; whether one completed the login. */
    private static boolean tryMethods(Transport transport, String host, String user, ConnectOptions options,
            List<String> methods, Set<ByteBuffer> agentKeys, Path agentSocket, List<OpenSshCertificate> certificates,
            Attempts attempts) throws IOException {
        for (String method : methods) {
            boolean done = switch (method) {
                case "gssapi-with-mic" -> attempts.serverTakes(method)
                        && attempts.succeeds("kerberos", () -> transport.authGssapiWithMic(user, host, null));
                case "publickey" -> publicKeySucceeds(transport, user, options, agentKeys, agentSocket, certificates,
                        attempts);
                case "password", "keyboard-interactive" -> options.password() != null
                        && passwordSucceeds(transport, user, method, options.password(), methods, attempts);
                default -> throw new IllegalArgumentException("not a login method this client offers: " + method);
            };
            if (done) {
                return true;
            }
        }
        return false;
    }

    /**
     * The password, once per login, to the method the server takes it by: {@code password} where
     * the server lists it, else {@code keyboard-interactive}'s one hidden prompt (paramiko's
     * fallback). Before anything has told which methods the server lists, {@code none} asks, as
     * ssh always asks first, so the password never goes to a server that does not take it.
     */
    private static boolean passwordSucceeds(Transport transport, String user, String method, String password,
            List<String> methods, Attempts attempts) throws IOException {
        if (attempts.passwordSent) {
            return false;
        }
        if (attempts.allowed == null) {
            try {
                if (transport.authNone(user).isEmpty()) {
                    return true; // the server lets this user in without a credential
                }
            } catch (AuthenticationException e) {
                attempts.heard(e);
            }
        }
        if (!attempts.serverTakes(method)) {
            return false;
        }
        if (method.equals("password")) {
            attempts.passwordSent = true;
            return attempts.succeeds(method, () -> transport.authPassword(user, password));
        }
        if (methods.contains("password") && attempts.serverTakes("password")) {
            return false; // the password method has it, or will, where the order puts it
        }
        attempts.passwordSent = true;
        return attempts.succeeds(method, () -> transport.authInteractive(user, new PasswordPrompt(password)));
    }

    /** The publickey method: the keys given, the agent's, the default key files; whether one completed the login. */
    private static boolean publicKeySucceeds(Transport transport, String user, ConnectOptions options,
            Set<ByteBuffer> agentKeys, Path agentSocket, List<OpenSshCertificate> certificates, Attempts attempts)
            throws IOException {
        for (KeyPair key : withCertificates(options.keys(), certificates)) {
            // the same key twice (a certificate beside its key and in a CertificateFile, say) is
            // offered once; none where the server has said it takes no key (more refusals count)
            if (attempts.serverTakes("publickey") && attempts.firstOffer(key.getPublic(), true)
                    && attempts.succeeds("key", () -> transport.authPublickey(user, key))) {
                attempts.usedKey = new UsedKey(key, null);
                return true;
            }
        }
        if (options.allowAgent() && agentSocket != null && attempts.serverTakes("publickey")
                && agentSucceeds(transport, user, agentSocket, agentKeys, certificates, attempts)) {
            return true;
        }
        if (options.lookForKeys() && attempts.serverTakes("publickey")) {
            for (Path file : defaultKeyFiles()) {
                String name = file.getFileName().toString();
                // read as an IdentityFile is: one that others can read is not used, as ssh refuses it
                for (KeyPair key : withCertificates(identities(file, options.passphrase()), certificates)) {
                    // given, or the agent's: offered already
                    if (attempts.serverTakes("publickey") && attempts.firstOffer(key.getPublic(), true) && attempts.succeeds(
                            key.getPublic() instanceof OpenSshCertificate ? name + "-cert" : name,
                            () -> transport.authPublickey(user, key))) {
                        attempts.usedKey = new UsedKey(key, file);
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * The agent's keys that may be tried ({@code agentKeys}, or all), each after a certificate of
     * it from {@code certificates}, the agent signing; whether one completed the login.
     */
    private static boolean agentSucceeds(Transport transport, String user, Path agentSocket, Set<ByteBuffer> agentKeys,
            List<OpenSshCertificate> certificates, Attempts attempts) throws IOException {
        AgentClient agent = null;
        List<AgentIdentity> identities = List.of();
        try {
            agent = AgentClient.connect(agentSocket);
            // as ssh: first bound to this session, so destination-constrained keys are judged for this host
            if (transport.getSessionBinding().isPresent()) {
                agent.bindSession(transport.getSessionBinding().get(), false);
            }
            identities = agent.identities();
        } catch (IOException e) {
            // an agent that cannot be reached, or answers what no agent would, is no agent
            LOG.log(Level.DEBUG, "no agent at {0}: {1}", agentSocket, e.getMessage());
        }
        try {
            for (AgentIdentity identity : identities) {
                if (!attempts.serverTakes("publickey")) {
                    break;
                }
                if (identity.key() == null || !attempts.firstOffer(identity.key(), false)
                        || agentKeys != null && !plainBlob(identity.key()).map(agentKeys::contains).orElse(false)) {
                    continue;
                }
                // a CertificateFile's certificate of this key first, the agent signing with the key
                List<PublicKey> candidates = new ArrayList<>();
                for (OpenSshCertificate certificate : certificates) {
                    if (certifies(certificate, identity.key()) && attempts.firstOffer(certificate, false)) {
                        candidates.add(certificate);
                    }
                }
                candidates.add(identity.key());
                AgentClient signer = agent;
                for (PublicKey candidate : candidates) {
                    String name = candidate instanceof OpenSshCertificate ? "agent key's certificate" : "agent key";
                    try {
                        if (attempts.succeeds(name, () -> transport.authPublickey(user, candidate,
                                (key, algorithm, data) -> signer.sign(identity.key(), algorithm, data)))) {
                            return true;
                        }
                    } catch (DisconnectException e) {
                        throw e;
                    } catch (IOException e) {
                        if (!transport.isActive()) {
                            throw e;
                        }
                        // the agent would not sign (a key it must confirm, a token nobody touched):
                        // the next key, as ssh goes on after "agent refused operation", not this
                        // key again for its other offer, which would ask once more
                        LOG.log(Level.DEBUG, "the agent did not sign: {0}", e.getMessage());
                        attempts.tried.add(name + " (not signed)");
                        break;
                    }
                }
            }
            return false;
        } finally {
            closeQuietly(agent);
        }
    }

    /** One login's attempts: the keys offered, what was tried, and what the server last allowed. */
    private static final class Attempts {
        /** Keys offered so far, by blob: each refusal counts against the server's MaxAuthTries. */
        private final Set<ByteBuffer> offered = new HashSet<>();
        /** What was tried and refused, in order, for the error. */
        final List<String> tried = new ArrayList<>();
        /**
         * The methods the server last said can continue, or null before it has said: a failure
         * on this side (Kerberos without a ticket, say) says nothing about them.
         */
        private List<String> allowed;
        /** Whether the password has gone to the server, by either method: it goes once. */
        private boolean passwordSent;
        /** Whether a step succeeded in part during this pass. */
        private boolean partial;
        /** The key held here that completed the login, if one did. */
        private UsedKey usedKey;

        /** A new pass over the methods: the keys may be offered again. */
        void startPass() {
            partial = false;
            offered.clear();
        }

        /** One request to the server; its answer is the methods still wanted. */
        @FunctionalInterface
        interface Request {
            List<String> send() throws IOException;
        }

        /**
         * Whether {@code key} is offered here for the first time, and counts it offered.
         *
         * @param unencodable what to say of a key that has no blob
         */
        boolean firstOffer(PublicKey key, boolean unencodable) {
            return blob(key).map(offered::add).orElse(unencodable);
        }

        /**
         * Sends {@code request}; true when it completed the login. A refusal, or a partial success
         * (the next credential may complete it), is recorded under {@code name}.
         */
        boolean succeeds(String name, Request request) throws IOException {
            try {
                requireComplete(request.send());
                return true;
            } catch (AuthenticationException e) {
                heard(e);
                partial |= e instanceof PartialAuthenticationException;
                tried.add(name);
                return false;
            }
        }

        /** Takes note of the methods a refusal lists. */
        void heard(AuthenticationException refusal) {
            if (!refusal.getAllowedMethods().isEmpty()) {
                allowed = refusal.getAllowedMethods();
            }
        }

        /**
         * Whether the server may take {@code method}: it listed it when it last refused, or it has
         * not refused anything yet.
         */
        boolean serverTakes(String method) {
            return allowed == null || allowed.contains(method);
        }

        /** The error when nothing was accepted: what was tried, and what the server still takes. */
        AuthenticationException nothingAccepted(String user) {
            return new AuthenticationException("no credential was accepted for " + user + " (tried "
                    + String.join(", ", tried.isEmpty() ? List.of("nothing") : tried) + ")",
                    allowed == null ? List.of() : allowed);
        }
    }

    private static void closeQuietly(AgentClient agent) {
        if (agent != null) {
            try {
                agent.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing the agent connection: {0}", e.getMessage());
            }
        }
    }

    private static void requireComplete(List<String> methodsLeft) throws PartialAuthenticationException {
        if (!methodsLeft.isEmpty()) {
            throw new PartialAuthenticationException(methodsLeft);
        }
    }
}
