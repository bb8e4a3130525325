// SPDX-License-Identifier: Apache-2.0
package org.amiko.spi.mac;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A keyed MAC for one direction: {@code mac = MAC(key, sequence_number || data)} (RFC 4253 section
 * 6.4). Not thread-safe.
 */
@ConsumerType
public interface PacketMac {

    /** Bytes of MAC produced. */
    int length();

    /** Whether this MAC covers ciphertext (encrypt-then-MAC). */
    boolean isEncryptThenMac();

    /** Writes {@link #length()} bytes of MAC over {@code sequence || data[offset..offset+length)}. */
    void compute(int sequence, byte[] data, int offset, int length, byte[] out, int outOffset);

    /**
     * Checks, in constant time, the MAC at {@code mac[macOffset..]} over
     * {@code sequence || data[offset..offset+length)}.
     */
    boolean verify(int sequence, byte[] data, int offset, int length, byte[] mac, int macOffset);
}
