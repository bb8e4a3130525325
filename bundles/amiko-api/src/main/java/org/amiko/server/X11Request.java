// SPDX-License-Identifier: Apache-2.0
package org.amiko.server;

/**
 * An {@code x11-req} (RFC 4254 section 6.3.1): the client asks that X11 connections to a display
 * the server provides be forwarded to it on {@code x11} channels.
 *
 * @param singleConnection whether only one connection is to be forwarded
 * @param authProtocol the X11 authentication protocol, usually {@code MIT-MAGIC-COOKIE-1}
 * @param authCookie the cookie in hexadecimal; RFC 4254 advises that it be a fake one, which the
 *     client replaces with the real one on each forwarded connection
 * @param screenNumber the X11 screen number
 */
public record X11Request(boolean singleConnection, String authProtocol, String authCookie, int screenNumber) {

    /** Keeps the cookie out of logs and exception messages. */
    @Override
    public String toString() {
        return "X11Request[singleConnection=" + singleConnection + ", authProtocol=" + authProtocol
                + ", screenNumber=" + screenNumber + "]";
    }
}
