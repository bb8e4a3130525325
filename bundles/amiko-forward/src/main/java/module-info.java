// SPDX-License-Identifier: Apache-2.0
/**
 * TCP/IP port forwarding (RFC 4254 section 7): {@code ssh -L} and {@code ssh -R} for clients, the
 * server's side of both with a policy, and the relay between a channel and a socket.
 */
module org.amiko.forward {
    requires transitive org.amiko;
    requires org.amiko.spi;
    requires static osgi.annotation;

    exports org.amiko.forward;
}
