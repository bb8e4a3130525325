// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.connection;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.amiko.AlgorithmFamily;
import org.amiko.HostKeyVerifier;
import org.amiko.core.AlgorithmCatalog;
import org.amiko.core.internal.io.Workers;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.amiko.spi.wire.WireFormatException;
import org.amiko.spi.wire.WireReader;
import org.amiko.spi.wire.WireWriter;

/**
 * The client's side of OpenSSH's host key rotation (PROTOCOL section 2.5, ssh's
 * {@code UpdateHostKeys}): the server's announcement ({@code hostkeys-00@openssh.com}) is shown to
 * the {@link HostKeyVerifier}, which picks the keys it would learn; the server must then prove it
 * holds each ({@code hostkeys-prove-00@openssh.com}), a signature over the request name, the
 * session identifier and the key, and only when every proof verifies is the verifier told.
 */
public final class HostKeyLearning {
    private static final System.Logger LOG = System.getLogger("org.amiko.core");
    /** sshd announces one key per type; this bounds what a server can make a client decode. */
    static final int MAX_KEYS = 64;
    /** SHA-1 signatures prove nothing any more (OpenSSH 8.8 release notes). */
    private static final String SHA1_RSA = "ssh-rsa";

    private final HostKeyVerifier verifier;
    private final SocketAddress peer;
    private final Supplier<AlgorithmCatalog> catalog;
    private final Supplier<byte[]> sessionId;
    private final Supplier<PublicKey> sessionKey;
    /** ssh takes one announcement per connection; a server repeating it gets nothing more. */
    private boolean announcementSeen;

    public HostKeyLearning(HostKeyVerifier verifier, SocketAddress peer, Supplier<AlgorithmCatalog> catalog,
            Supplier<byte[]> sessionId, Supplier<PublicKey> sessionKey) {
        this.verifier = verifier;
        this.peer = peer;
        this.catalog = catalog;
        this.sessionId = sessionId;
        this.sessionKey = sessionKey;
    }

    /** A key the server announced, with the blob it came as (the proof covers the blob). */
    record Announced(PublicKey key, byte[] blob) {}

