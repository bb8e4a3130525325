// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.util.Map;
import org.amiko.Transport;
import org.amiko.forward.X11ProxyDisplay;
import org.amiko.server.X11Request;

/**
 * What a command of a session with granted X11 forwarding gets, as sshd gives it with
 * {@code X11UseLocalhost yes}: a forwarded display on loopback ({@link X11ProxyDisplay}), named
 * {@code 127.0.0.1:N.SCREEN} in {@code DISPLAY}, and an authority file holding the client's cookie
 * for {@code unix:N.SCREEN} in {@code XAUTHORITY} (an X client connecting to localhost looks up the
 * local host's entry). Made when the command starts; closing stops the display listening and
 * deletes the file, while X connections already forwarded go on.
 */
final class SessionDisplay implements AutoCloseable {
    private final X11ProxyDisplay forwarding;
    private final Xauthority authority;
    private final int screen;

    private SessionDisplay(X11ProxyDisplay forwarding, Xauthority authority, int screen) {
        this.forwarding = forwarding;
        this.authority = authority;
        this.screen = screen;
    }

    /**
     * Whether an {@code x11-req} can be served: a protocol name and cookie that may be handed to
     * xauth ({@link Xauthority#acceptable}) and a screen number xauth and X clients can take.
     */
    static boolean acceptable(X11Request request) {
        return request.screenNumber() >= 0 && request.screenNumber() <= 0xFFFF
                && Xauthority.acceptable(request.authProtocol(), request.authCookie());
    }

    /**
     * Opens the display for {@code transport}'s client and writes the request's cookie for it.
     *
     * @throws IOException if no display is free or xauth cannot write the file (the message never
     *     holds the cookie); nothing is left open then
     */
    static SessionDisplay open(Transport transport, X11Request request, X11Settings settings) throws IOException {
        X11ProxyDisplay forwarding = X11ProxyDisplay.start(transport, settings.displayOffset(), request.singleConnection());
        try {
            Xauthority authority = Xauthority.create(settings.xauth(),
                    "unix:" + forwarding.displayNumber() + "." + request.screenNumber(), request.authProtocol(),
                    request.authCookie());
            return new SessionDisplay(forwarding, authority, request.screenNumber());
        } catch (IOException | RuntimeException e) {
            forwarding.close();
            throw e;
        }
    }

    /** {@code DISPLAY} and {@code XAUTHORITY} for the command. */
    Map<String, String> environment() {
        return Map.of("DISPLAY", forwarding.display(screen), "XAUTHORITY", authority.file().toString());
    }

    /** Stops listening and deletes the authority file; forwarded connections go on. */
    @Override
    public void close() throws IOException {
        forwarding.close();
        authority.close();
    }
}
