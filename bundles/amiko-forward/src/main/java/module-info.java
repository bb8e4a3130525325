// SPDX-License-Identifier: Apache-2.0
/**
 * Port forwarding: TCP/IP (RFC 4254 section 7) and OpenSSH's Unix sockets (PROTOCOL section 2.4);
 * {@code ssh -L}, {@code ssh -R} and {@code ssh -D} for clients, the server's side of the first two
 * within a policy, the server's X11 display (RFC 4254 section 6.3), and the relay between a channel
 * and a socket.
 */
module org.amiko.forward {
    requires transitive org.amiko;
    requires org.amiko.spi;
    requires static osgi.annotation;

    exports org.amiko.forward;
}
