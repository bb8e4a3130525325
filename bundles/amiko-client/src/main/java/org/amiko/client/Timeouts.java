// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import java.time.Duration;

/** How the client's errors name a timeout. */
final class Timeouts {
    private Timeouts() {}

    /** Whole seconds as {@code N s}, else milliseconds as {@code N ms}, as the transport's errors give them. */
    static String describe(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }
}
