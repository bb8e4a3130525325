// SPDX-License-Identifier: Apache-2.0
package org.amiko;

/** The peer refused to open a channel ({@code SSH_MSG_CHANNEL_OPEN_FAILURE}, RFC 4254 section 5.1). */
public class ChannelOpenException extends SshException {
    private static final long serialVersionUID = 1L;

    private final OpenChannelResult reason;
    private final String description;

    public ChannelOpenException(OpenChannelResult reason, String description) {
        super("channel open failed: " + reason + (description == null || description.isEmpty() ? "" : ": " + description));
        this.reason = reason;
        this.description = description == null ? "" : description;
    }

    public OpenChannelResult getReason() {
        return reason;
    }

    /** The description sent with the refusal (empty when none). */
    public String getDescription() {
        return description;
    }
}
