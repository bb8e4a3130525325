// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import java.util.Objects;
import java.util.function.Supplier;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a server lets one client forward (sshd_config's {@code AllowTcpForwarding},
 * {@code PermitOpen}, {@code PermitListen} and {@code GatewayPorts}, and authorized_keys'
 * {@code permitopen=}, {@code permitlisten=} and {@code no-port-forwarding}). Asked on the
 * connection's worker thread for each request.
 */
@ConsumerType
public interface ForwardingPolicy {

    /** Refuses every forwarding, the server's default. */
    ForwardingPolicy NONE = new ForwardingPolicy() {
        @Override
        public boolean allowsOpen(String host, int port) {
            return false;
        }

        @Override
        public boolean allowsListen(String address, int port) {
            return false;
        }
    };

    /**
     * A policy that asks {@code current} for the policy in force at each request, so that a change
     * reaches connections already open.
     *
     * @since 1.1
     */
    static ForwardingPolicy following(Supplier<ForwardingPolicy> current) {
        Objects.requireNonNull(current, "current");
        return new ForwardingPolicy() {
            @Override
            public boolean allowsOpen(String host, int port) {
                return current.get().allowsOpen(host, port);
            }

            @Override
            public boolean allowsListen(String address, int port) {
                return current.get().allowsListen(address, port);
            }

            @Override
            public boolean allowsStreamLocalOpen(String path) {
                return current.get().allowsStreamLocalOpen(path);
            }

            @Override
            public boolean allowsStreamLocalListen(String path) {
                return current.get().allowsStreamLocalListen(path);
            }

            @Override
            public boolean gatewayPorts() {
                return current.get().gatewayPorts();
            }
        };
    }

    /**
     * Whether the server may connect to {@code host:port} for a {@code direct-tcpip} channel (RFC
     * 4254 section 7.2; {@code ssh -L}).
     *
     * @param host as the client sent it: a name or an address, not yet looked up
     */
    boolean allowsOpen(String host, int port);

    /**
     * Whether the server may listen on {@code address:port} for a {@code tcpip-forward} request
     * (RFC 4254 section 7.1; {@code ssh -R}).
     *
     * @param address as the client sent it ({@code ""}, {@code "*"}, {@code "localhost"}, a name or an address)
     * @param port the port, 0 when the client lets the server pick
     */
    boolean allowsListen(String address, int port);

    /**
     * Whether the server may connect to the Unix domain socket at {@code path} (absolute and
     * normalised; paths with {@code ..} are refused before this is asked; links are not resolved) for a
     * {@code direct-streamlocal@openssh.com} channel (OpenSSH PROTOCOL section 2.4;
     * {@code ssh -L port:/path}); sshd's {@code AllowStreamLocalForwarding}. Refused by default.
     */
    default boolean allowsStreamLocalOpen(String path) {
        return false;
    }

    /**
     * Whether the server may listen on the Unix domain socket at {@code path} for a
     * {@code streamlocal-forward@openssh.com} request ({@code ssh -R /path:...}). Refused by default.
     */
    default boolean allowsStreamLocalListen(String path) {
        return false;
    }

    /**
     * sshd's {@code GatewayPorts}: when false (the default) every listener binds the loopback
     * address, whatever the client asked, so only this host can connect; when true, the address
     * the client asked for is bound ({@code clientspecified}), {@code ""} and {@code "*"} meaning
     * every address.
     */
    default boolean gatewayPorts() {
        return false;
    }
}
