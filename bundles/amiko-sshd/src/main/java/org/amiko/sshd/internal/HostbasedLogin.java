// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.security.PublicKey;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import org.amiko.keys.AddressLiterals;
import org.amiko.keys.HostKeyStatus;
import org.amiko.keys.KnownHosts;
import org.amiko.spi.wire.PeerText;

/**
 * The appliance's {@code hostbased} logins (RFC 4252 section 9), decided as sshd decides them
 * (auth2-hostbased.c): the client host is named by the name its address resolves to, or, with
 * {@code hostbasedUsesNameFromPacketOnly}, by the name the client sent; the pair of users must be
 * allowed for that host by the shosts.equiv file ({@link ShostsEquiv}), and the key must be that
 * host's in the known_hosts file, as a plain key or as a host certificate of an
 * {@code @cert-authority} naming it. Both files are read again when they change.
 */
final class HostbasedLogin {
    private static final System.Logger LOG = System.getLogger("org.amiko.sshd");

    private final Supplier<KnownHosts> hostKeys;
    private final Supplier<ShostsEquiv> trustedHosts;
    private final boolean nameFromPacketOnly;
    private final Function<InetAddress, String> resolver;

    /**
     * @param resolver the name of an address, or its literal as sshd writes it ({@link #nameOf})
     *     when it has none; given by the caller so that the name lookup (blocking) stays on the
     *     hook's worker and tests need no DNS
     */
    HostbasedLogin(Supplier<KnownHosts> hostKeys, Supplier<ShostsEquiv> trustedHosts, boolean nameFromPacketOnly,
            Function<InetAddress, String> resolver) {
        this.hostKeys = hostKeys;
        this.trustedHosts = trustedHosts;
        this.nameFromPacketOnly = nameFromPacketOnly;
        this.resolver = resolver;
    }

    /**
     * The name of the host at {@code address} as the JDK resolves it: a reverse lookup whose
     * answer must resolve back to the address, else the address itself, so a client's DNS cannot
     * name its host after a trusted one.
     */
    static String canonicalName(InetAddress address) {
        return nameOf(address, address.getCanonicalHostName());
    }

    /**
     * {@code canonical}, the JDK's name of {@code address}; when it has none (the JDK then gives
     * the address back), the address as sshd writes it in known_hosts: {@code ::1}, not
     * {@code 0:0:0:0:0:0:0:1}.
     */
    static String nameOf(InetAddress address, String canonical) {
        return canonical.equals(address.getHostAddress()) ? AddressLiterals.format(address) : canonical;
    }

    /**
     * Whether {@code clientUser} on the host that sent {@code clientHost} (without its trailing
     * dot) from {@code peer} may log in as {@code user}, proved by {@code hostKey}.
     */
    boolean allows(String user, PublicKey hostKey, String clientHost, String clientUser, InetAddress peer) {
        String host;
        InetAddress address;
        if (nameFromPacketOnly) {
            // sshd's auth_rhosts2(pw, cuser, chost, chost): the packet's name stands for the address too
            host = clientHost;
            address = AddressLiterals.parse(clientHost);
        } else {
            host = resolver.apply(peer);
            address = peer;
            if (!host.equalsIgnoreCase(clientHost)) {
                // sshd's "userauth_hostbased mismatch": the resolved name is the one that counts
                LOG.log(Level.INFO, "hostbased: the client sends {0}, but {1} resolves to {2}",
                        PeerText.printable(clientHost, 255), AddressLiterals.format(peer), PeerText.printable(host, 255));
            }
        }
        ShostsEquiv trusted = ApplianceServer.read(trustedHosts, "hostbased users");
        if (trusted == null || !trusted.allows(host, address, clientUser, user)) {
            LOG.log(Level.INFO, "hostbased: {0} on {1} may not log in as {2}", PeerText.printable(clientUser, 64),
                    PeerText.printable(host, 255), PeerText.printable(user, 64));
            return false;
        }
        KnownHosts known = ApplianceServer.read(hostKeys, "hostbased known hosts");
        HostKeyStatus status = known == null ? HostKeyStatus.UNKNOWN
                : known.match(host.toLowerCase(Locale.ROOT), 0, hostKey);
        if (status != HostKeyStatus.TRUSTED) {
            LOG.log(Level.INFO, "hostbased: the key of {0} is not its key on file ({1})", PeerText.printable(host, 255),
                    status);
            return false;
        }
        return true;
    }
}
