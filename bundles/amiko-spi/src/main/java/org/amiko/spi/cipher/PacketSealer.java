// SPDX-License-Identifier: Apache-2.0
package org.amiko.spi.cipher;

import java.security.GeneralSecurityException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Encrypts and authenticates outgoing packets for one direction of one key exchange period.
 * Not thread-safe; the core calls it under the session's write lock, in sequence-number order.
 */
@ConsumerType
public interface PacketSealer {

    /** The padding block size, at least 8. */
    int blockSize();

    /**
     * Whether the 4-byte {@code packet_length} is outside the padded, block-aligned part (true for
     * encrypt-then-MAC, AEAD and chacha20-poly1305, as OpenSSH's {@code aadlen}), so that
     * {@code padding_length || payload || padding} alone is a multiple of {@link #blockSize()}.
     */
    boolean isLengthOutsidePadding();

    /** Bytes of MAC or tag appended after the packet. */
    int trailerLength();

    /**
     * Encrypts {@code packet[offset .. offset+length)} in place and writes {@link #trailerLength()}
     * bytes directly after it.
     *
     * @param sequence the packet sequence number (RFC 4253 section 6.4), an unsigned 32-bit value
     * @param length {@code 4 + packet_length}
     */
    void seal(int sequence, byte[] packet, int offset, int length) throws GeneralSecurityException;
}
