// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.amiko.HostKeyVerifier;

/**
 * Host key policies over a {@link KnownHosts} file, paramiko's RejectPolicy, WarningPolicy and
 * AutoAddPolicy as {@link HostKeyVerifier}s (RFC 4251 section 4.1 leaves the choice to the client;
 * these are the ones ssh offers as {@code StrictHostKeyChecking yes}, {@code no} and
 * {@code accept-new}):
 * <ul>
 * <li>{@link #reject}: only a key on file is trusted;</li>
 * <li>{@link #warn}: an unknown host's key is accepted with a warning, and not remembered;</li>
 * <li>{@link #autoAdd}: an unknown host's key is accepted, added and saved.</li>
 * </ul>
 * A changed key and a revoked key are refused by every policy. The host is looked up as the peer's
 * {@link InetSocketAddress#getHostString() host string} (the name connected to, or the address
 * when there was none; no reverse lookup) and port, so {@code [host]:port} lines apply. Decisions
 * are logged through {@link System.Logger} with the key's fingerprint, never the key.
 */
public final class KnownHostsVerifier implements HostKeyVerifier {
    private static final System.Logger LOG = System.getLogger(KnownHostsVerifier.class.getName());

    private enum Policy { REJECT, WARN, AUTO_ADD }

    private final KnownHosts knownHosts;
    private final Policy policy;
    private final boolean hashNewNames;
    private final RevokedKeys revoked;
    private final boolean learnAnnounced;
    /** Files read besides {@link #knownHosts}, never written (ssh's global and other user files). */
    private final List<KnownHosts> consulted;

    private KnownHostsVerifier(KnownHosts knownHosts, Policy policy, boolean hashNewNames, RevokedKeys revoked,
            boolean learnAnnounced, List<KnownHosts> consulted) {
        this.knownHosts = Objects.requireNonNull(knownHosts, "knownHosts");
        this.policy = policy;
        this.hashNewNames = hashNewNames;
        this.revoked = Objects.requireNonNull(revoked, "revoked");
        this.learnAnnounced = learnAnnounced;
        this.consulted = List.copyOf(consulted);
    }

    /**
     * This policy, reading {@code others} too and never writing them, as ssh reads
     * {@code GlobalKnownHostsFile} and the {@code UserKnownHostsFile}s after the first: a key is
     * judged against all the files together, as ssh's check_host_key judges the lines of them all.
     * A revocation in any file refuses the key; otherwise a key on file in any of them is trusted;
     * otherwise another key on file for the host in any of them is a changed key; only a host none
     * of them knows is unknown, and is learnt, under this policy, into the main file alone. Their
     * key types are offered first as the main file's are.
     *
     * @since 1.7
     */
    public KnownHostsVerifier withConsulted(List<KnownHosts> others) {
        List<KnownHosts> all = new ArrayList<>(consulted);
        all.addAll(others);
        return new KnownHostsVerifier(knownHosts, policy, hashNewNames, revoked, learnAnnounced, all);
    }

    /** The host's key judged against the main file and the consulted ones together (see {@link #withConsulted}). */
    private HostKeyStatus match(String host, int port, PublicKey key) {
        return stronger(knownHosts.match(host, port, key), matchConsulted(host, port, key));
    }

    /**
     * The consulted files' verdict alone. Taken outside the main file's lock: each file locks
     * itself, and verifiers that consult each other's main files must not take two locks in turn.
     */
    private HostKeyStatus matchConsulted(String host, int port, PublicKey key) {
        HostKeyStatus combined = HostKeyStatus.UNKNOWN;
        for (KnownHosts other : consulted) {
            combined = stronger(combined, other.match(host, port, key));
        }
        return combined;
    }

