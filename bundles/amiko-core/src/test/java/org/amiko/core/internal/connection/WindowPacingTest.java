// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.connection;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The decisions of {@link WindowPacing}: whom a bulk write waits for, and when it stops waiting. */
class WindowPacingTest {
    private static final long WINDOW = 2 * 1024 * 1024;
    private static final long BULK = 256 * 1024;

    /** A peer that adjusted once while its window was still three quarters open, as OpenSSH does. */
    private static WindowPacing earlyAdjuster() {
        WindowPacing pacing = new WindowPacing();
        pacing.opened(WINDOW);
        pacing.adjusted(WINDOW * 3 / 4, WINDOW);
        return pacing;
    }

    @Test
    void aBulkWriteWaitsAtHalfTheWindowForAPeerThatAdjustsEarly() {
        WindowPacing pacing = earlyAdjuster();
        assertFalse(pacing.shouldHold(WINDOW / 2 + 1, BULK));
        assertTrue(pacing.shouldHold(WINDOW / 2, BULK));
        assertTrue(pacing.shouldHold(1, BULK));
    }

    @Test
    void aPeerThatAdjustsOnlyWhenItsWindowIsLowIsNeverWaitedFor() {
        // JSch and MINA adjust once the window is below half; a peer may also wait until it is empty
        WindowPacing pacing = new WindowPacing();
        pacing.opened(WINDOW);
        pacing.adjusted(WINDOW / 2 - 1, WINDOW);
        pacing.adjusted(0, WINDOW);
        assertFalse(pacing.shouldHold(WINDOW / 4, BULK));
        assertFalse(pacing.shouldHold(1, BULK));
    }

    @Test
    void nothingIsHeldBeforeThePeerHasAdjustedAtAll() {
        WindowPacing pacing = new WindowPacing();
        pacing.opened(WINDOW);
        assertFalse(pacing.shouldHold(WINDOW / 4, BULK));
    }

    @Test
    void smallWritesNeverWait() {
        WindowPacing pacing = earlyAdjuster();
        assertFalse(pacing.shouldHold(WINDOW / 4, WindowPacing.BULK_WRITE - 1));
        assertTrue(pacing.shouldHold(WINDOW / 4, WindowPacing.BULK_WRITE));
    }

    @Test
    void anEmptyWindowIsLeftToTheOrdinaryWindowWait() {
        assertFalse(earlyAdjuster().shouldHold(0, BULK));
    }

    @Test
    void afterAHoldRanOutThereIsNoneUntilTheNextAdjustment() {
        // a peer whose consumer stopped costs one bounded wait, not one per packet
        WindowPacing pacing = earlyAdjuster();
        pacing.ranOut();
        assertFalse(pacing.shouldHold(WINDOW / 4, BULK));
        assertFalse(pacing.shouldHold(1, BULK));
        pacing.adjusted(0, 64 * 1024);
        assertTrue(pacing.shouldHold(64 * 1024, BULK));
    }

    @Test
    void theLevelFollowsTheLargestWindowThePeerGranted() {
        WindowPacing pacing = new WindowPacing();
        pacing.opened(64 * 1024);
        pacing.adjusted(48 * 1024, WINDOW);
        assertTrue(pacing.shouldHold(WINDOW / 2, BULK));
        assertFalse(pacing.shouldHold(WINDOW / 2 + 1, BULK));
    }
}
