// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.connection;

import java.util.function.Predicate;

/**
 * The few packet-sized arrays one channel's bulk sender seals its data packets in, reused once the
 * socket has taken them. A packet is framed and sealed in place (see
 * {@link org.amiko.core.internal.transport.TransportEngine#sendFramed}) and its array queued for the
 * socket; allocating a fresh 32 KiB array for every packet costs a zeroing and the cache misses of
 * new memory per packet, which showed as a large share of the bulk sender's samples. Only bulk-size
 * packets use the pool, so an interactive channel never holds one; a bulk channel holds at most
 * {@link #SLOTS} arrays until it closes. Not thread-safe: the channel's write lock guards it.
 */
final class PacketBuffers {
    static final int SLOTS = 4;

    private final int size;
    private final Predicate<byte[]> stillQueued;
    private final byte[][] spare = new byte[SLOTS][];
    private int next;

    /**
     * @param size the length of a pooled array (a full packet with head- and tailroom)
     * @param stillQueued whether the socket has yet to write an array handed to it
     */
    PacketBuffers(int size, Predicate<byte[]> stillQueued) {
        this.size = size;
        this.stillQueued = stillQueued;
    }

    /**
     * An array of at least {@code length} bytes, not zeroed: for a packet of bulk size (more than
     * half the pooled size) a reused one when one is free, else a new pooled-size one.
     */
    byte[] take(int length) {
        if (length > size || length <= size / 2) {
            return new byte[length];
        }
        for (int i = 0; i < SLOTS; i++) {
            byte[] candidate = spare[i];
            if (candidate != null && !stillQueued.test(candidate)) {
                spare[i] = null;
                return candidate;
            }
        }
        return new byte[size];
    }

    /** Keeps a full-size array handed to the socket, for a later {@link #take} once written. */
    void keep(byte[] sent) {
        if (sent.length != size) {
            return;
        }
        for (int i = 0; i < SLOTS; i++) {
            if (spare[i] == null) {
                spare[i] = sent;
                return;
            }
        }
        // all slots hold arrays still queued: replace one in turn, the dropped one goes to the GC
        spare[next] = sent;
        next = (next + 1) % SLOTS;
    }

    /** Forgets every array (the channel is closed). */
    void clear() {
        java.util.Arrays.fill(spare, null);
    }
}
