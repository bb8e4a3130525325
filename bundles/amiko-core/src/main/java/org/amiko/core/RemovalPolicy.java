// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

/**
 * What happens to a live session whose negotiated algorithm is no longer offered, because its
 * plug-in left or the configuration dropped it.
 */
public enum RemovalPolicy {
    /**
     * Re-exchange keys at once onto what remains (the default); if the peer shares nothing with
     * the new offer, the session ends with {@code KEY_EXCHANGE_FAILED} and a reason naming the
     * algorithm. Channels and their data are untouched by the re-exchange.
     */
    REKEY,
    /** Keep the algorithm instance the session holds until its next key exchange. */
    KEEP,
    /** Disconnect the session ({@code BY_APPLICATION}), naming the algorithm. */
    DISCONNECT;

    /** Parses {@code rekey}, {@code keep} or {@code disconnect}, as in {@code etc/org.amiko.sshd.cfg}. */
    public static RemovalPolicy parse(String value) {
        for (RemovalPolicy policy : values()) {
            if (policy.name().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return policy;
            }
        }
        throw new IllegalArgumentException("onAlgorithmRemoved must be rekey, keep or disconnect, not " + value);
    }
}
