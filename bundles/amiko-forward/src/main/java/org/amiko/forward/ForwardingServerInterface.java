// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import java.util.OptionalInt;
import org.amiko.server.ServerInterface;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A {@link ServerInterface} whose forwarding requests a {@link ServerForwarding} answers: the
 * {@code tcpip-forward} requests of RFC 4254 section 7.1 ({@code ssh -R}) and OpenSSH's
 * {@code streamlocal-forward@openssh.com} ones (PROTOCOL section 2.4) with their cancels. A server
 * implements this instead of {@code ServerInterface} and names the connection's forwarding; its
 * other hooks are its own.
 *
 * @since 1.1
 */
@ConsumerType
public interface ForwardingServerInterface extends ServerInterface {

    /** The forwarding of this server's connection, from {@link ServerForwarding#start}. */
    ServerForwarding forwarding();

    @Override
    default OptionalInt checkPortForwardRequest(String address, int port) {
        return forwarding().listen(address, port);
    }

    @Override
    default boolean cancelPortForwardRequest(String address, int port) {
        return forwarding().cancel(address, port);
    }

    @Override
    default boolean checkStreamLocalForwardRequest(String path) {
        return forwarding().listenStreamLocal(path);
    }

    @Override
    default boolean cancelStreamLocalForwardRequest(String path) {
        return forwarding().cancelStreamLocal(path);
    }
}
