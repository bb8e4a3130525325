// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import org.amiko.keys.PublicKeyBlob;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.amiko.spi.wire.PeerText;

/**
 * What every plain-key algorithm here does the same with public key blobs (RFC 4253 section
 * 6.6): read them with {@link PublicKeyBlob}, and hold each algorithm to the keys it
 * {@linkplain SignatureAlgorithm#supports supports}.
 */
final class KeyBlobs {
    private KeyBlobs() {}

    /** The key {@code blob} holds, if it is of {@code algorithm}'s key type and one it supports. */
    static PublicKey decode(SignatureAlgorithm algorithm, String name, byte[] blob) throws GeneralSecurityException {
        PublicKey key = PublicKeyBlob.decode(blob);
        String type = PublicKeyBlob.keyType(key);
        if (!algorithm.keyType().equals(type) || !algorithm.supports(key)) {
            throw new InvalidKeySpecException("blob holds a " + PeerText.printable(type, 64) + " key, not one for " + name);
        }
        return key;
    }

    /** {@code key}'s blob, if {@code algorithm} supports it. */
    static byte[] encode(SignatureAlgorithm algorithm, String name, PublicKey key) throws GeneralSecurityException {
        requireSupported(algorithm, name, key);
        return PublicKeyBlob.encode(key);
    }

    static void requireSupported(SignatureAlgorithm algorithm, String name, Key key) throws InvalidKeyException {
        if (!algorithm.supports(key)) {
            throw new InvalidKeyException(name + " cannot use a " + key.getAlgorithm() + " key of this kind or size");
        }
    }
}
