// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.transport;

import org.amiko.spi.wire.WireReader;

/**
 * One received payload: {@code data[offset .. offset+length)}, whose first byte is the message
 * number. The array belongs to this packet alone, so it can be handed to another thread without a
 * copy. {@code sequence} is the packet's sequence number, which {@code SSH_MSG_UNIMPLEMENTED} quotes.
 */
public record Packet(byte[] data, int offset, int length, int sequence) {

    /** The message number. */
    public int type() {
        return data[offset] & 0xff;
    }

    /** A reader positioned after the message number. */
    public WireReader reader() {
        return new WireReader(data, offset + 1, length - 1);
    }

    /** A copy of the whole payload (message number included), as hashed in the exchange hash. */
    public byte[] payload() {
        byte[] copy = new byte[length];
        System.arraycopy(data, offset, copy, 0, length);
        return copy;
    }
}
