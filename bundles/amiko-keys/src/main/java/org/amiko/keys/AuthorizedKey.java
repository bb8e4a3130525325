// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.security.PublicKey;
import java.util.List;
import java.util.Objects;

/**
 * One key line of an authorized_keys file (sshd(8) AUTHORIZED_KEYS FILE FORMAT): its options in
 * file order, the key, and the comment. The options are parsed, not enforced.
 *
 * @param options the options in the order written, never null
 * @param key the public key
 * @param comment the text after the key, empty when there is none
 */
public record AuthorizedKey(List<KeyOption> options, PublicKey key, String comment) {

    public AuthorizedKey {
        options = List.copyOf(options);
        Objects.requireNonNull(key, "key");
        comment = comment == null ? "" : comment;
    }

    /**
     * Whether the line carries {@code cert-authority}: its key then signs user certificates and
     * does not itself authorize anyone (sshd(8)).
     */
    public boolean isCertAuthority() {
        return options.stream().anyMatch(option -> option.name().equals("cert-authority"));
    }
}
