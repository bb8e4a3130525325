// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.cipher;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.amiko.spi.cipher.CipherAlgorithm;
import org.amiko.spi.cipher.PacketOpener;
import org.amiko.spi.cipher.PacketSealer;
import org.amiko.spi.mac.PacketMac;

/**
 * A block cipher mode that does not authenticate (RFC 4253 section 6.3), run as one JCE cipher per
 * direction whose state carries over from packet to packet. The IV derived at key exchange
 * (RFC 4253 section 7.2) starts it, one block long. The negotiated MAC decides the framing:
 * encrypt-and-MAC (RFC 4253 section 6.4) or encrypt-then-MAC (OpenSSH PROTOCOL section 1.5).
 */
abstract class MacFramedCipher implements CipherAlgorithm {
    private final String name;
    private final String transformation;
    private final String keyAlgorithm;
    private final int keyLength;
    private final int blockSize;
    private final boolean chained;

    /**
     * @param transformation the JCE transformation, in a mode without padding
     * @param chained whether it is CBC, so that the encrypting direction encrypts and the other
     *     decrypts, and failures are hidden as {@link EncryptAndMac#CBC_DISCARD} says; counter mode
     *     is its own inverse, so both of its directions encrypt
     */
    MacFramedCipher(String name, String transformation, String keyAlgorithm, int keyLength, int blockSize,
            boolean chained) {
        this.name = name;
        this.transformation = transformation;
        this.keyAlgorithm = keyAlgorithm;
        this.keyLength = keyLength;
        this.blockSize = blockSize;
        this.chained = chained;
    }

    @Override
    public final int keyLength() {
        return keyLength;
    }

    @Override
    public final int ivLength() {
        return blockSize;
    }

    @Override
    public final int blockSize() {
        return blockSize;
    }

    @Override
    public final boolean isAuthenticated() {
        return false;
    }

    @Override
    public final PacketSealer sealer(byte[] key, byte[] iv, PacketMac mac) throws GeneralSecurityException {
        RunningCipher cipher = running(key, iv, mac, Cipher.ENCRYPT_MODE);
        if (mac.isEncryptThenMac()) {
            return new EncryptThenMac.Sealer(cipher, mac);
        }
        return new EncryptAndMac.Sealer(cipher, mac);
    }

    @Override
    public final PacketOpener opener(byte[] key, byte[] iv, PacketMac mac) throws GeneralSecurityException {
        RunningCipher cipher = running(key, iv, mac, chained ? Cipher.DECRYPT_MODE : Cipher.ENCRYPT_MODE);
        if (mac.isEncryptThenMac()) {
            return new EncryptThenMac.Opener(cipher, mac);
        }
        return new EncryptAndMac.Opener(cipher, mac);
    }

    private RunningCipher running(byte[] key, byte[] iv, PacketMac mac, int mode) throws GeneralSecurityException {
        if (mac == null) {
            throw new InvalidAlgorithmParameterException(name + " does not authenticate; it needs a MAC");
        }
        if (key.length != keyLength) {
            throw new InvalidKeyException(name + " needs a " + keyLength + "-byte key, not " + key.length);
        }
        if (iv.length != blockSize) {
            throw new InvalidAlgorithmParameterException(name + " needs a " + blockSize + "-byte IV, not "
                    + iv.length);
        }
        Cipher cipher = Cipher.getInstance(transformation);
        cipher.init(mode, new SecretKeySpec(key, keyAlgorithm), new IvParameterSpec(iv));
        return new RunningCipher(cipher, blockSize, chained, name);
    }
}
