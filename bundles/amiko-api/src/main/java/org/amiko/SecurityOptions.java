// SPDX-License-Identifier: Apache-2.0
package org.amiko;

import java.util.List;

/**
 * The algorithm lists a transport offers in {@code SSH_MSG_KEXINIT} (RFC 4253 section 7.1), in
 * preference order, as paramiko's {@code SecurityOptions}. Changes apply to the next key exchange.
 *
 * <p>Every setter checks its names against what is installed and rejects an unknown one with an
 * {@link IllegalArgumentException} naming it and listing what is available. Legacy and insecure
 * algorithms are offered only when named here.
 */
public interface SecurityOptions {

    /** Everything installed in one family, preferred first, with its security level. */
    List<AlgorithmInfo> available(AlgorithmFamily family);

    /** The current list of one family. */
    List<String> get(AlgorithmFamily family);

    /** Replaces one family's list (reorders or narrows it). */
    void set(AlgorithmFamily family, List<String> names);

    default List<String> getCiphers() {
        return get(AlgorithmFamily.CIPHER);
    }

    default void setCiphers(List<String> names) {
        set(AlgorithmFamily.CIPHER, names);
    }

    /** The MACs; paramiko calls them digests. */
    default List<String> getDigests() {
        return get(AlgorithmFamily.MAC);
    }

    default void setDigests(List<String> names) {
        set(AlgorithmFamily.MAC, names);
    }

    /** Host key (signature) algorithms. */
    default List<String> getKeyTypes() {
        return get(AlgorithmFamily.HOST_KEY);
    }

    default void setKeyTypes(List<String> names) {
        set(AlgorithmFamily.HOST_KEY, names);
    }

    default List<String> getKex() {
        return get(AlgorithmFamily.KEX);
    }

    default void setKex(List<String> names) {
        set(AlgorithmFamily.KEX, names);
    }

    default List<String> getCompression() {
        return get(AlgorithmFamily.COMPRESSION);
    }

    default void setCompression(List<String> names) {
        set(AlgorithmFamily.COMPRESSION, names);
    }

    /**
     * The signature algorithms of publickey authentication (RFC 4252 section 7), as OpenSSH's
     * {@code PubkeyAcceptedAlgorithms}: a client signs only with these, in this order; a server
     * accepts only these and lists them in {@code server-sig-algs} (RFC 8308 section 3.1). Unless
     * set here or by the shared configuration (a server's {@code pubkeyAcceptedAlgorithms}):
     * on a server its host key list ({@link #getKeyTypes}), as before this list was its own; on
     * a client the recommended host key algorithms, whatever {@link #setKeyTypes} pinned. So
     * {@code ssh-rsa} (SHA-1) only when named. Hostbased authentication keeps to the host key
     * algorithms.
     *
     * @since 1.6
     */
    default List<String> getPublicKeyAlgorithms() {
        return available(AlgorithmFamily.HOST_KEY).stream().filter(info -> info.security().equals("recommended"))
                .map(AlgorithmInfo::name).toList();
    }

    /**
     * Replaces the signature algorithms of user authentication ({@link #getPublicKeyAlgorithms}),
     * names from {@link #available available(HOST_KEY)}; applies to the next authentication.
     *
     * @throws IllegalArgumentException for an empty list or a name not installed
     * @throws UnsupportedOperationException where the implementation has no such list
     * @since 1.6
     */
    default void setPublicKeyAlgorithms(List<String> names) {
        throw new UnsupportedOperationException("no separate public key algorithm list");
    }
}
