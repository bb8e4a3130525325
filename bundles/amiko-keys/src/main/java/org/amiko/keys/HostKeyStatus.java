// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

/**
 * What a known_hosts file says about a host and the key it presented, in the terms of OpenSSH's
 * hostfile.c ({@code HOST_OK}, {@code HOST_REVOKED}, {@code HOST_CHANGED}, {@code HOST_NEW}).
 */
public enum HostKeyStatus {
    /** A line for this host holds exactly this key. */
    TRUSTED,
    /** An {@code @revoked} line for this host holds this key: never to be accepted. */
    REVOKED,
    /**
     * The host is known, but none of its keys is this one: the warning ssh prints as "REMOTE HOST
     * IDENTIFICATION HAS CHANGED". As in OpenSSH and paramiko this includes a key of another type
     * than the ones on file, so that an attacker cannot pass by offering a type we have not seen.
     */
    CHANGED,
    /** No line names this host (certificate authority lines aside). */
    UNKNOWN,
    /**
     * A host certificate whose authority is on file for this host, but which is not valid for it
     * (expired, not yet valid, not naming the host, with critical options, or a user certificate),
     * and whose plain key is not on file either. ssh would go on to offer that key as a new one;
     * this refuses it, as a key whose certificate failed is no key to learn.
     */
    CERTIFICATE_INVALID
}
