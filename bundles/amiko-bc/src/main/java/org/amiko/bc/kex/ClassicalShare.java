// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc.kex;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * One side's ephemeral share of the classical half of a hybrid key exchange
 * (draft-ietf-sshm-mlkem-hybrid-kex section 2): a public value for the wire, and the raw,
 * fixed-length shared secret it makes with the peer's value, which the hybrid hashes after the KEM
 * secret.
 */
interface ClassicalShare {
    /** This share's public value, as it goes on the wire. */
    byte[] publicValue();

    /**
     * The raw shared secret with the peer's public value.
     *
     * @throws java.security.InvalidKeyException for a peer value of the wrong length or form, or
     *     one that gives no safe secret
     */
    byte[] agree(byte[] peerPublic) throws GeneralSecurityException;

    /** Forgets the private half, where it can be wiped. */
    void destroy();

    /** The curves a hybrid combines with its KEM: how long their public values are, and fresh shares. */
    interface Curve {
        /** The length of a public value on the wire. */
        int publicLength();

        /** A fresh ephemeral share from {@code random}. */
        ClassicalShare newShare(SecureRandom random) throws GeneralSecurityException;
    }
}
