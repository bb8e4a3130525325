// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal;

import java.util.regex.Pattern;

/** OpenSSH's wildcards (match.c {@code match_pattern}): {@code *} any run of characters, {@code ?} any one. */
public final class Wildcards {
    private Wildcards() {}

    /** The whole-string pattern for {@code glob}; every other character stands for itself. */
    public static Pattern pattern(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
