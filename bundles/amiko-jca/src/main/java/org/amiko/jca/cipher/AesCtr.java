// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.cipher;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.amiko.spi.cipher.CipherAlgorithm;
import org.amiko.spi.cipher.PacketOpener;
import org.amiko.spi.cipher.PacketSealer;
import org.amiko.spi.mac.PacketMac;

/**
 * AES in counter mode (RFC 4344 section 4): the derived IV is the initial 128-bit big-endian counter,
 * and one keystream runs on across all packets of a direction. The negotiated MAC decides the
 * framing: encrypt-and-MAC (RFC 4253 section 6.4) or encrypt-then-MAC (OpenSSH PROTOCOL section 1.5).
 */
abstract class AesCtr implements CipherAlgorithm {
    static final int BLOCK = 16;

    private final int keyLength;

    AesCtr(int keyLength) {
        this.keyLength = keyLength;
    }

    @Override
    public final int keyLength() {
        return keyLength;
    }

    @Override
    public final int ivLength() {
        return BLOCK;
    }

    @Override
    public final int blockSize() {
        return BLOCK;
    }

    @Override
    public final boolean isAuthenticated() {
        return false;
    }

    @Override
    public final PacketSealer sealer(byte[] key, byte[] iv, PacketMac mac) throws GeneralSecurityException {
        requireMac(mac);
        CounterKeystream keystream = keystream(key, iv);
        if (mac.isEncryptThenMac()) {
            return new EncryptThenMac.Sealer(keystream, mac);
        }
        return new EncryptAndMac.Sealer(keystream, mac);
    }

    @Override
    public final PacketOpener opener(byte[] key, byte[] iv, PacketMac mac) throws GeneralSecurityException {
        requireMac(mac);
        CounterKeystream keystream = keystream(key, iv);
        if (mac.isEncryptThenMac()) {
            return new EncryptThenMac.Opener(keystream, mac);
        }
        return new EncryptAndMac.Opener(keystream, mac);
    }

    private static void requireMac(PacketMac mac) throws InvalidAlgorithmParameterException {
        if (mac == null) {
            throw new InvalidAlgorithmParameterException("aes-ctr does not authenticate; it needs a MAC");
        }
    }

    /**
     * One stateful JCE cipher per direction. Counter mode is its own inverse, so both directions
     * encrypt; the JDK's counter increments all 128 bits, as RFC 4344 section 4 requires.
     */
    private CounterKeystream keystream(byte[] key, byte[] iv) throws GeneralSecurityException {
        if (key.length != keyLength) {
            throw new InvalidKeyException("aes" + keyLength * 8 + "-ctr needs a " + keyLength + "-byte key, not "
                    + key.length);
        }
        if (iv.length != BLOCK) {
            throw new InvalidAlgorithmParameterException("aes-ctr needs a 16-byte IV, not " + iv.length);
        }
        Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return new CounterKeystream(cipher);
    }

    /** The big-endian uint32 at {@code offset}. */
    static int readLength(byte[] buffer, int offset) {
        return ((buffer[offset] & 0xff) << 24) | ((buffer[offset + 1] & 0xff) << 16)
                | ((buffer[offset + 2] & 0xff) << 8) | (buffer[offset + 3] & 0xff);
    }

    /** Rejects lengths that would leave the keystream out of step with the peer's. */
    static void checkAligned(int aligned) throws GeneralSecurityException {
        if (aligned <= 0 || aligned % BLOCK != 0) {
            throw new IllegalBlockSizeException(
                    "aes-ctr packet part of " + aligned + " bytes is not a multiple of 16");
        }
    }
}
