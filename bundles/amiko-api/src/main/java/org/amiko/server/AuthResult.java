// SPDX-License-Identifier: Apache-2.0
package org.amiko.server;

/** A server's answer to one authentication attempt (RFC 4252 section 5.1). */
public enum AuthResult {
    /** The user is authenticated. */
    SUCCESSFUL,
    /** The method worked, but more are required ({@code partial success}). */
    PARTIALLY_SUCCESSFUL,
    /** Refused. */
    FAILED
}
