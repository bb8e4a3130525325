// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import java.util.List;
import java.util.Locale;
import org.amiko.keys.ConfigWords;

/**
 * One line of an OpenSSH client configuration, split as readconf.c splits it: the keyword
 * ({@code strdelim}: up to white space or an {@code =}, which may stand between white space once),
 * then the arguments ({@link ConfigWords}, as {@code argv_split}: single or double quotes around
 * spaces, and a word starting with {@code #} ends the line).
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
        return new ConfigLine(keyword, ConfigWords.split(rest), rest);
    }

    private static int skipSpace(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
