// SPDX-License-Identifier: Apache-2.0
package org.amiko.spi.mac;

import java.security.GeneralSecurityException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A transport MAC (RFC 4253 section 6.4; the {@code -etm@openssh.com} forms per OpenSSH PROTOCOL
 * section 1.5). Register with {@link org.amiko.spi.SshAlgorithm}.
 */
@ConsumerType
public interface MacAlgorithm {

    /** Bytes of integrity key to derive (keys E and F of RFC 4253 section 7.2). */
    int keyLength();

    /** Bytes of MAC each packet carries. */
    int macLength();

    /** Whether the MAC covers the ciphertext rather than the plaintext (the etm forms). */
    boolean isEncryptThenMac();

    /**
     * Returns a MAC keyed for one direction.
     *
     * @param key {@link #keyLength()} bytes, which the caller overwrites with zeros once this
     *     returns: a MAC that needs them later keeps a copy (as {@code SecretKeySpec} does)
     */
    PacketMac newMac(byte[] key) throws GeneralSecurityException;
}
