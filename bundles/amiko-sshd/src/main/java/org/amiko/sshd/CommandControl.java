// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd;

import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * What a client asks of a session's command while it runs: its terminal's size, as the
 * {@code pty-req} set it and {@code window-change} requests move it (RFC 4254 sections 6.2 and
 * 6.7), and signals ({@code signal}, section 6.9). The server's request handlers call
 * {@link #changeWindow} and {@link #signal}; what runs the command acts on them through
 * {@link #onWindowChange} and {@link #onSignal}: {@link OsCommand} for processes, the in-process
 * shells (Gogo, Karaf's console) for their commands.
 *
 * @since 1.1
 */
public final class CommandControl {
    /**
     * The signals sshd sends on a client's request (session.c {@code name2sig}): of RFC 4254
     * section 6.10's names, those a client may fairly send a command.
     */
    public static final Set<String> SIGNALS = Set.of("HUP", "INT", "KILL", "QUIT", "TERM", "USR1", "USR2");

    /** At most this many signals a second are sent; more are refused. */
    public static final int SIGNALS_PER_SECOND = 10;

    private volatile long size;
    private final LongSupplier nanoTime;
    private long second;
    private int sentThisSecond;
    private volatile Runnable windowListener = () -> { };
    private volatile Predicate<String> signaller = name -> false;

    /** A command whose terminal, if it has one, is {@code columns} by {@code rows} characters (0 when unknown). */
    public CommandControl(int columns, int rows) {
        this(columns, rows, System::nanoTime);
    }

    /** For tests: with {@code nanoTime} for the clock that counts signals per second. */
    CommandControl(int columns, int rows, LongSupplier nanoTime) {
        size = pack(columns, rows);
        this.nanoTime = nanoTime;
    }

    /** The terminal's width in characters. */
    public int columns() {
        return columns(size);
    }

    /** The terminal's height in characters. */
    public int rows() {
        return rows(size);
    }

    /** Width and height read at once, so that they belong to one change: {@link #columns(long)}, {@link #rows(long)}. */
    long size() {
        return size;
    }

    static int columns(long size) {
        return (int) (size >>> 32);
    }

    static int rows(long size) {
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
     * more, when {@code name} is not one of {@link #SIGNALS}, or past {@value #SIGNALS_PER_SECOND}
     * in a second.
     */
    public boolean signal(String name) {
        return SIGNALS.contains(name) && withinRate() && signaller.test(name);
    }

    /**
     * Each signal starts a process on the connection's request thread, so a flood would hold up
     * the connection's other requests: clients send one or two (AsyncSSH's {@code terminate}).
     */
    private synchronized boolean withinRate() {
        long now = nanoTime.getAsLong() / 1_000_000_000L;
        if (now != second) {
            second = now;
            sentThisSecond = 0;
        }
        return sentThisSecond++ < SIGNALS_PER_SECOND;
    }

    /**
     * Runs {@code action} after each window change, in place of what ran before: how the command
     * that runs learns of them (a process's pseudo-terminal, an in-process shell's terminal).
     *
     * @since 1.2
     */
    public void onWindowChange(Runnable action) {
        windowListener = action;
    }

    /**
     * Sends signals with {@code action}, in place of what sent them before; it returns whether the
     * signal went anywhere, which {@link #signal} returns.
     *
     * @since 1.2
     */
    public void onSignal(Predicate<String> action) {
        signaller = action;
    }

    private static long pack(int columns, int rows) {
        // both in one field, so a reader never sees the width of one change with the height of another
        return (long) columns << 32 | rows & 0xFFFF_FFFFL;
    }
}
