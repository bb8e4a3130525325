// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import java.util.Map;

/** ssh's {@code percent_expand}: {@code %x} tokens replaced by their values, {@code %%} by {@code %}. */
final class PercentTokens {
    private PercentTokens() {}

    /**
     * @param values the value of each token letter known here
     * @param refuseUnknown whether an unknown token is an error (else it is kept as written)
     * @throws IllegalArgumentException for an unknown token when {@code refuseUnknown}
     */
    static String expand(String text, Map<Character, String> values, boolean refuseUnknown) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '%' || i + 1 == text.length()) {
                out.append(c);
                continue;
            }
            char token = text.charAt(++i);
            String value = token == '%' ? "%" : values.get(token);
            if (value != null) {
                out.append(value);
            } else if (refuseUnknown) {
                throw new IllegalArgumentException("token %" + token + " is not known here");
            } else {
                out.append('%').append(token);
            }
        }
        return out.toString();
    }
}
