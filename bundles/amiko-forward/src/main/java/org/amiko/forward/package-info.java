// SPDX-License-Identifier: Apache-2.0
/**
 * Port forwarding both ways, TCP/IP (RFC 4254 section 7) and Unix sockets (OpenSSH PROTOCOL
 * section 2.4), a SOCKS proxy for {@code ssh -D}, X11 forwarding both ways (RFC 4254 section
 * 6.3), and the channel-to-socket relay.
 */
@org.osgi.annotation.versioning.Version("1.3.0")
package org.amiko.forward;
