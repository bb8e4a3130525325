// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import org.amiko.forward.X11Display;
import org.amiko.forward.X11ProxyDisplay;

/**
 * The appliance's X11 forwarding settings, sshd_config's {@code X11Forwarding} and
 * {@code X11DisplayOffset} ({@code X11UseLocalhost} is always yes: displays listen on loopback),
 * and the {@code xauth} program that writes a session's cookie, as sshd's {@code XAuthLocation}.
 *
 * @param enabled whether {@code x11-req} may be granted (with {@code shell=os} and a key that allows it)
 * @param displayOffset the first display number tried
 * @param xauth the xauth program: a path, or a name looked up on the server's {@code PATH}
 */
record X11Settings(boolean enabled, int displayOffset, String xauth) {
    /** sshd's default: no X11 forwarding. */
    static final X11Settings OFF = new X11Settings(false, X11ProxyDisplay.DEFAULT_DISPLAY_OFFSET, "xauth");

    /**
     * @throws IllegalArgumentException for an offset with no TCP port above it
     */
    X11Settings {
        if (displayOffset < 0 || displayOffset > 0xFFFF - X11Display.TCP_PORT_BASE) {
            throw new IllegalArgumentException("x11DisplayOffset must be from 0 to "
                    + (0xFFFF - X11Display.TCP_PORT_BASE) + ", not " + displayOffset);
        }
    }

    /** X11 forwarding on or off, from the offset given, with {@code xauth} from the PATH. */
    static X11Settings of(boolean enabled, int displayOffset) {
        return new X11Settings(enabled, displayOffset, OFF.xauth());
    }
}
