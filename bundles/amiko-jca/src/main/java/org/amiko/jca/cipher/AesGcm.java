// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.cipher;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import org.amiko.spi.cipher.CipherAlgorithm;
import org.amiko.spi.cipher.PacketOpener;
import org.amiko.spi.cipher.PacketSealer;
import org.amiko.spi.mac.PacketMac;

/**
 * AES-GCM as OpenSSH runs it (RFC 5647 with the changes of OpenSSH PROTOCOL section 1.6): no MAC is
 * negotiated, the 12-byte derived IV is the first nonce, {@code packet_length} is the additional
 * authenticated data and stays in the clear, and a 16-byte tag follows each packet.
 */
abstract class AesGcm implements CipherAlgorithm {
    private final int keyLength;

    AesGcm(int keyLength) {
        this.keyLength = keyLength;
    }

    @Override
    public final int keyLength() {
        return keyLength;
    }

    @Override
    public final int ivLength() {
        return OpenSshGcm.NONCE_LENGTH;
    }

    @Override
    public final int blockSize() {
        return OpenSshGcm.BLOCK;
    }

    @Override
    public final boolean isAuthenticated() {
        return true;
    }

    @Override
    public final PacketSealer sealer(byte[] key, byte[] iv, PacketMac mac) throws GeneralSecurityException {
        check(key, iv, mac);
        return new OpenSshGcm.Sealer(key, iv);
    }

    @Override
    public final PacketOpener opener(byte[] key, byte[] iv, PacketMac mac) throws GeneralSecurityException {
        check(key, iv, mac);
        return new OpenSshGcm.Opener(key, iv);
    }

    private void check(byte[] key, byte[] iv, PacketMac mac) throws GeneralSecurityException {
        if (key.length != keyLength) {
            throw new InvalidKeyException("aes" + keyLength * 8 + "-gcm needs a " + keyLength + "-byte key, not "
                    + key.length);
        }
        if (iv.length != OpenSshGcm.NONCE_LENGTH) {
            throw new InvalidAlgorithmParameterException("aes-gcm needs a 12-byte IV, not " + iv.length);
        }
        if (mac != null) {
            // RFC 5647 section 5.1 makes the MAC follow the cipher; OpenSSH ignores the MAC instead.
            throw new InvalidAlgorithmParameterException("aes-gcm authenticates itself; no MAC goes with it");
        }
    }
}
