// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.cipher;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.amiko.spi.cipher.PacketOpener;
import org.amiko.spi.cipher.PacketSealer;

/**
 * The packet framing of {@code aes*-gcm@openssh.com} (OpenSSH PROTOCOL section 1.6, RFC 5647 section
 * 7.1 for the nonce). The nonce is a 4-byte fixed field and an 8-byte big-endian invocation counter
 * that starts at the derived IV and goes up by one per packet, so the sequence number is bound
 * implicitly: a dropped, replayed or reordered packet fails its tag.
 */
final class OpenSshGcm {
    static final int NONCE_LENGTH = 12;
    static final int TAG_LENGTH = 16;
    static final int BLOCK = 16;
    private static final int AAD_LENGTH = 4;

    private final Cipher cipher;
    private final SecretKeySpec key;
    private final byte[] nonce;
    private final int mode;

    private OpenSshGcm(byte[] key, byte[] iv, int mode) throws GeneralSecurityException {
        this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        this.key = new SecretKeySpec(key, "AES");
        this.nonce = iv.clone();
        this.mode = mode;
    }

    /** Prepares the cipher for the next packet and authenticates its clear length field. */
    private void start(byte[] buffer, int offset) throws GeneralSecurityException {
        // The JCE copies the nonce out of the spec, so one array serves for all packets.
        cipher.init(mode, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
        cipher.updateAAD(buffer, offset, AAD_LENGTH);
    }

    /** RFC 5647 section 7.1: increment the invocation counter, the last 8 bytes of the nonce. */
    private void advance() {
        for (int i = NONCE_LENGTH - 1; i >= AAD_LENGTH; i--) {
            if (++nonce[i] != 0) {
                return;
            }
        }
    }

    private static void checkAligned(int length) throws IllegalBlockSizeException {
        int encrypted = length - AAD_LENGTH;
        if (encrypted <= 0 || encrypted % BLOCK != 0) {
            throw new IllegalBlockSizeException("aes-gcm packet of " + encrypted + " bytes after the length is not"
                    + " a multiple of 16");
        }
    }

    /** Encrypting half. */
    static final class Sealer implements PacketSealer {
        private final OpenSshGcm gcm;

        Sealer(byte[] key, byte[] iv) throws GeneralSecurityException {
            this.gcm = new OpenSshGcm(key, iv, Cipher.ENCRYPT_MODE);
        }

        @Override
        public int blockSize() {
            return BLOCK;
        }

        @Override
        public boolean isLengthOutsidePadding() {
            return true;
        }

        @Override
        public int trailerLength() {
            return TAG_LENGTH;
        }

        @Override
        public void seal(int sequence, byte[] packet, int offset, int length) throws GeneralSecurityException {
            checkAligned(length);
            gcm.start(packet, offset);
            int body = offset + AAD_LENGTH;
            gcm.cipher.doFinal(packet, body, length - AAD_LENGTH, packet, body);
            gcm.advance();
        }
    }

    /** Decrypting half: the JCE checks the tag before it releases any plaintext. */
    static final class Opener implements PacketOpener {
        private final OpenSshGcm gcm;

        Opener(byte[] key, byte[] iv) throws GeneralSecurityException {
            this.gcm = new OpenSshGcm(key, iv, Cipher.DECRYPT_MODE);
        }

        @Override
        public int lengthBlockSize() {
            return AAD_LENGTH;
        }

        @Override
        public int trailerLength() {
            return TAG_LENGTH;
        }

        @Override
        public int blockSize() {
            return BLOCK;
        }

        @Override
        public boolean isLengthOutsidePadding() {
            return true;
        }

        @Override
        public int packetLength(int sequence, byte[] buffer, int offset) {
            return AesCtr.readLength(buffer, offset);
        }

        @Override
        public void open(int sequence, byte[] buffer, int offset, int length) throws GeneralSecurityException {
            checkAligned(length);
            gcm.start(buffer, offset);
            int body = offset + AAD_LENGTH;
            gcm.cipher.doFinal(buffer, body, length - AAD_LENGTH + TAG_LENGTH, buffer, body);
            gcm.advance();
        }
    }
}
