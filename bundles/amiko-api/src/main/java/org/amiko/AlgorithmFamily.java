// SPDX-License-Identifier: Apache-2.0
package org.amiko;

/** The negotiated algorithm lists of {@code SSH_MSG_KEXINIT} (RFC 4253 section 7.1). */
public enum AlgorithmFamily {
    KEX("kex"),
    HOST_KEY("host key"),
    CIPHER("cipher"),
    MAC("MAC"),
    COMPRESSION("compression");

    private final String label;

    AlgorithmFamily(String label) {
        this.label = label;
    }

    /** A human-readable name for messages. */
    public String label() {
        return label;
    }
}
