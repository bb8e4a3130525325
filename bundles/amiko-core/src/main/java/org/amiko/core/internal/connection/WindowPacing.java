// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.connection;

import java.util.concurrent.TimeUnit;

/**
 * When a bulk sender should leave part of the peer's channel window unused for a moment (RFC 4254
 * section 5.2 lets a sender use all of it). OpenSSH's client buffers whatever arrives until its
 * consumer (the {@code sftp} process, a pipe) takes it, and it copies that buffer around as it
 * drains: fed its whole 2 MiB window by a server faster than its consumer, it spent about twice the
 * CPU per byte on an SFTP download and reached 190-250 MB/s here; kept at half its window, 410-450
 * MB/s. OpenSSH's own server, slower to produce, never fills that window.
 *
 * <p>So a bulk write holds while the window is at or below half the largest the peer has granted,
 * until an adjustment lifts it, but only with a peer that has shown it adjusts before its window
 * runs low (an adjustment arrived while the window was above that level: OpenSSH adjusts after
 * three packets, paramiko after a tenth of the window). A peer that adjusts only when the window
 * is nearly used up is never held for. The hold is bounded ({@link #HOLD_NANOS}), and after one
 * that ran out there is none until the next adjustment, so a peer whose consumer has stopped
 * costs one bounded wait, and a long path, where adjustments take a round trip, loses at most that
 * much per window. Small writes (interactive traffic) never wait.
 *
 * <p>Not thread-safe: the channel's monitor guards it.
 */
final class WindowPacing {
    /** The longest a bulk write waits for the peer to catch up. */
    static final long HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** Writes shorter than this are not held: they are not bulk data. */
    static final int BULK_WRITE = 16 * 1024;

    private long largestWindow;
    private boolean adjustsEarly;
    private boolean holdRanOut;

    /** The window granted by the channel's open or open confirmation. */
    void opened(long window) {
        largestWindow = window;
    }

    /** An adjustment arrived while the window stood at {@code before}; it is now {@code after}. */
    void adjusted(long before, long after) {
        if (before > holdLevel()) {
            adjustsEarly = true;
        }
        holdRanOut = false;
        largestWindow = Math.max(largestWindow, after);
    }

    /** Whether a write of {@code remaining} bytes should wait, the window standing at {@code window}. */
    boolean shouldHold(long window, long remaining) {
        return adjustsEarly && !holdRanOut && remaining >= BULK_WRITE && window > 0 && window <= holdLevel();
    }

    /** A hold ended without an adjustment lifting the window: do not hold again until one does. */
    void ranOut() {
        holdRanOut = true;
    }

    private long holdLevel() {
        return largestWindow / 2;
    }
}
