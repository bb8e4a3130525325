// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.security.InvalidKeyException;
import java.security.KeyPair;
import org.amiko.spi.wire.WireWriter;

/**
 * A private key as OpenSSH's formats carry it: the key type name, the key's public and private
 * fields, and a comment. It is the private section of an {@code openssh-key-v1} file, and what
 * draft-miller-ssh-agent section 3.2 sends to add a key to an agent.
 *
 * @since 1.9
 */
public final class PrivateKeyFields {
    private PrivateKeyFields() {}

    /**
     * The encoding of {@code pair} and {@code comment}; it holds the private key, so the caller
     * wipes it once it is sent.
     *
     * @throws InvalidKeyException for keys that do not belong together, or of a type OpenSSH has no fields for
     */
    public static byte[] encode(KeyPair pair, String comment) throws InvalidKeyException {
        KeyPairConsistency.check(pair);
        WireWriter out = new WireWriter(1024);
        try {
            OpenSshKeyFields.write(pair, out);
            out.writeString(comment == null ? "" : comment);
            return out.toByteArray();
        } finally {
            out.wipe();
        }
    }
}
