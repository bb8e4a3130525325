// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.text.ParseException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.amiko.forward.ForwardingPolicy;
import org.amiko.keys.KeyOption;
import org.amiko.keys.KeyRestrictions;

/**
 * The appliance's forwarding settings, sshd_config's {@code AllowTcpForwarding},
 * {@code GatewayPorts} and {@code AllowStreamLocalForwarding}, and the policy they make for one
 * connection together with the authenticating key's {@code no-port-forwarding} (which, as in
 * sshd, also stops Unix socket forwarding), {@code permitopen=} and {@code permitlisten=}.
 *
 * @param local whether clients may have the server connect out ({@code ssh -L}, {@code direct-tcpip})
 * @param remote whether clients may have the server listen ({@code ssh -R}, {@code tcpip-forward})
 * @param gatewayPorts whether a listener binds the address the client asks for (sshd's
 *     {@code GatewayPorts clientspecified}) rather than loopback only
 * @param limits the server-wide {@code permitOpen} and {@code permitListen} lists, as sshd_config's
 *     {@code PermitOpen} and {@code PermitListen}, held as the restrictions of a key line with the
 *     same permitopen= and permitlisten= options, so both match alike
 * @param streamLocalOpen whether clients may have the server connect to Unix sockets ({@code ssh -L
 *     port:/path}, {@code direct-streamlocal@openssh.com})
 * @param streamLocalListen whether clients may have the server listen on Unix sockets ({@code ssh -R
 *     /path:...}, {@code streamlocal-forward@openssh.com})
 */
record ForwardingSettings(boolean local, boolean remote, boolean gatewayPorts, KeyRestrictions limits,
        boolean streamLocalOpen, boolean streamLocalListen) {
    /**
     * Forwarding off, as the cfg's default ({@code allowTcpForwarding = no}) parses: a Gogo login
     * must not reach into the network by it.
     */
    static final ForwardingSettings OFF = parse("no", false, "any", "any");
    /** Below this, only root may listen, and sshd lets no one but root ask it to: neither do we. */
    private static final int FIRST_UNPRIVILEGED_PORT = 1024;

    /**
     * Reads the settings as sshd reads its own: {@code allowTcpForwarding} as
     * {@code AllowTcpForwarding} ({@code yes} or {@code all}, {@code local}, {@code remote},
     * {@code no}); {@code permitOpen} and {@code permitListen} as {@code PermitOpen} and
     * {@code PermitListen} ({@code any}, {@code none}, or space-separated {@code host:port}
     * entries, {@code *} for any host or port, a bare port for permitListen).
     *
     * @throws IllegalArgumentException for a value sshd would refuse
     */
    static ForwardingSettings parse(String allowTcpForwarding, boolean gatewayPorts, String permitOpen,
            String permitListen) {
        boolean[] directions = directions("allowTcpForwarding", allowTcpForwarding);
        boolean local = directions[0];
        boolean remote = directions[1];
        List<KeyOption> options = new ArrayList<>();
        local &= addPermits(options, "permitopen", "permitOpen", permitOpen);
        remote &= addPermits(options, "permitlisten", "permitListen", permitListen);
        try {
            return new ForwardingSettings(local, remote, gatewayPorts, KeyRestrictions.of(options, ZoneId.systemDefault()),
                    false, false);
        } catch (ParseException e) {
            throw new IllegalArgumentException("permitOpen or permitListen: " + e.getMessage(), e);
        }
    }

    /**
     * These settings with Unix socket forwarding as {@code allowStreamLocalForwarding} says, read
     * as sshd reads {@code AllowStreamLocalForwarding}: {@code yes} or {@code all}, {@code local},
     * {@code remote}, {@code no}. Sockets may then be used and made wherever the server's OS user
     * may; a listening socket is made 0600, as sshd's {@code StreamLocalBindMask}.
     *
     * @throws IllegalArgumentException for another value
     */
    ForwardingSettings withStreamLocal(String allowStreamLocalForwarding) {
        boolean[] directions = directions("allowStreamLocalForwarding", allowStreamLocalForwarding);
        return new ForwardingSettings(local, remote, gatewayPorts, limits, directions[0], directions[1]);
    }

    /** {@code {local, remote}} for sshd's yes, all, local, remote or no. */
    private static boolean[] directions(String setting, String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "yes", "all" -> new boolean[] {true, true};
            case "local" -> new boolean[] {true, false};
            case "remote" -> new boolean[] {false, true};
            case "no" -> new boolean[] {false, false};
            default -> throw new IllegalArgumentException(setting + " must be yes, all, local, remote or no, not " + value);
        };
    }

    /** Adds a list's entries as key options; false for {@code none}, which allows nothing. */
    private static boolean addPermits(List<KeyOption> options, String option, String setting, String value) {
        String list = value.strip();
        if (list.isEmpty() || list.equalsIgnoreCase("any")) {
            return true;
        }
        if (list.equalsIgnoreCase("none")) {
            return false;
        }
        for (String entry : list.split("\\s+")) {
            if (entry.equalsIgnoreCase("any") || entry.equalsIgnoreCase("none")) {
                throw new IllegalArgumentException(setting + ": " + entry + " cannot be combined with other entries");
            }
            options.add(new KeyOption(option, entry));
        }
        return true;
    }

    /**
     * The policy of one connection.
     *
     * @param settings the settings of its login, asked at each request (a match block may change
     *     them when the login completes)
     * @param restrictions what the authenticating key allows, asked at each request (null after a
     *     password login: no restrictions)
     */
    static ForwardingPolicy policy(Supplier<ForwardingSettings> settings, Supplier<KeyRestrictions> restrictions) {
        return new ForwardingPolicy() {
            @Override
            public boolean allowsOpen(String host, int port) {
                ForwardingSettings allowed = settings.get();
                KeyRestrictions granted = restrictions.get();
                return allowed.local && allowed.limits.permitsOpen(host, port)
                        && (granted == null || granted.permitsOpen(host, port));
            }

            @Override
            public boolean allowsListen(String address, int port) {
                ForwardingSettings allowed = settings.get();
                KeyRestrictions granted = restrictions.get();
                return allowed.remote && (port == 0 || port >= FIRST_UNPRIVILEGED_PORT)
                        && allowed.limits.permitsListen(address, port)
                        && (granted == null || granted.permitsListen(address, port));
            }

            @Override
            public boolean allowsStreamLocalOpen(String path) {
                KeyRestrictions granted = restrictions.get();
                return settings.get().streamLocalOpen && (granted == null || granted.portForwarding());
            }

            @Override
            public boolean allowsStreamLocalListen(String path) {
                KeyRestrictions granted = restrictions.get();
                return settings.get().streamLocalListen && (granted == null || granted.portForwarding());
            }

            @Override
            public boolean gatewayPorts() {
                return settings.get().gatewayPorts;
            }
        };
    }
}
