// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

/** The algorithm name rules of RFC 4251 section 6. */
final class WireNames {
    private WireNames() {}

    /**
     * Whether {@code name} is a legal algorithm name: 1-64 printable US-ASCII characters without
     * comma, space or control characters; at most one {@code @}, with a non-empty local part and
     * domain.
     */
    static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.length() > 64) {
            return false;
        }
        int at = -1;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 127 || c == ',') {
                return false;
            }
            if (c == '@') {
                if (at >= 0) {
                    return false;
                }
                at = i;
            }
        }
        return at != 0 && at != name.length() - 1;
    }
}
