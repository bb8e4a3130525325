// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.io;

import java.net.SocketOption;
import java.nio.channels.NetworkChannel;

/**
 * Finds Linux's {@code TCP_QUICKACK} socket option ({@code jdk.net.ExtendedSocketOptions}) by name
 * among the options a channel supports, so that the core needs neither the {@code jdk.net} module
 * nor, in OSGi, a boot-delegated package. Where the platform has no such option it is simply absent.
 */
final class QuickAck {
    private static final String NAME = "TCP_QUICKACK";
    private static volatile SocketOption<Boolean> option;
    private static volatile boolean searched;

    private QuickAck() {
    }

    /** The option, or null where the platform does not offer it. */
    @SuppressWarnings("unchecked")
    static SocketOption<Boolean> option(NetworkChannel channel) {
        if (!searched) {
            for (SocketOption<?> candidate : channel.supportedOptions()) {
                if (NAME.equals(candidate.name()) && candidate.type() == Boolean.class) {
                    option = (SocketOption<Boolean>) candidate;
                }
            }
            searched = true;
        }
        return option;
    }
}
