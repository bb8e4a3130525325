// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd;

import java.util.Set;
import java.util.function.Predicate;

/**
 * What a client asks of a session's command while it runs: its terminal's size, as the
 * {@code pty-req} set it and {@code window-change} requests move it (RFC 4254 sections 6.2 and
 * 6.7), and signals ({@code signal}, section 6.9). The server's request handlers call
 * {@link #changeWindow} and {@link #signal}; {@link OsCommand} acts on them.
 *
 * @since 1.1
 */
public final class CommandControl {
    /**
     * The signals sshd sends on a client's request (session.c {@code name2sig}): of RFC 4254
     * section 6.10's names, those a client may fairly send a command.
     */
    public static final Set<String> SIGNALS = Set.of("HUP", "INT", "KILL", "QUIT", "TERM", "USR1", "USR2");

    private volatile long size;
    private volatile Runnable windowListener = () -> { };
    private volatile Predicate<String> signaller = name -> false;

    /** A command whose terminal, if it has one, is {@code columns} by {@code rows} characters (0 when unknown). */
    public CommandControl(int columns, int rows) {
        size = pack(columns, rows);
    }

    /** The terminal's width in characters. */
    public int columns() {
        return (int) (size >>> 32);
    }

    /** The terminal's height in characters. */
    public int rows() {
        return (int) size;
    }

    /** The client's window is now {@code columns} by {@code rows} characters. */
    public void changeWindow(int columns, int rows) {
        size = pack(columns, rows);
        windowListener.run();
    }

    /**
     * Sends the command signal {@code name} ({@code INT}, without {@code SIG}), as sshd sends it to
     * the command's process group; returns whether it was sent: not when no command runs yet or any
     * more, or when {@code name} is not one of {@link #SIGNALS}.
     */
    public boolean signal(String name) {
        return SIGNALS.contains(name) && signaller.test(name);
    }

    /** Runs {@code action} after each window change, in place of what ran before. */
    void onWindowChange(Runnable action) {
        windowListener = action;
    }

    /** Sends signals with {@code action}, in place of what sent them before. */
    void onSignal(Predicate<String> action) {
        signaller = action;
    }

    private static long pack(int columns, int rows) {
        // both in one field, so a reader never sees the width of one change with the height of another
        return (long) columns << 32 | rows & 0xFFFF_FFFFL;
    }
}
