// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.security.PublicKey;
import java.util.Objects;

/**
 * One key line of a known_hosts file (sshd(8) SSH_KNOWN_HOSTS FILE FORMAT):
 * {@code [@marker] hostpatterns keytype base64 [comment]}.
 *
 * @param lineNumber the line in the file, from 1; 0 for an entry added since the file was read
 * @param marker {@link Marker#NONE}, or the {@code @cert-authority} or {@code @revoked} marker
 * @param hosts the host field as written: comma-separated patterns, or one hashed name
 *     {@code |1|salt|hash}
 * @param key the public key
 * @param comment the text after the key, empty when there is none
 */
public record KnownHostEntry(int lineNumber, Marker marker, String hosts, PublicKey key, String comment) {

    /** The marker that may start a line. */
    public enum Marker {
        /** A host key. */
        NONE,
        /**
         * {@code @cert-authority}: the key signs host certificates for the hosts; it is not itself a
         * host key, so it never makes a plain key trusted.
         */
        CERT_AUTHORITY,
        /** {@code @revoked}: the key must never be accepted for the hosts. */
        REVOKED
    }

    public KnownHostEntry {
        Objects.requireNonNull(marker, "marker");
        Objects.requireNonNull(hosts, "hosts");
        Objects.requireNonNull(key, "key");
        comment = comment == null ? "" : comment;
    }

    /** Whether the host field is a hashed name ({@code HashKnownHosts yes}, {@code ssh-keygen -H}). */
    public boolean isHashed() {
        return HostPatterns.isHashed(hosts);
    }

    /**
     * Whether this line is for {@code host} on {@code port}: its hashed name is that host's, or its
     * patterns match and none of the negated ones does. Ports other than 22 are looked up as
     * {@code [host]:port}, as ssh does.
     */
    public boolean matches(String host, int port) {
        String name = HostPatterns.hostPort(host, port);
        if (isHashed()) {
            try {
                return HostPatterns.matchesHashed(name, hosts);
            } catch (IllegalArgumentException e) {
                return false; // refused when read; only an entry built by hand can get here
            }
        }
        return HostPatterns.matchHostname(name, hosts) == 1;
    }
}