    /**
     * Of two files' verdicts on one key, the one ssh acts on, as {@link KnownHosts#matchCertificate}
     * decides within one file: revoked, then trusted (a plain key on file outweighs a certificate
     * that is not valid), invalid, changed, unknown.
     */
    private static HostKeyStatus stronger(HostKeyStatus a, HostKeyStatus b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(HostKeyStatus status) {
        return switch (status) {
            case REVOKED -> 4;
            case TRUSTED -> 3;
            case CERTIFICATE_INVALID -> 2;
            case CHANGED -> 1;
            case UNKNOWN -> 0;
        };
    }

    /**
     * This policy, also keeping the host's keys on file in step with the keys its server announces
     * after authentication (OpenSSH PROTOCOL section 2.5, ssh's {@code UpdateHostKeys yes}): when
     * this connection's host key is a plain key on file, the server's other keys missing from the
     * file are added once the server has proven it holds them, and the host's keys on file that
     * the server no longer announces are removed; the file is saved if it was loaded from one.
     * Removal follows ssh's caution: none when a line for the host has a marker, a wildcard or
     * more than two names, when such a key is on file under another name too, or when the server
     * announced a key of a type this client cannot read. The keys change on the connection's
     * worker shortly after login, so a caller that must know when the file no longer changes wraps
     * {@link #hostKeysUpdated} (as {@code SshClient} does).
     */
    public KnownHostsVerifier withHostKeyUpdates() {
        return new KnownHostsVerifier(knownHosts, policy, hashNewNames, revoked, true, consulted);
    }

    @Override
    public List<PublicKey> hostKeysToLearn(SocketAddress peer, PublicKey sessionKey, List<PublicKey> announced) {
        if (!updatable(peer, sessionKey)) {
            return List.of();
        }
        InetSocketAddress address = (InetSocketAddress) peer;
        String host = address.getHostString();
        int port = address.getPort();
        List<PublicKey> onFile = knownHosts.keysFor(host, port);
        List<PublicKey> learn = new ArrayList<>();
        for (PublicKey key : announced) {
            if (!(key instanceof OpenSshCertificate) && !onFile.contains(key) && !revoked.isRevoked(key)
                    && match(host, port, key) != HostKeyStatus.REVOKED) {
                learn.add(key);
            }
        }
        return learn;
    }

    /** Whether updates are on and this connection's host key is a plain key on file for the peer. */
    private boolean updatable(SocketAddress peer, PublicKey sessionKey) {
        if (!learnAnnounced || !(peer instanceof InetSocketAddress address) || sessionKey instanceof OpenSshCertificate) {
            return false; // ssh does not update a host it knows by a certificate
        }
        return knownHosts.match(address.getHostString(), address.getPort(), sessionKey) == HostKeyStatus.TRUSTED;
    }

    @Override
    public void hostKeysProven(SocketAddress peer, List<PublicKey> proven) {
        if (learnAnnounced && peer instanceof InetSocketAddress address && learn(address, proven)) {
            save(HostPatterns.hostPort(address.getHostString(), address.getPort()));
        }
    }

    @Override
    public void hostKeysUpdated(SocketAddress peer, PublicKey sessionKey, List<PublicKey> announced,
            List<PublicKey> proven) {
        // a server that does not name the key it has just used is not telling the whole story
        if (!updatable(peer, sessionKey) || !announced.contains(sessionKey)) {
            return;
        }
        InetSocketAddress address = (InetSocketAddress) peer;
        boolean changed = learn(address, proven);
        changed |= forgetDropped(address, announced);
        if (changed) {
            save(HostPatterns.hostPort(address.getHostString(), address.getPort()));
        }
    }

    /** Adds the proven keys the file lacks; whether any was added. */
    private boolean learn(InetSocketAddress address, List<PublicKey> proven) {
        String host = address.getHostString();
        int port = address.getPort();
        String name = HostPatterns.hostPort(host, port);
        boolean added = false;
        synchronized (knownHosts) {
            // as the host's line on file is, so are its new ones: a hashed file stays hashed
            boolean hashed = hashNewNames || knownHosts.entries().stream().anyMatch(entry -> entry.isHashed()
                    && entry.marker() == KnownHostEntry.Marker.NONE && entry.matches(host, port));
            for (PublicKey key : proven) {
                if (knownHosts.keysFor(host, port).contains(key)) {
                    continue; // another connection learnt it meanwhile
                }
                try {
                    knownHosts.add(host, port, key, hashed);
                    added = true;
                    LOG.log(Level.INFO, "learnt the {0} host key of {1}: {2}", PublicKeyBlob.keyType(key), name,
                            Fingerprint.sha256(key));
                } catch (InvalidKeyException | IllegalArgumentException e) {
                    LOG.log(Level.WARNING, "announced host key of {0} not learnt: {1}", name, e.getMessage());
                }
            }
        }
        return added;
    }

    /**
     * Removes the host's keys on file that the server no longer announces, unless ssh's
     * clientloop.c would hold back: a line for the host with a marker, a wildcard or more than
     * two names (ssh writes only {@code host} and {@code host,address}), or such a key also on
     * file under another name, which removing its line would take from that name too.
     */
    private boolean forgetDropped(InetSocketAddress address, List<PublicKey> announced) {
        String host = address.getHostString();
        int port = address.getPort();
        String name = HostPatterns.hostPort(host, port);
        synchronized (knownHosts) {
            List<PublicKey> dropped = knownHosts.keysFor(host, port).stream()
                    .filter(key -> !announced.contains(key)).toList();
            if (dropped.isEmpty()) {
                return false;
            }
            for (KnownHostEntry entry : knownHosts.entries()) {
                boolean forHost = entry.matches(host, port);
                if (forHost && (entry.marker() != KnownHostEntry.Marker.NONE || isComplex(entry.hosts()))
                        || !forHost && dropped.contains(entry.key())) {
                    LOG.log(Level.DEBUG, "host keys of {0} no longer announced kept: line {1} is {2}", name,
                            entry.lineNumber(), forHost ? "not one ssh would rewrite" : "for another host");
                    return false;
                }
            }
            for (PublicKey key : dropped) {
                knownHosts.remove(host, port, key);
                try {
                    LOG.log(Level.INFO, "removed the {0} host key of {1} that its server no longer has: {2}",
                            PublicKeyBlob.keyType(key), name, Fingerprint.sha256(key));
                } catch (InvalidKeyException e) {
                    // read from known_hosts, so it has an SSH type; only the log line is lost
                }
            }
            return true;
        }
    }

    /** A host field ssh's UpdateHostKeys leaves alone: wildcards, or more than {@code host,address}. */
    private static boolean isComplex(String hosts) {
        return hosts.indexOf('*') >= 0 || hosts.indexOf('?') >= 0 || hosts.chars().filter(c -> c == ',').count() > 1;
    }

    /** Saves the file the known hosts came from; one parsed from text keeps its keys in memory. */
    private void save(String name) {
        try {
            knownHosts.save();
        } catch (IllegalStateException e) {
            // parsed from text: kept in memory only, which is all the caller asked for
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not save the known hosts after adding keys of {0}: {1}", name, e.toString());
        }
    }

    /**
     * This policy, refusing also the host keys {@code revoked} lists (ssh's {@code RevokedHostKeys}):
     * a listed key, or a certificate whose authority, serial or key ID is listed, is refused
     * whatever known_hosts says.
     */
    public KnownHostsVerifier withRevokedKeys(RevokedKeys revoked) {
        return new KnownHostsVerifier(knownHosts, policy, hashNewNames, revoked, learnAnnounced, consulted);
    }

    /**
     * This policy, hashing the host names of the lines it adds, as ssh's {@code HashKnownHosts
     * yes}: an unknown host's key accepted under {@link #autoAdd}, and the keys learnt after login
     * ({@link #withHostKeyUpdates}).
     *
     * @since 1.9
     */
    public KnownHostsVerifier withHashedNames() {
        return new KnownHostsVerifier(knownHosts, policy, true, revoked, learnAnnounced, consulted);
    }

    /** Trusts only keys on file: unknown, changed and revoked keys are refused. */
    public static KnownHostsVerifier reject(KnownHosts knownHosts) {
        return new KnownHostsVerifier(knownHosts, Policy.REJECT, false, RevokedKeys.none(), false, List.of());
    }

    /**
     * Accepts an unknown host's key with a warning in the log, without remembering it. This gives
     * no protection on a first connection; changed and revoked keys are still refused.
     */
    public static KnownHostsVerifier warn(KnownHosts knownHosts) {
        return new KnownHostsVerifier(knownHosts, Policy.WARN, false, RevokedKeys.none(), false, List.of());
    }

    /** Accepts an unknown host's key, adds it under the plain host name and saves the file. */
    public static KnownHostsVerifier autoAdd(KnownHosts knownHosts) {
        return autoAdd(knownHosts, false);
    }

    /**
     * Accepts an unknown host's key, adds it (the name hashed if {@code hashed}, as with
     * {@code HashKnownHosts yes}) and saves the file if the instance was loaded from one. If saving
     * fails the key is still accepted for this process, and the failure is logged.
     */
    public static KnownHostsVerifier autoAdd(KnownHosts knownHosts, boolean hashed) {
        return new KnownHostsVerifier(knownHosts, Policy.AUTO_ADD, hashed, RevokedKeys.none(), false, List.of());
    }

    /**
     * The types of the host's keys on file, and the certificate types when an authority is on file
     * for it, as ssh's order_hostkeyalgs prefers them.
     */
    @Override
    public List<String> knownKeyTypes(SocketAddress peer) {
        if (!(peer instanceof InetSocketAddress address)) {
            return List.of();
        }
        List<KnownHosts> files = new ArrayList<>(List.of(knownHosts));
        files.addAll(consulted);
        Set<String> types = new LinkedHashSet<>();
        if (files.stream().anyMatch(file -> file.hasAuthorityFor(address.getHostString(), address.getPort()))) {
            for (KeyType type : KeyType.values()) {
                types.add(type.sshName() + OpenSshCertificate.SUFFIX);
            }
        }
        for (KnownHosts file : files) {
            for (PublicKey key : file.keysFor(address.getHostString(), address.getPort())) {
                try {
                    types.add(PublicKeyBlob.keyType(key));
                } catch (InvalidKeyException e) {
                    // a key of no SSH type cannot be offered anyway
                }
            }
        }
        return List.copyOf(types);
    }

    @Override
    public boolean isTrusted(SocketAddress peer, String keyType, PublicKey key) {
        if (!(peer instanceof InetSocketAddress address)) {
            LOG.log(Level.WARNING, "host key refused: peer {0} is not an internet address", peer);
            return false;
        }
        String host = address.getHostString();
        int port = address.getPort();
        String name = HostPatterns.hostPort(host, port);
        // a certificate is known by its key: the one logged, and the one learnt when new
        PublicKey plain = key instanceof OpenSshCertificate certificate ? certificate.key() : key;
        String fingerprint;
        try {
            fingerprint = PublicKeyBlob.keyType(plain) + " " + Fingerprint.sha256(plain);
        } catch (InvalidKeyException e) {
            LOG.log(Level.WARNING, "host key of {0} refused: {1}", name, e.getMessage());
            return false;
        }
        if (revoked.isRevoked(key)) {
            LOG.log(Level.ERROR, "host key for {0} is in the revoked host keys: {1}", name, fingerprint);
            return false;
        }
        HostKeyStatus status = match(host, port, key);
        switch (status) {
            case TRUSTED:
                return true;
            case REVOKED:
                LOG.log(Level.ERROR, "host key for {0} is marked as revoked: {1}", name, fingerprint);
                return false;
            case CERTIFICATE_INVALID:
                LOG.log(Level.ERROR, "host certificate {0} of {1} ({2}) is not valid for it", key, name, fingerprint);
                return false;
            case CHANGED:
                LOG.log(Level.ERROR, "REMOTE HOST IDENTIFICATION HAS CHANGED for {0}: it offered {1},"
                        + " which is not the key on file; someone could be eavesdropping", name, fingerprint);
                return false;
            default:
                // an unknown authority's certificate: ssh goes on with the plain key, and learns that
                return unknown(host, port, name, plain, fingerprint);
        }
    }

    private boolean unknown(String host, int port, String name, PublicKey key, String fingerprint) {
        switch (policy) {
            case REJECT:
                LOG.log(Level.WARNING, "no known host key for {0}; {1} refused", name, fingerprint);
                return false;
            case WARN:
                LOG.log(Level.WARNING, "unknown host key for {0} accepted without checking: {1}", name, fingerprint);
                return true;
            default:
                // Two sessions may meet the same new host at once: check again under the lock, so
                // the second one sees the first one's key rather than adding its own. Only the main
                // file is written, so only its verdict can have changed.
                HostKeyStatus elsewhere = matchConsulted(host, port, key);
                synchronized (knownHosts) {
                    HostKeyStatus now = stronger(knownHosts.match(host, port, key), elsewhere);
                    if (now != HostKeyStatus.UNKNOWN) {
                        return now == HostKeyStatus.TRUSTED;
                    }
                    try {
                        knownHosts.add(host, port, key, hashNewNames);
                    } catch (InvalidKeyException | IllegalArgumentException e) {
                        LOG.log(Level.WARNING, "host key of {0} refused: {1}", name, e.getMessage());
                        return false;
                    }
                }
                LOG.log(Level.INFO, "permanently added {0} to the known hosts: {1}", name, fingerprint);
                save(name);
                return true;
        }
    }
}
