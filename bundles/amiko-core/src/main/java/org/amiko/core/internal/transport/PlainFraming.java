// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.transport;

import org.amiko.spi.cipher.PacketOpener;
import org.amiko.spi.cipher.PacketSealer;

/**
 * The framing in force before the first {@code SSH_MSG_NEWKEYS}: cipher and MAC "none"
 * (RFC 4253 section 6, block size 8).
 */
final class PlainFraming implements PacketSealer, PacketOpener {
    static final PlainFraming INSTANCE = new PlainFraming();

    private PlainFraming() {}

    @Override
    public int blockSize() {
        return 8;
    }

    @Override
    public boolean isLengthOutsidePadding() {
        return false;
    }

    @Override
    public int trailerLength() {
        return 0;
    }

    @Override
    public void seal(int sequence, byte[] packet, int offset, int length) {
        // nothing to encrypt or authenticate
    }

    @Override
    public int lengthBlockSize() {
        return 4;
    }

    @Override
    public int packetLength(int sequence, byte[] buffer, int offset) {
        return ((buffer[offset] & 0xff) << 24) | ((buffer[offset + 1] & 0xff) << 16)
                | ((buffer[offset + 2] & 0xff) << 8) | (buffer[offset + 3] & 0xff);
    }

    @Override
    public void open(int sequence, byte[] buffer, int offset, int length) {
        // nothing to verify or decrypt
    }
}
