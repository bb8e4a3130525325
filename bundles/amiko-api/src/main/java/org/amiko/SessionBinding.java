// SPDX-License-Identifier: Apache-2.0
package org.amiko;

import java.util.Objects;

/**
 * What a server proved in a connection's first key exchange, as OpenSSH's ssh-agent wants it in
 * {@code session-bind@openssh.com} (PROTOCOL.agent section 1) so that keys added with destination
 * constraints ({@code ssh-add -h}) are used only where they may be: the server's host key blob,
 * the session identifier (the first exchange hash, RFC 4253 section 7.2), and the server's
 * signature over it. Nothing here is secret, but it is copied in and out, so no caller can alter
 * what another reads.
 *
 * @since 1.4
 */
public final class SessionBinding {
    private final byte[] hostKey;
    private final byte[] sessionId;
    private final byte[] signature;

    public SessionBinding(byte[] hostKey, byte[] sessionId, byte[] signature) {
        this.hostKey = Objects.requireNonNull(hostKey, "hostKey").clone();
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId").clone();
        this.signature = Objects.requireNonNull(signature, "signature").clone();
    }

    /** The server's host key blob, as sent in the key exchange (K_S). */
    public byte[] hostKey() {
        return hostKey.clone();
    }

    /** The session identifier. */
    public byte[] sessionId() {
        return sessionId.clone();
    }

    /** The server's signature blob over the session identifier. */
    public byte[] signature() {
        return signature.clone();
    }
}
