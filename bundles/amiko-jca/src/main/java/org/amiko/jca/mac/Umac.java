// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.mac;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import org.amiko.spi.mac.MacAlgorithm;
import org.amiko.spi.mac.PacketMac;

/**
 * A UMAC transport MAC (RFC 4418) as OpenSSH defines it: {@code umac-64@openssh.com} and
 * {@code umac-128@openssh.com} (OpenSSH PROTOCOL section 1.1, mac.c) take a 16-byte AES-128 key and
 * send an 8- or 16-byte tag; the {@code -etm@openssh.com} forms differ only in what the cipher feeds
 * them (OpenSSH PROTOCOL section 1.5).
 */
abstract class Umac implements MacAlgorithm {
    /** The UMAC key is an AES-128 key (RFC 4418 section 3.1). */
    private static final int KEY_LENGTH = 16;

    private final String name;
    private final int length;
    private final boolean encryptThenMac;

    Umac(String name, int length, boolean encryptThenMac) {
        this.name = name;
        this.length = length;
        this.encryptThenMac = encryptThenMac;
    }

    @Override
    public final int keyLength() {
        return KEY_LENGTH;
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
        if (key.length != KEY_LENGTH) {
            throw new InvalidKeyException(name + " needs a " + KEY_LENGTH + "-byte key, not " + key.length);
        }
        return new UmacPacketMac(key, length, encryptThenMac);
    }
}
