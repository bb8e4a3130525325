// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * What an operator sees of one connection a server holds.
 *
 * @param id the server's number for it, for {@link SshServer#rekey} and {@link SshServer#kill}
 * @param user the authenticated user, or null
 * @param authMethod the method that authenticated the user, or null
 * @param suite the negotiated algorithms ({@code kex hostkey c2s=cipher[/mac] s2c=...}), or null
 *     before the first key exchange
 * @param bytesIn packet bytes received
 * @param bytesOut packet bytes sent
 */
public record SessionInfo(long id, InetSocketAddress peer, String clientVersion, String user, String authMethod,
        String suite, boolean strictKex, long bytesIn, long bytesOut, int channels, int keyExchanges, Duration age) {}
