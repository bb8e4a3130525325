// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.mac;

import java.security.GeneralSecurityException;
import org.amiko.spi.mac.PacketMac;

/**
 * An HMAC transport MAC (RFC 2104). Key and MAC are as long as the digest output (RFC 4253 section
 * 6.4, RFC 6668 section 2); the etm forms differ only in what the cipher feeds them (OpenSSH PROTOCOL
 * section 1.5).
 */
abstract class Hmac extends FixedLengthMac {
    private final String jcaName;

    Hmac(String jcaName, int length, boolean encryptThenMac) {
        super(jcaName, length, length, encryptThenMac);
        this.jcaName = jcaName;
    }

    @Override
    final PacketMac keyed(byte[] key) throws GeneralSecurityException {
        return new HmacPacketMac(jcaName, key, isEncryptThenMac());
    }
}
