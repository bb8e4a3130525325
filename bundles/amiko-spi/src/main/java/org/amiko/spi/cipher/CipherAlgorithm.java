// SPDX-License-Identifier: Apache-2.0
package org.amiko.spi.cipher;

import java.security.GeneralSecurityException;
import org.amiko.spi.mac.PacketMac;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An SSH transport cipher (RFC 4253 section 6.3) together with the packet framing it implies.
 *
 * <p>The cipher owns framing so that encrypt-and-MAC (RFC 4253 section 6.4), encrypt-then-MAC
 * ({@code *-etm@openssh.com}, OpenSSH PROTOCOL section 1.5), AEAD (RFC 5647 as amended by OpenSSH
 * PROTOCOL section 1.6) and {@code chacha20-poly1305@openssh.com} (OpenSSH PROTOCOL.chacha20poly1305)
 * need no special case in the core. The core derives {@link #keyLength()} and {@link #ivLength()}
 * bytes per direction (RFC 4253 section 7.2), lays a packet out as
 * {@code uint32 packet_length || byte padding_length || payload || padding} and hands it to a
 * {@link PacketSealer}; on receipt it asks a {@link PacketOpener} for the length first, then for the
 * whole packet.
 *
 * <p>Register with {@link org.amiko.spi.SshAlgorithm}. Implementations are stateless factories;
 * sealers and openers hold the per-direction state.
 */
@ConsumerType
public interface CipherAlgorithm {

    /** Bytes of encryption key to derive (keys C and D of RFC 4253 section 7.2). */
    int keyLength();

    /** Bytes of initial IV to derive (A and B); 0 when the cipher needs none. */
    int ivLength();

    /** The cipher block size, at least 8; padding makes the encrypted part a multiple of it. */
    int blockSize();

    /**
     * Whether the cipher authenticates packets itself. When true no MAC is negotiated for the
     * direction and the {@code mac} argument below is {@code null}.
     */
    boolean isAuthenticated();

    /**
     * Returns the encrypting half for one direction.
     *
     * @param key {@link #keyLength()} bytes; the caller overwrites {@code key} and {@code iv} with
     *     zeros once this returns, so a sealer that needs them later keeps copies
     * @param iv {@link #ivLength()} bytes
     * @param mac the negotiated MAC keyed for this direction, or null if {@link #isAuthenticated()}
     */
    PacketSealer sealer(byte[] key, byte[] iv, PacketMac mac) throws GeneralSecurityException;

    /** Returns the decrypting half for one direction; arguments as for {@link #sealer}. */
    PacketOpener opener(byte[] key, byte[] iv, PacketMac mac) throws GeneralSecurityException;
}
