// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.util.Objects;

/**
 * A private key file's contents: the key pair and the comment stored with it. OpenSSH v1 keys
 * (PROTOCOL.key) and PuTTY keys (PuTTY manual appendix C) carry a comment, which ssh-keygen and
 * ssh-add show; PEM and PKCS#8 files have none, so theirs is empty.
 *
 * @param pair the key pair
 * @param comment the stored comment, never null, empty when the file has none
 */
public record KeyFile(KeyPair pair, String comment) {

    public KeyFile {
        Objects.requireNonNull(pair, "pair");
        comment = comment == null ? "" : comment;
    }

    /** Says which key this is without revealing it: type, SHA-256 fingerprint and comment. */
    @Override
    public String toString() {
        try {
            return "KeyFile[" + PublicKeyBlob.keyType(pair.getPublic()) + " " + Fingerprint.sha256(pair.getPublic())
                    + (comment.isEmpty() ? "" : " " + comment) + "]";
        } catch (InvalidKeyException e) {
            return "KeyFile[" + pair.getPublic().getAlgorithm() + "]";
        }
    }
}
