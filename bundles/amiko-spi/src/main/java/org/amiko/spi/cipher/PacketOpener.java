// SPDX-License-Identifier: Apache-2.0
package org.amiko.spi.cipher;

import java.security.GeneralSecurityException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decrypts and verifies incoming packets for one direction of one key exchange period. Called in
 * two steps per packet: {@link #packetLength} as soon as {@link #lengthBlockSize()} bytes have
 * arrived, then {@link #open} when the whole packet and its trailer are there. Not thread-safe.
 *
 * <p>The core checks the returned length against its limits before reading further, so an
 * implementation returns it as read and never allocates on its account.
 */
@ConsumerType
public interface PacketOpener {

    /** Bytes needed before {@link #packetLength} can answer: 4 when the length travels in the clear or
     *  is separately encrypted, the block size when it is inside the first encrypted block. */
    int lengthBlockSize();

    /** Bytes of MAC or tag that follow each packet. */
    int trailerLength();

    /** The padding block size; the core checks {@code packet_length} alignment against it. */
    int blockSize();

    /** As {@link PacketSealer#isLengthOutsidePadding()}. */
    boolean isLengthOutsidePadding();

    /**
     * Returns {@code packet_length} (as a signed int; the core treats it as unsigned). May decrypt
     * the first {@link #lengthBlockSize()} bytes in place when the cipher needs that to learn it.
     */
    int packetLength(int sequence, byte[] buffer, int offset) throws GeneralSecurityException;

    /**
     * Verifies the trailer that follows {@code buffer[offset .. offset+length)} and decrypts what is
     * not yet decrypted, in place. On failure throws (an {@link javax.crypto.AEADBadTagException}
     * for a bad MAC or tag) and leaves no partly verified plaintext that the core would use.
     *
     * @param length {@code 4 + packet_length}
     */
    void open(int sequence, byte[] buffer, int offset, int length) throws GeneralSecurityException;

    /**
     * How many bytes, counted from the start of a packet that fails (a {@code packet_length} the core
     * refuses, a misaligned one, or a failed {@link #open}), the core reads and drops before it ends
     * the connection; 0, the default, ends it at once.
     *
     * <p>A CBC cipher with a MAC over the plaintext (RFC 4253 section 6.4) must not end the
     * connection at once: a peer that injects a ciphertext block would learn from how many bytes the
     * receiver takes before it gives up what the block decrypts to (Albrecht, Paterson and Watson,
     * "Plaintext Recovery Attacks Against SSH", 2009). Such an opener returns 256 KiB, as OpenSSH's
     * {@code ssh_packet_start_discard}, so every failure takes the same number of bytes.
     *
     * @since 1.1
     */
    default int discardOnError() {
        return 0;
    }
}
