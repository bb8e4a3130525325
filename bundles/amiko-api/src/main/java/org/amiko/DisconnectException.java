// SPDX-License-Identifier: Apache-2.0
package org.amiko;

/**
 * The connection ended with {@code SSH_MSG_DISCONNECT} (RFC 4253 section 11.1), sent by either side;
 * {@link #isLocal()} tells which.
 */
public class DisconnectException extends SshException {
    private static final long serialVersionUID = 1L;

    private final DisconnectReason reason;
    private final boolean local;
    private final String description;

    public DisconnectException(DisconnectReason reason, String description, boolean local) {
        super((local ? "disconnected: " : "peer disconnected: ") + reason + ": " + description);
        this.reason = reason;
        this.local = local;
        this.description = description;
    }

    public DisconnectException(DisconnectReason reason, String description, boolean local, Throwable cause) {
        this(reason, description, local);
        initCause(cause);
    }

    /** The RFC 4253 reason code. */
    public DisconnectReason getReason() {
        return reason;
    }

    /** The description as it travels in the DISCONNECT message. */
    public String getDescription() {
        return description;
    }

    /** True when this side sent the disconnect, false when the peer did. */
    public boolean isLocal() {
        return local;
    }
}
