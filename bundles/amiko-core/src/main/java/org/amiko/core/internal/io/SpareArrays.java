// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.io;

import java.util.Arrays;

/**
 * Arrays of finished packets, kept for the next bulk data packet instead of a fresh allocation. A
 * bulk channel's packets are all of one length (a full data packet, with head- and tailroom on the
 * sending side); allocating one per packet costs a 32 KiB zeroing, the cache misses of new memory
 * and young collections, which showed as most of a fast sender's samples and a tenth of a
 * receiver's. Two kinds come back:
 * <ul>
 *   <li>sent: arrays the socket has written. Every array given to {@link NioConnection#enqueue} is
 *       handed over (see {@code TransportEngine.Host#output}), so once written nobody else holds it;
 *   <li>received: arrays of channel data the application has read to the end ({@code ChannelInput}),
 *       which nobody else holds once read.
 * </ul>
 * Either may be filled again.
 *
 * <p>No more arrays and bytes are kept than the capacity allows, only of the length last asked for
 * (of at least {@link #MIN_LENGTH}), and all are dropped when a tick passes without a take: an idle connection holds none. Not
 * thread-safe: its owner's lock guards it (the connection's monitor for sent arrays, the packet
 * reader's for received ones).
 */
public final class SpareArrays {
    /** How many written arrays a connection keeps: its socket writes lag its sealing by a few. */
    public static final int SENT = 4;
    /**
     * Arrays shorter than this are neither kept nor asked for: they cost little to make, and a
     * small packet among bulk ones (a window adjustment, a keystroke's echo) must not drop the
     * kept ones, as asking for another length does.
     */
    static final int MIN_LENGTH = 4096;

    private final int capacity;
    private final long maxBytes;
    /** Made at the first array kept: most connections never move bulk data. */
    private byte[][] spares;
    private int count;
    private int length = -1;
    private boolean takenSinceTrim;

    /** Keeps at most {@code capacity} arrays, and no more than {@code maxBytes} in all. */
    public SpareArrays(int capacity, long maxBytes) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
    }

    /** A kept array of exactly {@code wanted} bytes (contents undefined), or null if none is kept. */
    public byte[] take(int wanted) {
        if (wanted < MIN_LENGTH) {
            return null;
        }
        takenSinceTrim = true;
        if (wanted != length) {
            clear();
            length = wanted;
            return null;
        }
        if (count == 0) {
            return null;
        }
        byte[] array = spares[--count];
        spares[count] = null;
        return array;
    }

    /** Keeps an array nobody holds any more, if it is of the wanted length and there is room. */
    public void offer(byte[] written) {
        if (written.length == length && count < capacity && (count + 1L) * length <= maxBytes) {
            if (spares == null) {
                spares = new byte[capacity][];
            }
            spares[count++] = written;
        }
    }

    /** Drops every kept array unless one was taken since the last call (once a tick). */
    public void trimIfIdle() {
        if (!takenSinceTrim) {
            clear();
        }
        takenSinceTrim = false;
    }

    void clear() {
        if (spares != null) {
            Arrays.fill(spares, 0, count, null);
        }
        count = 0;
    }

    int count() {
        return count;
    }
}
