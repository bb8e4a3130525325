// SPDX-License-Identifier: Apache-2.0
package org.amiko;

import java.net.SocketAddress;
import java.security.PublicKey;
import java.util.List;

/**
 * Decides whether the client trusts the server's host key (RFC 4251 section 4.1). Called once per
 * key exchange, before the exchange is accepted; the server has already proven it holds the
 * private key.
 */
@FunctionalInterface
public interface HostKeyVerifier {

    /**
     * @param peer the server's address
     * @param keyType the key's format name, e.g. {@code ssh-ed25519}
     * @param key the host key
     * @return true to continue; false aborts with {@link HostKeyException} and a
     *     {@code HOST_KEY_NOT_VERIFIABLE} disconnect
     */
    boolean isTrusted(SocketAddress peer, String keyType, PublicKey key);

    /**
     * The key types this verifier already knows for {@code peer} (e.g. {@code ecdsa-sha2-nistp256},
     * or certificate types when it trusts an authority for the host), asked before the client's
     * first KEXINIT: host key algorithms for them are offered first, as ssh orders them from
     * known_hosts, so that a server with several host keys shows the one on file rather than one
     * that would look like a changed key.
     *
     * @return the key types, or an empty list (the default) to keep the configured order
     */
    default List<String> knownKeyTypes(SocketAddress peer) {
        return List.of();
    }

    /**
     * OpenSSH's host key rotation (PROTOCOL section 2.5), client side: once the user has
     * authenticated, the server names all its host keys. Return those to learn (by default none);
     * the client then has the server prove that it holds each one, and passes those proven to
     * {@link #hostKeysProven}. Called on a connection's worker, after {@link #isTrusted} accepted
     * {@code sessionKey} for this connection.
     *
     * @param sessionKey the host key this connection's key exchange used
     * @param announced the server's plain host keys of the types this client can read
     * @since 1.3
     */
    default List<PublicKey> hostKeysToLearn(SocketAddress peer, PublicKey sessionKey, List<PublicKey> announced) {
        return List.of();
    }

    /**
     * The keys {@link #hostKeysToLearn} chose, each proven by the server's signature over this
     * session: they may be remembered. Not called when any proof fails.
     *
     * @since 1.3
     */
    default void hostKeysProven(SocketAddress peer, List<PublicKey> proven) {
    }

    /**
     * The server's announcement, settled: {@code announced} is every host key it named, all of
     * types this client reads, so a key on file for this host and missing from it is one the
     * server no longer holds (ssh's {@code UpdateHostKeys} then removes it); {@code proven} are
     * the keys {@link #hostKeysToLearn} chose, each proven (empty when it chose none). Called at
     * most once per connection, on a connection's worker, in place of {@link #hostKeysProven}; not
     * called when a proof fails, nor when the announcement named a key this client cannot read (it
     * is then not the whole list, and only {@link #hostKeysProven} is told of proven keys). By
     * default passes {@code proven}, when there are any, to {@link #hostKeysProven}.
     *
     * @param sessionKey the host key this connection's key exchange used
     * @since 1.4
     */
    default void hostKeysUpdated(SocketAddress peer, PublicKey sessionKey, List<PublicKey> announced,
            List<PublicKey> proven) {
        if (!proven.isEmpty()) {
            hostKeysProven(peer, proven);
        }
    }

    /** Trusts exactly this key (compared with {@link PublicKey#equals}). */
    static HostKeyVerifier exactly(PublicKey expected) {
        return (peer, type, key) -> expected.equals(key);
    }

    /**
     * Trusts any key. This gives no protection against an active attacker; it exists for tests and
     * for callers who check {@link Transport#getRemoteServerKey()} themselves before authenticating.
     */
    static HostKeyVerifier acceptingAny() {
        return (peer, type, key) -> true;
    }
}
