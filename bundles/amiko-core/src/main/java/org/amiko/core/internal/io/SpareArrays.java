// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.io;

import java.util.Arrays;

/**
 * Arrays the socket has finished writing, kept for the next bulk data packet instead of a fresh
 * allocation. A bulk channel frames and seals each packet in an array of one length (a full data
 * packet with head- and tailroom); allocating it per packet costs a 32 KiB zeroing and the cache
 * misses of new memory, which showed as most of a fast sender's samples. Every array given to
 * {@link NioConnection#enqueue} is handed over (see {@code TransportEngine.Host#output}), so once
 * written nobody else holds it and it may be filled again.
 *
 * <p>At most {@link #SPARES} arrays are kept, only of the length last asked for, and all are
 * dropped when a tick passes without a take: an idle connection holds none. Not thread-safe: the
 * connection's monitor guards it.
 */
final class SpareArrays {
    static final int SPARES = 4;

    private final byte[][] spares = new byte[SPARES][];
    private int count;
    private int length = -1;
    private boolean takenSinceTrim;

    /** A written array of exactly {@code wanted} bytes (contents undefined), or null if none is kept. */
    byte[] take(int wanted) {
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

    /** Keeps an array the socket has written, if it is of the wanted length and there is room. */
    void offer(byte[] written) {
        if (written.length == length && count < SPARES) {
            spares[count++] = written;
        }
    }

    /** Drops every kept array unless one was taken since the last call (once a tick). */
    void trimIfIdle() {
        if (!takenSinceTrim) {
            clear();
        }
        takenSinceTrim = false;
    }

    void clear() {
        Arrays.fill(spares, 0, count, null);
        count = 0;
    }

    int count() {
        return count;
    }
}
