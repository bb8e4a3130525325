// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.mac;

import java.security.GeneralSecurityException;
import org.amiko.spi.mac.PacketMac;

/**
 * An HMAC transport MAC (RFC 2104). The key is as long as the digest output (RFC 4253 section 6.4,
 * RFC 6668 section 2), and so is the MAC, except in the {@code -96} forms, which send its first
 * 12 bytes (RFC 2104 section 5, RFC 4253 section 6.4); the etm forms differ only in what the cipher
 * feeds them (OpenSSH PROTOCOL section 1.5).
 */
abstract class Hmac extends FixedLengthMac {
    /** The {@code -96} forms' MAC length. */
    static final int TRUNCATED_96 = 12;

    private final String jcaName;

    /** The whole HMAC of a {@code length}-byte digest, keyed with as many bytes. */
    Hmac(String jcaName, int length, boolean encryptThenMac) {
        this(jcaName, length, length, encryptThenMac);
    }

    /** Only the first {@code macLength} of the digest's {@code length} bytes go out. */
    Hmac(String jcaName, int length, int macLength, boolean encryptThenMac) {
        super(jcaName, length, macLength, encryptThenMac);
        this.jcaName = jcaName;
    }

    @Override
    final PacketMac keyed(byte[] key) throws GeneralSecurityException {
        return new HmacPacketMac(jcaName, key, macLength(), isEncryptThenMac());
    }
}
