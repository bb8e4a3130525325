// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.cipher;

/**
 * AES in cipher block chaining mode (RFC 4253 section 6.3): the derived IV chains the first block,
 * and each packet's first block is chained to the last ciphertext block of the one before. Legacy:
 * OpenSSH offers no CBC cipher by default, since with a MAC over the plaintext its first block
 * reveals the length (see {@link EncryptAndMac#CBC_DISCARD}).
 */
abstract class AesCbc extends MacFramedCipher {
    AesCbc(int keyLength) {
        super("aes" + keyLength * 8 + "-cbc", "AES/CBC/NoPadding", "AES", keyLength, 16, true);
    }
}
