// SPDX-License-Identifier: Apache-2.0
package org.amiko.spi;

import java.util.Locale;

/**
 * How much an algorithm can be trusted today. Only {@link #RECOMMENDED} algorithms are offered by
 * default; the others must be named in the configuration, and stay visibly marked wherever they are
 * listed.
 */
public enum SecurityLevel {
    /** Offered by default. */
    RECOMMENDED,
    /** Still needed for old peers (for example {@code hmac-sha1}); offered only when configured. */
    LEGACY,
    /** Known broken or for tests only; offered only when configured. */
    INSECURE;

    /** The service property value, as written in {@link SshAlgorithm#security()}. */
    public String propertyValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a service property value.
     *
     * @throws IllegalArgumentException if the value is none of {@code recommended}, {@code legacy},
     *     {@code insecure}
     */
    public static SecurityLevel fromProperty(String value) {
        if (value != null) {
            for (SecurityLevel level : values()) {
                if (level.propertyValue().equals(value.trim().toLowerCase(Locale.ROOT))) {
                    return level;
                }
            }
        }
        throw new IllegalArgumentException(
                "amiko.security must be recommended, legacy or insecure, not " + value);
    }
}
