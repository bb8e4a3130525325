// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp.internal.scp;

import java.io.IOException;

/**
 * A {@code C} (file) or {@code D} (directory) control record of the SCP protocol,
 * {@code C0644 SIZE NAME}, and the parser of {@code T} records, checked as strictly as OpenSSH's
 * {@code sink()}: four octal digits, a decimal size, and a name that is one path component.
 */
record ScpRecord(int mode, long size, String name) {

    static ScpRecord parse(String line, ScpStream stream) throws IOException {
        if (line.length() < 6 || line.charAt(5) != ' ') {
            throw stream.fatal("protocol error: bad mode");
        }
        int mode = 0;
        for (int i = 1; i < 5; i++) {
            char digit = line.charAt(i);
            if (digit < '0' || digit > '7') {
                throw stream.fatal("protocol error: bad mode");
            }
            mode = mode * 8 + (digit - '0');
        }
        int space = line.indexOf(' ', 6);
        if (space < 0) {
            throw stream.fatal("protocol error: size not delimited");
        }
        long size = number(line.substring(6, space), stream, "size");
        String name = line.substring(space + 1);
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw stream.fatal("error: unexpected filename: " + name);
        }
        return new ScpRecord(mode, size, name);
    }

    /**
     * Parses {@code T MTIME MTIME_USEC ATIME ATIME_USEC}.
     *
     * @return {@code {mtime, atime}} in seconds
     */
    static long[] times(String line, ScpStream stream) throws IOException {
        String[] fields = line.substring(1).split(" ", -1);
        if (fields.length != 4) {
            throw stream.fatal("protocol error: bad times record");
        }
        long mtime = number(fields[0], stream, "mtime.sec");
        long mtimeMicros = number(fields[1], stream, "mtime.usec");
        long atime = number(fields[2], stream, "atime.sec");
        long atimeMicros = number(fields[3], stream, "atime.usec");
        if (mtimeMicros > 999_999 || atimeMicros > 999_999) {
            throw stream.fatal("protocol error: microseconds out of range");
        }
        // SFTP v3 times are uint32; later ones cannot be set and are clamped
        return new long[] {Math.min(mtime, 0xffffffffL), Math.min(atime, 0xffffffffL)};
    }

    private static long number(String text, ScpStream stream, String what) throws IOException {
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw stream.fatal("protocol error: " + what + " not present");
        }
        return Long.parseLong(text);
    }
}
