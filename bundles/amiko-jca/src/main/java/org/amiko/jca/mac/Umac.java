// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.mac;

import java.security.GeneralSecurityException;
import org.amiko.spi.mac.PacketMac;

/**
 * A UMAC transport MAC (RFC 4418) as OpenSSH defines it: {@code umac-64@openssh.com} and
 * {@code umac-128@openssh.com} (OpenSSH PROTOCOL section 1.1, mac.c) take a 16-byte AES-128 key and
 * send an 8- or 16-byte tag; the {@code -etm@openssh.com} forms differ only in what the cipher feeds
 * them (OpenSSH PROTOCOL section 1.5).
 */
abstract class Umac extends FixedLengthMac {
    /** The UMAC key is an AES-128 key (RFC 4418 section 3.1). */
    private static final int KEY_LENGTH = 16;

    Umac(String name, int length, boolean encryptThenMac) {
        super(name, KEY_LENGTH, length, encryptThenMac);
    }

    @Override
    final PacketMac keyed(byte[] key) throws GeneralSecurityException {
        return new UmacPacketMac(key, macLength(), isEncryptThenMac());
    }
}
