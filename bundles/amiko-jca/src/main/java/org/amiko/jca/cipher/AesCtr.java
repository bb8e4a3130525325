// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.cipher;

/**
 * AES in counter mode (RFC 4344 section 4): the derived IV is the initial 128-bit big-endian counter,
 * and one keystream runs on across all packets of a direction. The JDK's counter increments all 128
 * bits, as RFC 4344 section 4 requires.
 */
abstract class AesCtr extends MacFramedCipher {
    AesCtr(int keyLength) {
        super("aes" + keyLength * 8 + "-ctr", "AES/CTR/NoPadding", "AES", keyLength, 16, false);
    }
}
