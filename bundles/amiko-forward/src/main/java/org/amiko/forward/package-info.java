// SPDX-License-Identifier: Apache-2.0
/** TCP/IP port forwarding both ways (RFC 4254 section 7) and the channel-to-socket relay. */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.amiko.forward;
