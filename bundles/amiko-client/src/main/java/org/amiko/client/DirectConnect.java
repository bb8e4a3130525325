// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The TCP connection to a host, as ssh's {@code ssh_connect_direct} makes it: the host name
 * resolved once, each of its addresses tried in turn ({@code AddressFamily} keeping those of one
 * family), from {@code BindAddress} or an address of {@code BindInterface} where one is set, each
 * within the connect timeout (as sshconnect.c gives each address the whole of it), and the whole
 * again {@code ConnectionAttempts} times, a second apart.
 */
final class DirectConnect {
    /** What ssh waits between attempts. */
    private static final Duration BETWEEN_ATTEMPTS = Duration.ofSeconds(1);

    /**
     * Where and how to connect from: an address family ({@code any}, {@code inet}, {@code inet6}),
     * how many attempts, and a local address or interface to connect from (null for none).
     */
    record Route(String addressFamily, int attempts, String bindAddress, String bindInterface) {
        /** ssh's defaults: any family, one attempt, from wherever the system picks. */
        static final Route DEFAULT = new Route("any", 1, null, null);
    }

    private DirectConnect() {}

    /**
     * A connected socket to {@code host:port}.
     *
     * @param timeout the bound on each address's connect; {@link Duration#ZERO} for none
     * @throws IOException the last address's failure when none connects, a {@link SocketTimeoutException}
     *     when the time ran out
     */
    static SocketChannel connect(String host, int port, Route route, Duration timeout) throws IOException {
        List<InetAddress> addresses = resolve(host, route.addressFamily());
        IOException last = null;
        for (int attempt = 0; attempt < Math.max(1, route.attempts()); attempt++) {
            if (attempt > 0) {
                pause();
            }
            // 0: no bound; a silent first address must not leave the others no time at all
            int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
            for (InetAddress address : addresses) {
                SocketChannel channel = SocketChannel.open();
                try {
                    InetAddress from = localAddress(route, address);
                    if (from != null) {
                        channel.bind(new InetSocketAddress(from, 0));
                    }
                    channel.socket().connect(new InetSocketAddress(address, port), millis);
                    return channel;
                } catch (SocketTimeoutException e) {
                    channel.close();
                    last = timedOut(host, port, timeout);
                } catch (IOException e) {
                    channel.close();
                    last = e;
                }
            }
        }
        throw last;
    }

    private static SocketTimeoutException timedOut(String host, int port, Duration timeout) {
        return new SocketTimeoutException("no TCP connection to " + host + " port " + port + " within "
                + Timeouts.describe(timeout));
    }

    /** The host's addresses of the family asked for, in the resolver's order; a literal as it is. */
    private static List<InetAddress> resolve(String host, String family) throws IOException {
        List<InetAddress> addresses = Arrays.stream(InetAddress.getAllByName(host)).filter(address -> switch (
                family.toLowerCase(Locale.ROOT)) {
            case "inet" -> address instanceof Inet4Address;
            case "inet6" -> address instanceof Inet6Address;
            default -> true;
        }).toList();
        if (addresses.isEmpty()) {
            throw new java.net.UnknownHostException(host + " has no " + family + " address (AddressFamily)");
        }
        return addresses;
    }

    /**
     * Where to connect {@code target} from: {@code BindAddress}, else the first address of
     * {@code BindInterface} of the target's family, else null for wherever the system picks.
     */
    private static InetAddress localAddress(Route route, InetAddress target) throws IOException {
        if (route.bindAddress() != null) {
            return InetAddress.getByName(route.bindAddress());
        }
        if (route.bindInterface() == null) {
            return null;
        }
        NetworkInterface network = NetworkInterface.getByName(route.bindInterface());
        if (network == null) {
            throw new SocketException("BindInterface " + route.bindInterface() + ": no such interface");
        }
        // as ssh's check_ifaddrs: an address of the target's family, one neither loopback nor
        // link-local if the interface has one
        List<InetAddress> family = network.inetAddresses().filter(address -> address.getClass() == target.getClass())
                .toList();
        return family.stream().filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress())
                .findFirst().or(() -> family.stream().findFirst())
                .orElseThrow(() -> new SocketException("BindInterface " + route.bindInterface() + " has no address of "
                        + (target instanceof Inet4Address ? "IPv4" : "IPv6") + " to connect to " + target.getHostAddress()));
    }

    private static void pause() throws InterruptedIOException {
        try {
            Thread.sleep(BETWEEN_ATTEMPTS.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted between connection attempts");
        }
    }
}
