// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One line of an OpenSSH client configuration, split as readconf.c splits it: the keyword
 * ({@code strdelim}: up to white space or an {@code =}, which may stand between white space once),
 * then the arguments ({@code argv_split}: white space between them, single or double quotes around
 * spaces, a backslash before a quote, a backslash or a space, and a word starting with {@code #}
 * ends the line).
 *
 * @param keyword in lower case
 * @param arguments as split
 * @param rest what follows the keyword and its separator, as written (ProxyCommand's value)
 */
record ConfigLine(String keyword, List<String> arguments, String rest) {

    /**
     * The line split, or null for an empty line or a comment.
     *
     * @throws IllegalArgumentException for an unterminated quote
     */
    static ConfigLine split(String line) {
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
            return null;
        }
        int i = 0;
        while (i < text.length() && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != '=') {
            i++;
        }
        String keyword = text.substring(0, i).toLowerCase(Locale.ROOT);
        i = skipSpace(text, i);
        if (i < text.length() && text.charAt(i) == '=') {
            i = skipSpace(text, i + 1);
        }
        String rest = text.substring(i);
        return new ConfigLine(keyword, arguments(rest), rest);
    }

    private static int skipSpace(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static List<String> arguments(String text) {
        List<String> words = new ArrayList<>();
        int i = 0;
        while (true) {
            i = skipSpace(text, i);
            if (i >= text.length() || text.charAt(i) == '#') {
                return List.copyOf(words);
            }
            StringBuilder word = new StringBuilder();
            char quote = 0;
            for (; i < text.length(); i++) {
                char c = text.charAt(i);
                char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
                if (c == '\\' && (next == '\'' || next == '"' || next == '\\' || quote == 0 && next == ' ')) {
                    word.append(next);
                    i++;
                } else if (quote == 0 && Character.isWhitespace(c)) {
                    break;
                } else if (quote == 0 && (c == '"' || c == '\'')) {
                    quote = c;
                } else if (quote != 0 && c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            }
            if (quote != 0) {
                throw new IllegalArgumentException("an unterminated quote");
            }
            words.add(word.toString());
        }
    }
}
