// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

/**
 * What {@link SshClient} does with a server whose host key its known_hosts file does not list
 * (paramiko's MissingHostKeyPolicy). A key that differs from the listed one, or is marked
 * {@code @revoked}, is refused under every policy.
 */
public enum HostKeyPolicy {
    /** Refuse the server (the default, as OpenSSH's {@code StrictHostKeyChecking yes}). */
    REJECT,
    /** Accept it this time and log a warning, without remembering it. */
    WARN,
    /** Accept it and append it to the known_hosts file ({@code StrictHostKeyChecking accept-new}). */
    AUTO_ADD
}
