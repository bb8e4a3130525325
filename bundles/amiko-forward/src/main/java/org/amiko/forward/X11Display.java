// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A local X display as the {@code DISPLAY} variable names it, and the way to reach it that ssh's
 * {@code x11_connect_display} takes: {@code :N} and {@code unix:N} are the Unix socket
 * {@code /tmp/.X11-unix/XN}; {@code host:N} is TCP port 6000 + N on that host; a value that
 * starts with {@code /} is itself the path of a socket (XQuartz's launchd displays), with or
 * without a {@code .screen} suffix. A screen number after the display number ({@code :0.1}) is
 * kept for the {@code x11-req} (RFC 4254 section 6.3.1).
 *
 * @param host the TCP host, or null for a Unix socket
 * @param number the display number
 * @param screen the screen number, 0 when not given
 * @param socketPath the Unix socket, or null for TCP
 */
public record X11Display(String host, int number, int screen, Path socketPath) {
    /** An X server's display N listens on TCP port 6000 + N (Xserver(1)); clients connect there for host:N. */
    public static final int TCP_PORT_BASE = 6000;
    /** Where X servers put their Unix sockets, {@code X} + display number. */
    static final Path SOCKET_DIRECTORY = Path.of("/tmp/.X11-unix");

    public X11Display {
        if (number < 0 || number > 0xFFFF - TCP_PORT_BASE || screen < 0) {
            throw new IllegalArgumentException("display number " + number + " or screen " + screen + " out of range");
        }
        if ((host == null) == (socketPath == null)) {
            throw new IllegalArgumentException("a display is either a TCP host or a socket");
        }
    }

    /**
     * Reads a {@code DISPLAY} value.
     *
     * @throws IllegalArgumentException if it names no display
     */
    public static X11Display parse(String display) {
        Objects.requireNonNull(display, "display");
        if (display.startsWith("/")) {
            return socketPathDisplay(display);
        }
        int colon = display.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not an X display: " + ForwardTarget.printable(display));
        }
        String host = display.substring(0, colon);
        String[] numbers = display.substring(colon + 1).split("\\.", -1);
        if (numbers.length > 2) {
            throw new IllegalArgumentException("not an X display: " + ForwardTarget.printable(display));
        }
        int number = number(numbers[0], display);
        int screen = numbers.length == 2 ? number(numbers[1], display) : 0;
        if (host.isEmpty() || host.equals("unix")) {
            return new X11Display(null, number, screen, SOCKET_DIRECTORY.resolve("X" + number));
        }
        if (!host.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_')) {
            throw new IllegalArgumentException("not an X display host: " + ForwardTarget.printable(host));
        }
        return new X11Display(host, number, screen, null);
    }

    /** The display {@code $DISPLAY} names. */
    public static X11Display fromEnvironment() {
        String display = System.getenv("DISPLAY");
        if (display == null || display.isEmpty()) {
            throw new IllegalStateException("no X display to forward: DISPLAY is not set");
        }
        return parse(display);
    }

    /** A socket path with an optional {@code .screen}, as ssh's is_path_to_xsocket reads it. */
    private static X11Display socketPathDisplay(String display) {
        Path path = Path.of(display);
        int dot = display.lastIndexOf('.');
        if (!Files.exists(path) && dot > display.lastIndexOf('/')) {
            return new X11Display(null, 0, number(display.substring(dot + 1), display), Path.of(display.substring(0, dot)));
        }
        return new X11Display(null, 0, 0, path);
    }

    private static int number(String text, String display) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not an X display: " + ForwardTarget.printable(display));
        }
        return Integer.parseInt(text);
    }

    /** Connects to the display's X server. */
    public SocketChannel connect() throws IOException {
        return socketPath != null ? ForwardTarget.unix(socketPath) : ForwardTarget.tcp(host, TCP_PORT_BASE + number);
    }

    /**
     * The name xauth(1) files this display's cookie under, as ssh asks for it: a local display,
     * and {@code localhost:N}, as {@code unix:N} (the local family, which is also what X clients
     * use for {@code localhost}).
     */
    public String xauthName() {
        if (socketPath != null && host == null && socketPath.startsWith(SOCKET_DIRECTORY)) {
            return "unix:" + number;
        }
        if (socketPath != null) {
            return socketPath.toString();
        }
        return host.equals("localhost") ? "unix:" + number : host + ":" + number;
    }
}
