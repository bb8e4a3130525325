// SPDX-License-Identifier: Apache-2.0
package org.amiko.spi.kex;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A key exchange in KEM shape, as OpenSSH's {@code kexgen.c}: the client makes an ephemeral key pair
 * and sends its public value, the server encapsulates a shared secret to it and replies, the client
 * decapsulates. Diffie-Hellman (RFC 4253 section 8, RFC 8268), ECDH (RFC 5656 section 4),
 * curve25519 (RFC 8731) and the post-quantum hybrids all fit. The core owns the messages
 * ({@code SSH_MSG_KEX_ECDH_INIT}/{@code REPLY}, numbers 30/31), the exchange hash, the host-key
 * signature and key derivation (RFC 4253 section 7.2).
 *
 * <p>Public values travel as SSH {@code string}s whose contents this interface produces and
 * consumes (for finite-field Diffie-Hellman that is the body of the mpint, as OpenSSH sends it).
 * Register with {@link org.amiko.spi.SshAlgorithm}.
 */
@ConsumerType
public interface KexAlgorithm {

    /** The {@link java.security.MessageDigest} name of the exchange hash and the KDF, e.g. {@code SHA-256}. */
    String digestAlgorithm();

    /** Starts the client side: makes the ephemeral key pair. */
    ClientKex newClient(SecureRandom random) throws GeneralSecurityException;

    /**
     * Server side: checks the client's public value and encapsulates a shared secret to it.
     *
     * @throws GeneralSecurityException if the client's value is malformed or unsafe (wrong length,
     *     point not on the curve, out of range, all-zero shared secret)
     */
    Encapsulation encapsulate(byte[] clientPublic, SecureRandom random) throws GeneralSecurityException;

    /** The client's half of one exchange. */
    @ConsumerType
    interface ClientKex {
        /** Contents of the string the client sends ({@code Q_C} or {@code e}). */
        byte[] publicValue();

        /**
         * Computes the shared secret from the server's reply value.
         *
         * @return {@code K} encoded exactly as it enters the exchange hash and the KDF: an RFC 4251
         *     mpint for classic exchanges, a string for KEM hybrids (with the 4-byte length prefix)
         * @throws GeneralSecurityException if the server's value is malformed or unsafe
         */
        byte[] decapsulate(byte[] serverPublic) throws GeneralSecurityException;
    }

    /**
     * The server's result.
     *
     * @param serverPublic contents of the string the server sends ({@code Q_S} or {@code f})
     * @param sharedSecret {@code K}, encoded as {@link ClientKex#decapsulate} returns it
     */
    record Encapsulation(byte[] serverPublic, byte[] sharedSecret) {}
}
