// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.util.ArrayList;
import java.util.List;

/**
 * The words of a line of OpenSSH's configuration files, as ssh_config and sshd_config lines are
 * split ({@code argv_split} in OpenSSH's {@code misc.c}, with comments ending the line): words are
 * separated by white space; double or single quotes take what they enclose whole, anywhere in a
 * word ({@code NAME="a b"} is the one word {@code NAME=a b}); a backslash takes the quote,
 * backslash or (outside quotes) space after it literally, and is kept before anything else; a word
 * that starts with {@code #} ends the line.
 *
 * @since 1.11
 */
public final class ConfigWords {
    private ConfigWords() {}

    /**
     * The words of {@code text}; none for a blank line or a comment.
     *
     * @throws IllegalArgumentException for a quote left open
     */
    public static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        int i = 0;
        int length = text.length();
        while (true) {
            while (i < length && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= length || text.charAt(i) == '#') {
                return List.copyOf(words);
            }
            StringBuilder word = new StringBuilder();
            char quote = 0;
            for (; i < length; i++) {
                char c = text.charAt(i);
                char next = i + 1 < length ? text.charAt(i + 1) : 0;
                if (c == '\\' && (next == '\'' || next == '"' || next == '\\' || (quote == 0 && next == ' '))) {
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
