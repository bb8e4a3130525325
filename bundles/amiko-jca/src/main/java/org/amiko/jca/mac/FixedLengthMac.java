// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.mac;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import org.amiko.spi.mac.MacAlgorithm;
import org.amiko.spi.mac.PacketMac;

/**
 * A transport MAC whose key and tag have one length each (RFC 4253 section 6.4), in its plain or
 * encrypt-then-MAC form (OpenSSH PROTOCOL section 1.5): what every wire name of this package shares.
 */
abstract class FixedLengthMac implements MacAlgorithm {
    private final String name;
    private final int keyLength;
    private final int macLength;
    private final boolean encryptThenMac;

    FixedLengthMac(String name, int keyLength, int macLength, boolean encryptThenMac) {
        this.name = name;
        this.keyLength = keyLength;
        this.macLength = macLength;
        this.encryptThenMac = encryptThenMac;
    }

    @Override
    public final int keyLength() {
        return keyLength;
    }

    @Override
    public final int macLength() {
        return macLength;
    }

    @Override
    public final boolean isEncryptThenMac() {
        return encryptThenMac;
    }

    @Override
    public final PacketMac newMac(byte[] key) throws GeneralSecurityException {
        // a MAC might take other key lengths, but anything but the derived length is a caller's bug
        if (key.length != keyLength) {
            throw new InvalidKeyException(name + " needs a " + keyLength + "-byte key, not " + key.length);
        }
        return keyed(key);
    }

    /** The MAC keyed with {@code key}, whose length is checked; its form is {@link #isEncryptThenMac}'s. */
    abstract PacketMac keyed(byte[] key) throws GeneralSecurityException;
}