    /**
     * The server's announcement (service executor); the proof request goes out from here. Keys
     * this client cannot read are left out, and then the verifier is not told the announcement is
     * the whole list: a key on file of such a type must not look like one the server dropped.
     */
    void announced(byte[] data, ConnectionService connection) {
        if (announcementSeen) {
            return;
        }
        announcementSeen = true;
        AlgorithmCatalog snapshot = catalog.get();
        List<Announced> keys = new ArrayList<>();
        boolean complete = true;
        WireReader in = new WireReader(data);
        try {
            while (!in.isEmpty()) {
                if (keys.size() == MAX_KEYS) {
                    LOG.log(Level.DEBUG, "host key announcement of more than {0} keys ignored", MAX_KEYS);
                    return;
                }
                byte[] blob = in.readString();
                PublicKey key = decode(blob, snapshot);
                if (key != null) {
                    keys.add(new Announced(key, blob));
                } else {
                    complete = false;
                }
            }
        } catch (WireFormatException e) {
            // as ssh: a broken announcement is no reason to end the connection, only to learn nothing
            LOG.log(Level.DEBUG, "malformed host key announcement from {0}: {1}", peer, e.getMessage());
            return;
        }
        PublicKey session = sessionKey.get();
        List<PublicKey> all = keys.stream().map(Announced::key).toList();
        List<PublicKey> wanted;
        try {
            wanted = verifier.hostKeysToLearn(peer, session, all);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "host key verifier failed on the host key announcement: {0}", e.toString());
            return;
        }
        if (wanted == null) {
            return;
        }
        Settled settled = new Settled(session, all, complete,
                keys.stream().filter(announced -> wanted.contains(announced.key())).toList());
        if (settled.asked().isEmpty()) {
            if (complete) {
                // nothing to prove, but keys the server dropped may leave known_hosts (off this executor)
                Workers.pool().execute(() -> tell(settled));
            }
            return;
        }
        WireWriter request = new WireWriter(512);
        settled.asked().forEach(announced -> request.writeString(announced.blob()));
        try {
            // verifying and saving known_hosts is no work for the connection's serial executor
            connection.globalRequestAsync(HostKeyUpdate.PROVE, request.toByteArray())
                    .whenCompleteAsync((reply, failure) -> proven(settled, reply, snapshot), Workers.pool());
        } catch (IOException e) {
            // the connection is ending; nothing to learn then
        }
    }

    /**
     * One announcement as judged: the key this session used, every key read from it, whether that
     * was all of them, and those to have proven.
     */
    record Settled(PublicKey sessionKey, List<PublicKey> announced, boolean complete, List<Announced> asked) {
        List<PublicKey> askedKeys() {
            return asked.stream().map(Announced::key).toList();
        }
    }

    /** The server's answer to the proof request: the verifier hears of the keys only if all verify. */
    void proven(Settled settled, Optional<byte[]> reply, AlgorithmCatalog snapshot) {
        if (reply == null || reply.isEmpty()) {
            LOG.log(Level.INFO, "{0} did not prove its announced host keys", peer);
            return;
        }
        try {
            WireReader signatures = new WireReader(reply.get());
            byte[] session = sessionId.get();
            for (Announced announced : settled.asked()) {
                if (!verifies(announced, signatures.readString(), session, snapshot)) {
                    LOG.log(Level.WARNING, "{0} sent a bad proof for an announced {1} host key; none is learnt", peer,
                            announced.key().getAlgorithm());
                    return;
                }
            }
            signatures.expectEnd("host key proofs");
        } catch (WireFormatException e) {
            LOG.log(Level.WARNING, "malformed host key proofs from {0}: {1}", peer, e.getMessage());
            return;
        }
        tell(settled);
    }

    /** Tells the verifier of a settled announcement whose proofs, if any were asked for, all verified. */
    private void tell(Settled settled) {
        try {
            if (settled.complete()) {
                verifier.hostKeysUpdated(peer, settled.sessionKey(), settled.announced(), settled.askedKeys());
            } else {
                verifier.hostKeysProven(peer, settled.askedKeys());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "host key verifier failed on proven host keys: {0}", e.toString());
        }
    }

    private static boolean verifies(Announced announced, byte[] signature, byte[] session, AlgorithmCatalog snapshot)
            throws WireFormatException {
        String algorithmName = new WireReader(signature).readUtf8();
        if (algorithmName.equals(SHA1_RSA)) {
            return false;
        }
        SignatureAlgorithm algorithm = snapshot.find(AlgorithmFamily.HOST_KEY, algorithmName)
                .map(entry -> (SignatureAlgorithm) entry.implementation()).orElse(null);
        if (algorithm == null || !algorithm.supports(announced.key())) {
            return false;
        }
        byte[] signed = new WireWriter(64 + session.length + announced.blob().length).writeString(HostKeyUpdate.PROVE)
                .writeString(session).writeString(announced.blob()).toByteArray();
        try {
            return algorithm.verify(announced.key(), signed, signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The key a blob holds, by the first installed algorithm that reads its type; null if none does. */
    private static PublicKey decode(byte[] blob, AlgorithmCatalog snapshot) throws WireFormatException {
        String type = new WireReader(blob).readUtf8();
        for (AlgorithmCatalog.Entry entry : snapshot.entries(AlgorithmFamily.HOST_KEY)) {
            SignatureAlgorithm algorithm = (SignatureAlgorithm) entry.implementation();
            if (algorithm.keyType().equals(type)) {
                try {
                    return algorithm.decodePublicKey(blob);
                } catch (GeneralSecurityException e) {
                    return null;
                }
            }
        }
        return null; // a type this client cannot read: not announced to the verifier, as ssh skips it
    }
}
