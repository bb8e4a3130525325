// SPDX-License-Identifier: Apache-2.0
package org.amiko.spi.signature;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A public-key signature algorithm for host keys and user authentication (RFC 4253 section 6.6,
 * RFC 8332 for {@code rsa-sha2-*}, RFC 5656 for ECDSA, RFC 8709 for Ed25519). The wire name
 * (registered with {@link org.amiko.spi.SshAlgorithm}) is the signature algorithm; several may share
 * one {@link #keyType()}, as {@code rsa-sha2-256} and {@code rsa-sha2-512} share {@code ssh-rsa}.
 */
@ConsumerType
public interface SignatureAlgorithm {

    /** The public key format name that starts the key blob, e.g. {@code ssh-rsa}. */
    String keyType();

    /** Whether this algorithm can sign with or verify for the given key (type and curve). */
    boolean supports(Key key);

    /** Whether this algorithm may create signatures; false for verification-only legacy ones. */
    default boolean canSign() {
        return true;
    }

    /**
     * Decodes a public key blob ({@code string keytype || ...}).
     *
     * @throws GeneralSecurityException if the blob is malformed, of another type, or not a valid key
     */
    PublicKey decodePublicKey(byte[] blob) throws GeneralSecurityException;

    /** Encodes a public key as its blob. */
    byte[] encodePublicKey(PublicKey key) throws GeneralSecurityException;

    /**
     * Signs {@code data} and returns the signature blob {@code string algorithm || string signature}.
     */
    byte[] sign(PrivateKey key, byte[] data, SecureRandom random) throws GeneralSecurityException;

    /**
     * Verifies a signature blob over {@code data}; false for a wrong signature or a blob naming
     * another algorithm.
     *
     * @throws GeneralSecurityException only if the key cannot be used at all
     */
    boolean verify(PublicKey key, byte[] data, byte[] signatureBlob) throws GeneralSecurityException;

    /**
     * For signatures that carry an authenticator's flags, as OpenSSH's FIDO security keys do
     * (PROTOCOL.u2f: 0x01 the user touched the key, 0x04 the user was verified, by PIN or
     * otherwise): the flags of this blob, read without checking the signature, so that the server's
     * policy can judge them once {@link #verify} has. -1 (the default) for algorithms without them
     * and for a malformed blob.
     *
     * @since 1.1
     */
    default int authenticatorFlags(byte[] signatureBlob) {
        return -1;
    }

    /**
     * The blob of the plain key that signs for {@code key}: for a certificate (OpenSSH
     * PROTOCOL.certkeys), the key it certifies; for a plain key, its own blob (the default). A
     * server compares these where sshd compares keys with {@code sshkey_equal_public}, under which
     * a certificate and its key are one key: with {@code publickey,publickey} required, a user's
     * certificate cannot complete the step its plain key completed.
     *
     * @implSpec The default encodes {@code key} itself, which is right for plain keys only: an
     *     algorithm whose public key wraps another key (a certificate) must override it.
     * @since 1.2
     */
    default byte[] plainKeyBlob(PublicKey key) throws GeneralSecurityException {
        return encodePublicKey(key);
    }
}
