// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import java.util.Map;
import java.util.function.Function;

/** ssh's {@code percent_expand}: {@code %x} tokens replaced by their values, {@code %%} by {@code %}. */
final class PercentTokens {
    private PercentTokens() {}

    /** A token the text holds that is not known where it is expanded. */
    static final class UnknownToken extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnknownToken(char token) {
            super("token %" + token + " is not known here");
        }
    }

    /**
     * @param values the value of each token letter known here
     * @param refuseUnknown whether an unknown token is an error (else it is kept as written)
     * @throws UnknownToken for an unknown token when {@code refuseUnknown}
     */
    static String expand(String text, Map<Character, String> values, boolean refuseUnknown) {
        return expand(text, values::get, refuseUnknown);
    }

    /**
     * As {@link #expand(String, Map, boolean)}, asking {@code values} only for the tokens the text
     * holds (null for one not known here), so that a value is looked at only where it is used.
     */
    static String expand(String text, Function<Character, String> values, boolean refuseUnknown) {
        return expand(text, values, refuseUnknown, null);
    }

    /**
     * As {@link #expand(String, Function, boolean)}, and with {@code environment}, ssh's
     * {@code percent_dollar_expand}: {@code ${NAME}} is replaced by that environment variable in
     * the same pass, so that neither kind of value is expanded again.
     *
     * @param environment the variables, or null to leave {@code ${...}} as written
     * @throws IllegalArgumentException for a variable that has no value, or an unterminated {@code ${}
     */
    static String expand(String text, Function<Character, String> values, boolean refuseUnknown,
            Function<String, String> environment) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (environment != null && c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    throw new IllegalArgumentException("an unterminated ${ in " + text);
                }
                String name = text.substring(i + 2, close);
                String value = environment.apply(name);
                if (value == null) {
                    throw new IllegalArgumentException("environment variable ${" + name + "} has no value");
                }
                out.append(value);
                i = close;
                continue;
            }
            if (c != '%' || i + 1 == text.length()) {
                out.append(c);
                continue;
            }
            char token = text.charAt(++i);
            String value = token == '%' ? "%" : values.apply(token);
            if (value != null) {
                out.append(value);
            } else if (refuseUnknown) {
                throw new UnknownToken(token);
            } else {
                out.append('%').append(token);
            }
        }
        return out.toString();
    }
}
