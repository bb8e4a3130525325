// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.mac;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import org.amiko.spi.mac.MacAlgorithm;
import org.amiko.spi.mac.PacketMac;

/**
 * An HMAC transport MAC (RFC 2104). Key and MAC are as long as the digest output (RFC 4253 section
 * 6.4, RFC 6668 section 2); the etm forms differ only in what the cipher feeds them (OpenSSH PROTOCOL
 * section 1.5).
 */
abstract class Hmac implements MacAlgorithm {
    private final String jcaName;
    private final int length;
    private final boolean encryptThenMac;

    Hmac(String jcaName, int length, boolean encryptThenMac) {
        this.jcaName = jcaName;
        this.length = length;
        this.encryptThenMac = encryptThenMac;
    }

    @Override
    public final int keyLength() {
        return length;
    }

    @Override
    public final int macLength() {
        return length;
    }

    @Override
    public final boolean isEncryptThenMac() {
        return encryptThenMac;
    }

    @Override
    public final PacketMac newMac(byte[] key) throws GeneralSecurityException {
        // HMAC would take any key length, but anything but the derived length is a caller's bug.
        if (key.length != length) {
            throw new InvalidKeyException(jcaName + " needs a " + length + "-byte key, not " + key.length);
        }
        return new HmacPacketMac(jcaName, key, encryptThenMac);
    }
}
