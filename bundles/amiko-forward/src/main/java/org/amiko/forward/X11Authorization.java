// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What an X client presents to be let in, the authorization protocol name and data of the X11
 * connection setup: for {@value #MIT_MAGIC_COOKIE}, a 16-byte secret that xauth(1) keeps. Its
 * {@link #toString()} leaves the data out, so it never reaches a log.
 *
 * @param protocol the authorization protocol name
 * @param data the authorization data
 */
public record X11Authorization(String protocol, byte[] data) {
    /** The authorization every X server accepts, and the only one ssh forwards. */
    public static final String MIT_MAGIC_COOKIE = "MIT-MAGIC-COOKIE-1";
    /** xauth answers at once; this bounds a hung one. */
    private static final long XAUTH_SECONDS = 10;
    /** One xauth line is a few dozen bytes; what is read of its output is bounded anyway. */
    private static final int MAX_OUTPUT = 64 * 1024;

    public X11Authorization {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(data, "data");
        if (protocol.isEmpty() || protocol.length() > 0xFFFF || data.length > 0xFFFF) {
            throw new IllegalArgumentException("an X11 authorization has a name and at most 65535 bytes of each");
        }
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /**
     * The cookie xauth(1) holds for {@code display}, as ssh finds it for trusted forwarding: the
     * first line of {@code xauth list NAME}; empty when xauth has none or is not installed.
     */
    public static Optional<X11Authorization> fromXauth(X11Display display) throws IOException {
        return fromXauth(display, null);
    }

    /**
     * As {@link #fromXauth(X11Display)} from the authority file {@code file} ({@code xauth -f});
     * null for xauth's own choice ({@code $XAUTHORITY}, else {@code ~/.Xauthority}).
     */
    public static Optional<X11Authorization> fromXauth(X11Display display, Path file) throws IOException {
        List<String> command = new ArrayList<>(List.of("xauth"));
        if (file != null) {
            command.addAll(List.of("-f", file.toString()));
        }
        command.addAll(List.of("list", display.xauthName()));
        Process xauth;
        try {
            xauth = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return Optional.empty(); // no xauth program: no cookie, as ssh goes on without one
        }
        try {
            xauth.getOutputStream().close();
            // its few lines fit the pipe, so it ends without being read first
            if (!xauth.waitFor(XAUTH_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("xauth did not answer within " + XAUTH_SECONDS + " s");
            }
            try (InputStream in = xauth.getInputStream()) {
                return parseXauthList(new String(in.readNBytes(MAX_OUTPUT), StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for xauth", e);
        } finally {
            xauth.destroy();
        }
    }

    /** The first line of {@code xauth list} output, {@code NAME PROTOCOL HEXDATA}. */
    static Optional<X11Authorization> parseXauthList(String output) {
        for (String line : output.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 3) {
                try {
                    return Optional.of(new X11Authorization(fields[1], HexFormat.of().parseHex(fields[2])));
                } catch (IllegalArgumentException e) {
                    return Optional.empty(); // not hex: not a cookie xauth would print
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof X11Authorization that && protocol.equals(that.protocol)
                && MessageDigest.isEqual(data, that.data);
    }

    @Override
    public int hashCode() {
        return protocol.hashCode();
    }

    @Override
    public String toString() {
        return "X11Authorization[" + protocol + ", " + data.length + " bytes]";
    }
}
