// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.net.InetAddress;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the options of an authorized_keys line allow (sshd(8) AUTHORIZED_KEYS FILE FORMAT), decided
 * as OpenSSH's auth-options.c and auth2-pubkeyfile.c decide it, for the server to enforce. Flags
 * apply left to right: {@code restrict} turns off port, agent and X11 forwarding, PTY allocation and
 * ~/.ssh/rc, and a later {@code pty}, {@code port-forwarding} etc. turns one back on.
 *
 * @param forcedCommand {@code command=}, run instead of what the client asks for
 * @param environment {@code environment=} pairs in file order; the first of a name wins
 * @param pty whether a PTY may be allocated
 * @param portForwarding whether any TCP forwarding is allowed (then limited by the lists below)
 * @param agentForwarding whether agent forwarding is allowed
 * @param x11Forwarding whether X11 forwarding is allowed
 * @param userRc whether ~/.ssh/rc is run
 * @param from the {@code from=} pattern list, if any
 * @param expiresAt the earliest {@code expiry-time=}, if any
 * @param permitOpen {@code permitopen=} destinations; empty for no limit
 * @param permitListen {@code permitlisten=} listen addresses; empty for no limit
 */
public record KeyRestrictions(Optional<String> forcedCommand, Map<String, String> environment, boolean pty,
        boolean portForwarding, boolean agentForwarding, boolean x11Forwarding, boolean userRc,
        Optional<String> from, Optional<Instant> expiresAt, List<HostPort> permitOpen, List<HostPort> permitListen) {

    /**
     * A {@code host:port} of permitopen or permitlisten.
     *
     * @param host the host as written, without IPv6 brackets; {@code *} for any
     * @param port the port, or {@link #ANY_PORT} for {@code *}
     */
    public record HostPort(String host, int port) {
        /** The port of {@code host:*}. */
        public static final int ANY_PORT = 0;

        public HostPort {
            Objects.requireNonNull(host, "host");
        }
    }

    public KeyRestrictions {
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        permitOpen = List.copyOf(permitOpen);
        permitListen = List.copyOf(permitListen);
    }

    /** The restrictions of a line, with expiry times read in the system time zone. */
    public static KeyRestrictions of(AuthorizedKey key) throws ParseException {
        return of(key.options(), ZoneId.systemDefault());
    }

    /**
     * The restrictions of a line's options. A value sshd would refuse (a bad time, an environment
     * string without a valid name, a bad host:port, a second {@code from=}) is a
     * {@link ParseException}: sshd then refuses the key, and so should the caller.
     *
     * @param zone the zone of expiry times without a {@code Z} (sshd uses the system zone)
     */
    public static KeyRestrictions of(List<KeyOption> options, ZoneId zone) throws ParseException {
        boolean pty = true;
        boolean portForwarding = true;
        boolean agentForwarding = true;
        boolean x11Forwarding = true;
        boolean userRc = true;
        String command = null;
        String from = null;
        Instant expiry = null;
        Map<String, String> environment = new LinkedHashMap<>();
        List<HostPort> open = new ArrayList<>();
        List<HostPort> listen = new ArrayList<>();
        for (KeyOption option : options) {
            String value = option.value();
            switch (option.name()) {
                case "restrict":
                    pty = portForwarding = agentForwarding = x11Forwarding = userRc = false;
                    break;
                case "pty", "no-pty":
                    pty = !option.name().startsWith("no-");
                    break;
                case "port-forwarding", "no-port-forwarding":
                    portForwarding = !option.name().startsWith("no-");
                    break;
                case "agent-forwarding", "no-agent-forwarding":
                    agentForwarding = !option.name().startsWith("no-");
                    break;
                case "x11-forwarding", "no-x11-forwarding":
                    x11Forwarding = !option.name().startsWith("no-");
                    break;
                case "user-rc", "no-user-rc":
                    userRc = !option.name().startsWith("no-");
                    break;
                case "command":
                    command = value;
                    break;
                case "from":
                    if (from != null) {
                        throw new ParseException("multiple \"from\" clauses", 0);
                    }
                    from = value;
                    break;
                case "expiry-time":
                    Instant time = expiryTime(value, zone);
                    expiry = expiry == null || time.isBefore(expiry) ? time : expiry;
                    break;
                case "environment":
                    int equals = value.indexOf('=');
                    String name = equals < 0 ? "" : value.substring(0, equals);
                    if (name.isEmpty() || !name.chars().allMatch(c -> c == '_' || (c < 0x80 && Character.isLetterOrDigit(c)))) {
                        throw new ParseException("invalid environment string", 0);
                    }
                    environment.putIfAbsent(name, value.substring(equals + 1));
                    break;
                case "permitopen":
                    open.add(hostPort(value, false));
                    break;
                case "permitlisten":
                    listen.add(hostPort(value, true));
                    break;
                default:
                    break; // cert-authority, principals, tunnel and the FIDO flags do not restrict a plain key
            }
        }
        return new KeyRestrictions(Optional.ofNullable(command), environment, pty, portForwarding, agentForwarding,
                x11Forwarding, userRc, Optional.ofNullable(from), Optional.ofNullable(expiry), open, listen);
    }

    /**
     * sshd's {@code parse_absolute_time}: YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS, in {@code zone}
     * unless followed by {@code Z} (or {@code UTC}).
     */
    static Instant expiryTime(String text, ZoneId zone) throws ParseException {
        String digits = text;
        ZoneId in = zone;
        if (digits.toUpperCase(Locale.ROOT).endsWith("UTC")) {
            digits = digits.substring(0, digits.length() - 3);
            in = ZoneOffset.UTC;
        } else if (digits.toUpperCase(Locale.ROOT).endsWith("Z")) {
            digits = digits.substring(0, digits.length() - 1);
            in = ZoneOffset.UTC;
        }
        int length = digits.length();
        if ((length != 8 && length != 12 && length != 14) || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ParseException("invalid expires time " + KeyType.printable(text), 0);
        }
        try {
            LocalDateTime time = LocalDateTime.of(Integer.parseInt(digits.substring(0, 4)),
                    Integer.parseInt(digits.substring(4, 6)), Integer.parseInt(digits.substring(6, 8)),
                    length > 8 ? Integer.parseInt(digits.substring(8, 10)) : 0,
                    length > 8 ? Integer.parseInt(digits.substring(10, 12)) : 0,
                    length > 12 ? Integer.parseInt(digits.substring(12, 14)) : 0);
            return time.atZone(in).toInstant();
        } catch (DateTimeException e) {
            throw new ParseException("invalid expires time " + KeyType.printable(text), 0);
        }
    }

    /** auth-options.c {@code handle_permit}: {@code host:port}, {@code [v6]:port}; permitlisten may give a port alone. */
    private static HostPort hostPort(String value, boolean barePortAllowed) throws ParseException {
        String text = barePortAllowed && value.indexOf(':') < 0 ? "*:" + value : value;
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || (text.charAt(close + 1) != ':' && text.charAt(close + 1) != '/')) {
                throw new ParseException("invalid permission hostname", 0);
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int delimiter = indexOfAny(text, ":/");
            if (delimiter < 0) {
                throw new ParseException("invalid permission port", 0);
            }
            host = text.substring(0, delimiter);
            port = text.substring(delimiter + 1);
        }
        if (host.isEmpty() || host.length() >= 1025) {
            throw new ParseException("invalid permission hostname", 0);
        }
        if (port.equals("*")) {
            return new HostPort(host, HostPort.ANY_PORT);
        }
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new ParseException("invalid permission port", 0);
        }
        return new HostPort(host, Integer.parseInt(port));
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether a client may use the key from here ({@code from=}, matched as sshd's
     * {@code match_host_and_ip}); true when the line has no {@code from=}.
     *
     * @param address the client's address
     * @param hostName its name from a reverse lookup, or null when names are not looked up
     *     ({@code UseDNS no}, sshd's default), in which case the address text stands in for it
     */
    public boolean allowsFrom(InetAddress address, String hostName) {
        Objects.requireNonNull(address, "address");
        return from.map(patterns -> AddressPatterns.allows(hostName != null ? hostName : AddressPatterns.text(address),
                address, patterns)).orElse(true);
    }

    /** Whether the key has expired at {@code now}: sshd refuses it once a whole second has passed its time. */
    public boolean isExpiredAt(Instant now) {
        return expiresAt.map(expiry -> expiry.getEpochSecond() < now.getEpochSecond()).orElse(false);
    }

    /**
     * Whether a {@code direct-tcpip} channel to {@code host:port} may be opened: port forwarding must
     * be on and, if there are permitopen entries, one must name this host exactly (or {@code *}) and
     * this port (or {@code *}), as channels.c {@code open_match} checks; no name lookup is done.
     */
    public boolean permitsOpen(String host, int port) {
        return portForwarding && (permitOpen.isEmpty() || permitOpen.stream().anyMatch(permit ->
                (permit.port() == HostPort.ANY_PORT || permit.port() == port)
                        && (permit.host().equals("*") || permit.host().equals(host))));
    }

    /**
     * Whether a remote forwarding may listen on {@code host:port}: port forwarding must be on and, if
     * there are permitlisten entries, one must match this port (or {@code *}) and match the host
     * with the {@code *} and {@code ?} wildcards sshd(8) allows there; a port alone means any host.
     */
    public boolean permitsListen(String host, int port) {
        return portForwarding && (permitListen.isEmpty() || permitListen.stream().anyMatch(permit ->
                (permit.port() == HostPort.ANY_PORT || permit.port() == port)
                        && HostPatterns.matches(host, permit.host())));
    }
}
