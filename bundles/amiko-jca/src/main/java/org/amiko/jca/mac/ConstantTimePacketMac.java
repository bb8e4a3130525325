// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.mac;

import java.security.MessageDigest;
import org.amiko.spi.mac.PacketMac;

/**
 * A packet MAC that verifies by computing the tag into a scratch array and comparing it with the
 * received one in constant time; the two arrays serve every packet, so nothing is allocated per
 * packet. Not thread-safe, as the SPI says.
 */
abstract class ConstantTimePacketMac implements PacketMac {
    private final boolean encryptThenMac;
    private final byte[] expected;
    private final byte[] received;

    ConstantTimePacketMac(int length, boolean encryptThenMac) {
        this.encryptThenMac = encryptThenMac;
        this.expected = new byte[length];
        this.received = new byte[length];
    }

    @Override
    public final int length() {
        return expected.length;
    }

    @Override
    public final boolean isEncryptThenMac() {
        return encryptThenMac;
    }

    @Override
    public final boolean verify(int sequence, byte[] data, int offset, int length, byte[] mac, int macOffset) {
        compute(sequence, data, offset, length, expected, 0);
        System.arraycopy(mac, macOffset, received, 0, received.length);
        return MessageDigest.isEqual(expected, received);
    }
}
