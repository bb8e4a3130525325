// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The options field of an authorized_keys line, read as OpenSSH's {@code sshauthopt_parse}
 * (auth-options.c) reads it: comma-separated, names matched without regard to case, values in
 * double quotes where only {@code \"} is an escape, and any unknown option, stray character or
 * unterminated quote fails the whole line, so that a typo never loosens a restriction.
 */
final class AuthorizedKeyOptions {
    /** Flags that sshd also accepts with a {@code no-} prefix. */
    private static final Set<String> NEGATABLE_FLAGS = Set.of("port-forwarding", "agent-forwarding",
            "x11-forwarding", "touch-required", "verify-required", "pty", "user-rc");
    private static final Set<String> FLAGS = Set.of("restrict", "cert-authority");
    private static final Set<String> VALUED = Set.of("command", "principals", "from", "expiry-time",
            "environment", "permitopen", "permitlisten", "tunnel");
    /** sshd refuses a line that repeats one of these. */
    private static final Set<String> SINGLE = Set.of("command", "principals");

    private AuthorizedKeyOptions() {
    }

    /**
     * The index just past the options field that starts {@code line} at {@code from}: the first
     * space or tab outside double quotes (OpenSSH's {@code sshkey_advance_past_options}).
     *
     * @throws ParseException if a quote is left open
     */
    static int end(String line, int from) throws ParseException {
        boolean quoted = false;
        int i = from;
        for (; i < line.length() && (quoted || (line.charAt(i) != ' ' && line.charAt(i) != '\t')); i++) {
            if (line.charAt(i) == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                i++;
            } else if (line.charAt(i) == '"') {
                quoted = !quoted;
            }
        }
        if (quoted) {
            throw new ParseException("unterminated quote in options", i);
        }
        return i;
    }

    /** Parses an options field (no surrounding white space). */
    static List<KeyOption> parse(String field) throws ParseException {
        List<KeyOption> options = new ArrayList<>();
        int i = 0;
        while (true) {
            int nameEnd = i;
            while (nameEnd < field.length() && field.charAt(nameEnd) != ',' && field.charAt(nameEnd) != '=') {
                nameEnd++;
            }
            String name = field.substring(i, nameEnd).toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                throw new ParseException("empty option", i);
            }
            String value = null;
            i = nameEnd;
            if (i < field.length() && field.charAt(i) == '=') {
                if (!VALUED.contains(name)) {
                    throw new ParseException("option " + KeyType.printable(name) + " takes no value or is unknown", i);
                }
                StringBuilder unquoted = new StringBuilder();
                i = dequote(field, i + 1, unquoted);
                value = unquoted.toString();
            } else if (VALUED.contains(name)) {
                throw new ParseException("option " + name + " needs a quoted value", i);
            } else if (!isFlag(name)) {
                throw new ParseException("unknown option " + KeyType.printable(name), i);
            }
            if (SINGLE.contains(name) && options.stream().anyMatch(option -> option.name().equals(name))) {
                throw new ParseException("more than one " + name + " option", i);
            }
            options.add(new KeyOption(name, value));
            if (i == field.length()) {
                return options;
            }
            if (field.charAt(i) != ',') {
                throw new ParseException("unexpected character after option " + name, i);
            }
            i++;
            if (i == field.length()) {
                throw new ParseException("options end with a comma", i);
            }
        }
    }

    private static boolean isFlag(String name) {
        return FLAGS.contains(name) || NEGATABLE_FLAGS.contains(name)
                || (name.startsWith("no-") && NEGATABLE_FLAGS.contains(name.substring(3)));
    }

    /**
     * Reads a double-quoted value starting at {@code start} (OpenSSH's {@code opt_dequote}): a
     * backslash escapes only a double quote; any other backslash is kept as it is.
     *
     * @return the index after the closing quote
     */
    private static int dequote(String field, int start, StringBuilder out) throws ParseException {
        if (start >= field.length() || field.charAt(start) != '"') {
            throw new ParseException("option value must start with a double quote", start);
        }
        int i = start + 1;
        while (i < field.length() && field.charAt(i) != '"') {
            if (field.charAt(i) == '\\' && i + 1 < field.length() && field.charAt(i + 1) == '"') {
                i++;
            }
            out.append(field.charAt(i++));
        }
        if (i >= field.length()) {
            throw new ParseException("unterminated quote in option value", i);
        }
        return i + 1;
    }
}
