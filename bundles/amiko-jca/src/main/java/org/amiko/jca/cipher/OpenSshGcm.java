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
 *
 * <p>Holds what the sealer and the opener of one direction share; each spells out its own order of
 * {@link #start}, the JCE's {@code doFinal} and {@link #advance}.
 */
abstract class OpenSshGcm {
    static final int NONCE_LENGTH = 12;
    static final int TAG_LENGTH = 16;
    static final int BLOCK = 16;
    private static final int AAD_LENGTH = 4;

    final Cipher cipher;
    private final SecretKeySpec key;
    private final byte[] nonce;
    private final int mode;

    OpenSshGcm(byte[] key, byte[] iv, int mode) throws GeneralSecurityException {
        this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        this.key = new SecretKeySpec(key, "AES");
        this.nonce = iv.clone();
        this.mode = mode;
    }

    /** Prepares the cipher for the next packet and authenticates its clear length field. */
    final void start(byte[] buffer, int offset) throws GeneralSecurityException {
        // The JCE copies the nonce out of the spec, so one array serves for all packets.
        cipher.init(mode, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
        cipher.updateAAD(buffer, offset, AAD_LENGTH);
    }

    /** RFC 5647 section 7.1: increment the invocation counter, the last 8 bytes of the nonce. */
    final void advance() {
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

    /** The padding block: the AES block. */
    public final int blockSize() {
        return BLOCK;
    }

    /** The length field is the additional authenticated data, outside the encrypted, padded part. */
    public final boolean isLengthOutsidePadding() {
        return true;
    }

    /** The GCM tag that follows each packet. */
    public final int trailerLength() {
        return TAG_LENGTH;
    }

    /** Encrypting half. */
    static final class Sealer extends OpenSshGcm implements PacketSealer {
        Sealer(byte[] key, byte[] iv) throws GeneralSecurityException {
            super(key, iv, Cipher.ENCRYPT_MODE);
        }

        @Override
        public void seal(int sequence, byte[] packet, int offset, int length) throws GeneralSecurityException {
            checkAligned(length);
            start(packet, offset);
            int body = offset + AAD_LENGTH;
            cipher.doFinal(packet, body, length - AAD_LENGTH, packet, body);
            advance();
        }
    }

    /** Decrypting half: the JCE checks the tag before it releases any plaintext. */
    static final class Opener extends OpenSshGcm implements PacketOpener {
        Opener(byte[] key, byte[] iv) throws GeneralSecurityException {
            super(key, iv, Cipher.DECRYPT_MODE);
        }

        @Override
        public int lengthBlockSize() {
            return AAD_LENGTH;
        }

        @Override
        public int packetLength(int sequence, byte[] buffer, int offset) {
            return MacFraming.readLength(buffer, offset);
        }

        @Override
        public void open(int sequence, byte[] buffer, int offset, int length) throws GeneralSecurityException {
            checkAligned(length);
            start(buffer, offset);
            int body = offset + AAD_LENGTH;
            cipher.doFinal(buffer, body, length - AAD_LENGTH + TAG_LENGTH, buffer, body);
            advance();
        }
    }
}
