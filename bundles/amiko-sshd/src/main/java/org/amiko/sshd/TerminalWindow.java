// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd;

/**
 * The size of a session's terminal, as the client's {@code pty-req} set it and its
 * {@code window-change} requests (RFC 4254 sections 6.2 and 6.7) move it. The server's request
 * handler calls {@link #change}; the command running on the terminal follows.
 *
 * @since 1.1
 */
public final class TerminalWindow {
    private volatile long size;
    private volatile Runnable listener = () -> { };

    /** A window of {@code columns} by {@code rows} characters (0 when the client does not know). */
    public TerminalWindow(int columns, int rows) {
        size = pack(columns, rows);
    }

    /** The window's width in characters. */
    public int columns() {
        return (int) (size >>> 32);
    }

    /** The window's height in characters. */
    public int rows() {
        return (int) size;
    }

    /** The client's window is now {@code columns} by {@code rows} characters. */
    public void change(int columns, int rows) {
        size = pack(columns, rows);
        listener.run();
    }

    /** Runs {@code action} after each change, in place of what ran before. */
    void onChange(Runnable action) {
        listener = action;
    }

    private static long pack(int columns, int rows) {
        // both in one field, so a reader never sees the width of one change with the height of another
        return (long) columns << 32 | rows & 0xFFFF_FFFFL;
    }
}
