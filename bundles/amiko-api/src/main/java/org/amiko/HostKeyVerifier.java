// SPDX-License-Identifier: Apache-2.0
package org.amiko;

import java.net.SocketAddress;
import java.security.PublicKey;

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
