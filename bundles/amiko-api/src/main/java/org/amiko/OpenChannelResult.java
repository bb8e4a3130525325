// SPDX-License-Identifier: Apache-2.0
package org.amiko;

/** The answer to {@code SSH_MSG_CHANNEL_OPEN}: success or one of the RFC 4254 section 5.1 reason codes. */
public enum OpenChannelResult {
    SUCCEEDED(0),
    ADMINISTRATIVELY_PROHIBITED(1),
    CONNECT_FAILED(2),
    UNKNOWN_CHANNEL_TYPE(3),
    RESOURCE_SHORTAGE(4);

    private final int code;

    OpenChannelResult(int code) {
        this.code = code;
    }

    /** The wire reason code (0 for success, which has none on the wire). */
    public int code() {
        return code;
    }

    /** The result for a wire reason code; unknown codes read as {@link #ADMINISTRATIVELY_PROHIBITED}. */
    public static OpenChannelResult of(int code) {
        for (OpenChannelResult result : values()) {
            if (result.code == code && result != SUCCEEDED) {
                return result;
            }
        }
        return ADMINISTRATIVELY_PROHIBITED;
    }
}
