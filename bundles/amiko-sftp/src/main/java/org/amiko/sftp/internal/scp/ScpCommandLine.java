// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.scp;

import java.util.ArrayList;
import java.util.List;

/**
 * The remote command line of the legacy SCP protocol, as OpenSSH's {@code scp -O} and PuTTY's
 * {@code pscp -scp} send it: {@code scp [-v] [-r] [-p] [-d] -t|-f [--] PATH...}. The paths went
 * through a shell on OpenSSH's side, so quotes and backslashes are undone here as {@code sh} would;
 * nothing else of the shell is imitated.
 *
 * @param sink {@code -t}: the client sends files to us
 * @param recursive {@code -r}
 * @param preserve {@code -p}: times and modes travel with the files
 * @param targetIsDirectory {@code -d}: the target must be a directory
 * @param paths the target ({@code -t}) or the sources ({@code -f})
 */
public record ScpCommandLine(boolean sink, boolean recursive, boolean preserve, boolean targetIsDirectory,
        List<String> paths) {
    /** A command line longer than this is refused before it is split. */
    private static final int MAX_LENGTH = 64 * 1024;

    /**
     * @throws IllegalArgumentException with a usage message for anything else
     */
    public static ScpCommandLine parse(String commandLine) {
        if (commandLine.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("command line too long");
        }
        List<String> words = words(commandLine);
        if (words.isEmpty() || !words.get(0).equals("scp") && !words.get(0).endsWith("/scp")) {
            throw new IllegalArgumentException("not an scp command");
        }
        boolean to = false;
        boolean from = false;
        boolean recursive = false;
        boolean preserve = false;
        boolean directory = false;
        int index = 1;
        for (; index < words.size() && words.get(index).startsWith("-"); index++) {
            String word = words.get(index);
            if (word.equals("--")) {
                index++;
                break;
            }
            for (char option : word.substring(1).toCharArray()) {
                switch (option) {
                    case 't' -> to = true;
                    case 'f' -> from = true;
                    case 'r' -> recursive = true;
                    case 'p' -> preserve = true;
                    case 'd' -> directory = true;
                    case 'v', 'q' -> { }
                    default -> throw new IllegalArgumentException("unknown option -" + option);
                }
            }
        }
        if (to == from) {
            throw new IllegalArgumentException("exactly one of -t and -f is needed");
        }
        List<String> paths = List.copyOf(words.subList(index, words.size()));
        if (paths.isEmpty() || to && paths.size() != 1) {
            throw new IllegalArgumentException(to ? "-t takes one target" : "-f takes at least one source");
        }
        return new ScpCommandLine(to, recursive, preserve, directory, paths);
    }

    /** Splits as {@code sh} does for quotes and backslashes. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated quote");
                }
                word.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                i = doubleQuoted(line, i + 1, word);
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                if (line.charAt(i + 1) != '\n') {
                    word.append(line.charAt(i + 1));
                    inWord = true;
                }
                i++;
            } else if (c == ' ' || c == '\t' || c == '\n') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Inside double quotes a backslash escapes only {@code $ ` " \} and newline. */
    private static int doubleQuoted(String line, int start, StringBuilder word) {
        for (int i = start; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\' && i + 1 < line.length() && "$`\"\\\n".indexOf(line.charAt(i + 1)) >= 0) {
                if (line.charAt(i + 1) != '\n') {
                    word.append(line.charAt(i + 1));
                }
                i++;
            } else {
                word.append(c);
            }
        }
        throw new IllegalArgumentException("unterminated quote");
    }
}
