// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.util.Locale;
import java.util.function.Supplier;
import org.amiko.forward.ForwardingPolicy;
import org.amiko.keys.KeyRestrictions;

/**
 * The appliance's TCP forwarding settings, sshd_config's {@code AllowTcpForwarding} and
 * {@code GatewayPorts}, and the policy they make for one connection together with the
 * authenticating key's {@code no-port-forwarding}, {@code permitopen=} and {@code permitlisten=}.
 *
 * @param local whether clients may have the server connect out ({@code ssh -L}, {@code direct-tcpip})
 * @param remote whether clients may have the server listen ({@code ssh -R}, {@code tcpip-forward})
 * @param gatewayPorts whether a listener binds the address the client asks for (sshd's
 *     {@code GatewayPorts clientspecified}) rather than loopback only
 */
record TcpForwarding(boolean local, boolean remote, boolean gatewayPorts) {
    /** Forwarding off, the appliance default: a Gogo login must not reach into the network by it. */
    static final TcpForwarding OFF = new TcpForwarding(false, false, false);
    /** Below this, only root may listen, and sshd lets no one but root ask it to: neither do we. */
    private static final int FIRST_UNPRIVILEGED_PORT = 1024;

    /**
     * Reads {@code allowTcpForwarding} as sshd reads {@code AllowTcpForwarding}: {@code yes} or
     * {@code all}, {@code local}, {@code remote}, {@code no}.
     *
     * @throws IllegalArgumentException for any other value
     */
    static TcpForwarding parse(String allowTcpForwarding, boolean gatewayPorts) {
        return switch (allowTcpForwarding.strip().toLowerCase(Locale.ROOT)) {
            case "yes", "all" -> new TcpForwarding(true, true, gatewayPorts);
            case "local" -> new TcpForwarding(true, false, gatewayPorts);
            case "remote" -> new TcpForwarding(false, true, gatewayPorts);
            case "no" -> new TcpForwarding(false, false, gatewayPorts);
            default -> throw new IllegalArgumentException(
                    "allowTcpForwarding must be yes, all, local, remote or no, not " + allowTcpForwarding);
        };
    }

    /**
     * The policy of one connection.
     *
     * @param restrictions what the authenticating key allows, asked at each request (null after a
     *     password login: no restrictions)
     */
    ForwardingPolicy policy(Supplier<KeyRestrictions> restrictions) {
        return new ForwardingPolicy() {
            @Override
            public boolean allowsOpen(String host, int port) {
                KeyRestrictions granted = restrictions.get();
                return local && (granted == null || granted.permitsOpen(host, port));
            }

            @Override
            public boolean allowsListen(String address, int port) {
                KeyRestrictions granted = restrictions.get();
                return remote && (port == 0 || port >= FIRST_UNPRIVILEGED_PORT)
                        && (granted == null || granted.permitsListen(address, port));
            }

            @Override
            public boolean gatewayPorts() {
                return gatewayPorts;
            }
        };
    }
}
