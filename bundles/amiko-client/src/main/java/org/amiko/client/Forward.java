// SPDX-License-Identifier: Apache-2.0
package org.amiko.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * One forwarding of an OpenSSH client configuration: a {@code LocalForward} ({@code ssh -L}), a
 * {@code RemoteForward} ({@code ssh -R}) or a {@code DynamicForward} ({@code ssh -D}), read as
 * readconf.c's {@code parse_forward} reads one. Each end is a TCP address (a host, null where
 * none was given, and a port) or a Unix domain socket path; a dynamic forwarding has no
 * connecting end, since each SOCKS client names its own.
 *
 * @param kind which keyword, and for a {@code RemoteForward} without a target, the remote SOCKS
 *     proxy OpenSSH 7.6 added
 * @param listenHost the address listened on as written ({@code ""} or {@code "*"} for every
 *     address, {@code "localhost"}), or null where none was given; null with a path
 * @param listenPort the port listened on; 0 (for a remote forwarding only) lets the server
 *     choose; 0 with a path
 * @param listenPath the Unix domain socket listened on, or null
 * @param connectHost the host connected to, or null (with a path, and for a dynamic forwarding)
 * @param connectPort the port connected to; 0 where {@code connectHost} is null
 * @param connectPath the Unix domain socket connected to, or null
 * @since 1.3
 */
public record Forward(Kind kind, String listenHost, int listenPort, String listenPath, String connectHost,
        int connectPort, String connectPath) {

    /** The keyword a forwarding comes from. */
    public enum Kind {
        /** {@code LocalForward}: listens here, connects from the server. */
        LOCAL("LocalForward"),
        /** {@code RemoteForward} with a target: the server listens, this side connects. */
        REMOTE("RemoteForward"),
        /** {@code DynamicForward}: a SOCKS proxy here, whose connections the server makes. */
        DYNAMIC("DynamicForward"),
        /** {@code RemoteForward} without a target: a SOCKS proxy on the server, whose connections this side makes. */
        REMOTE_DYNAMIC("RemoteForward");

        private final String keyword;

        Kind(String keyword) {
            this.keyword = keyword;
        }

        /** The ssh_config keyword, as ssh_config(5) spells it. */
        public String keyword() {
            return keyword;
        }
    }

    /** The longest host name getnameinfo(3) gives (NI_MAXHOST), which parse_forward keeps to. */
    private static final int MAX_HOST = 1025;
    /** The longest Unix domain socket path Linux takes (sun_path, with its terminating NUL). */
    private static final int MAX_SOCKET_PATH = 108;

    /** One {@code :}-separated field of a specification, and whether it names a socket path. */
    private record Field(String text, boolean path) {}

    /**
     * Reads a forwarding line's arguments as readconf.c does: a {@code LocalForward} and a
     * {@code RemoteForward} take the listening end and the target, which are joined with a
     * {@code :} and read as one specification ({@code [bind_address:]port host:hostport}, a path
     * at either end); a {@code RemoteForward} with the listening end alone is a remote SOCKS
     * proxy; a {@code DynamicForward} takes {@code [bind_address:]port}.
     *
     * @param keyword {@code localforward}, {@code remoteforward} or {@code dynamicforward}, in lower case
     * @throws IllegalArgumentException for a malformed line, with ssh's words for it
     */
    static Forward parse(String keyword, List<String> arguments) {
        boolean dynamic = keyword.equals("dynamicforward");
        boolean remote = keyword.equals("remoteforward");
        if (arguments.size() > (dynamic ? 1 : 2)) {
            throw new IllegalArgumentException("extra arguments at end of line after " + keyword);
        }
        // an empty target is none, as readconf.c takes it: a RemoteForward becomes a SOCKS proxy
        if (!dynamic && (arguments.size() < 2 || arguments.get(1).isEmpty())) {
            if (!remote) {
                throw new IllegalArgumentException("Missing target argument.");
            }
            dynamic = true;
        }
        String specification = dynamic ? arguments.get(0) : arguments.get(0) + ":" + arguments.get(1);
        Kind kind = !dynamic ? remote ? Kind.REMOTE : Kind.LOCAL : remote ? Kind.REMOTE_DYNAMIC : Kind.DYNAMIC;
        Forward forward = fromFields(kind, fields(specification));
        if (forward == null || !forward.valid()) {
            throw new IllegalArgumentException("Bad forwarding specification.");
        }
        return forward;
    }

    /** The fields of a specification as parse_fwd_field splits them; null if malformed. */
    private static List<Field> fields(String specification) {
        List<Field> fields = new ArrayList<>();
        int at = 0;
        while (at < specification.length()) {
            if (specification.charAt(at) == '[') {
                // a bracketed field is taken literally; it must end the specification or a field
                int close = specification.indexOf(']', at);
                if (close < 0 || close + 1 < specification.length() && specification.charAt(close + 1) != ':') {
                    return null;
                }
                String text = specification.substring(at + 1, close);
                fields.add(new Field(text, text.indexOf('/') >= 0));
                at = close + 2;
                continue;
            }
            StringBuilder text = new StringBuilder();
            boolean path = false;
            for (; at < specification.length() && specification.charAt(at) != ':'; at++) {
                char c = specification.charAt(at);
                if (c == '\\') {
                    if (++at == specification.length()) {
                        return null;
                    }
                    // an escaped character belongs to the field as it is: a ':' ends nothing, a '/' makes no path
                    text.append(specification.charAt(at));
                    continue;
                }
                path |= c == '/';
                text.append(c);
            }
            at++; // past the ':'
            fields.add(new Field(text.toString(), path));
        }
        return fields;
    }

    /** The forwarding the fields give, by their number, as parse_forward places them; null if none. */
    private static Forward fromFields(Kind kind, List<Field> fields) {
        if (fields == null) {
            return null;
        }
        boolean dynamic = kind == Kind.DYNAMIC || kind == Kind.REMOTE_DYNAMIC;
        switch (fields.size()) {
            case 1 -> {
                Field listen = fields.get(0);
                return !dynamic ? null : listen.path() ? new Forward(kind, null, 0, listen.text(), null, 0, null)
                        : new Forward(kind, null, port(listen), null, null, 0, null);
            }
            case 2 -> {
                Field first = fields.get(0);
                Field second = fields.get(1);
                if (dynamic) {
                    return first.path() || second.path() ? null
                            : new Forward(kind, first.text(), port(second), null, null, 0, null);
                }
                if (first.path() && second.path()) {
                    return new Forward(kind, null, 0, first.text(), null, 0, second.text());
                }
                return second.path() ? new Forward(kind, null, port(first), null, null, 0, second.text()) : null;
            }
            case 3 -> {
                if (dynamic) {
                    return null;
                }
                Field[] f = fields.toArray(Field[]::new);
                if (f[0].path()) {
                    return new Forward(kind, null, 0, f[0].text(), f[1].text(), port(f[2]), null);
                }
                return f[2].path() ? new Forward(kind, f[0].text(), port(f[1]), null, null, 0, f[2].text())
                        : new Forward(kind, null, port(f[0]), null, f[1].text(), port(f[2]), null);
            }
            case 4 -> {
                Field[] f = fields.toArray(Field[]::new);
                return dynamic ? null : new Forward(kind, f[0].text(), port(f[1]), null, f[2].text(), port(f[3]), null);
            }
            default -> {
                return null;
            }
        }
    }

    /** A port field, 0 to 65535 in decimal digits; -1 for anything else (service names are not looked up). */
    private static int port(Field field) {
        String text = field.text();
        if (field.path() || text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        int port = Integer.parseInt(text);
        return port <= 0xFFFF ? port : -1;
    }

    /** parse_forward's checks once the fields are placed. */
    private boolean valid() {
        boolean dynamic = kind == Kind.DYNAMIC || kind == Kind.REMOTE_DYNAMIC;
        if (!dynamic && connectPath == null && (connectHost == null || connectPort <= 0)) {
            return false;
        }
        if (listenPath == null && (listenPort < 0 || listenPort == 0 && kind != Kind.REMOTE
                && kind != Kind.REMOTE_DYNAMIC)) {
            return false;
        }
        return (connectHost == null || connectHost.length() < MAX_HOST)
                && (listenHost == null || listenHost.length() < MAX_HOST)
                && (connectPath == null || connectPath.length() < MAX_SOCKET_PATH)
                && (listenPath == null || listenPath.length() < MAX_SOCKET_PATH);
    }

    /**
     * This forwarding with {@code expand} applied to its socket paths: ssh expands tokens and
     * {@code ${NAME}} there, and nowhere else in a forwarding.
     */
    Forward withPaths(UnaryOperator<String> expand) {
        return new Forward(kind, listenHost, listenPort, listenPath == null ? null : expand.apply(listenPath),
                connectHost, connectPort, connectPath == null ? null : expand.apply(connectPath));
    }

    /** This forwarding listening on {@code port}, the one a server chose for a remote port 0. */
    Forward listeningOn(int port) {
        return new Forward(kind, listenHost, port, listenPath, connectHost, connectPort, connectPath);
    }

    /** The listening end as {@code ssh -G} prints it: a path, a port, or {@code [host]:port}. */
    public String listenEnd() {
        return listenPath != null ? listenPath
                : listenHost == null ? Integer.toString(listenPort) : "[" + listenHost + "]:" + listenPort;
    }

    /**
     * The connecting end as {@code ssh -G} prints it: a path or {@code [host]:port}; null for a
     * dynamic forwarding, whose SOCKS clients name their own.
     */
    public String connectEnd() {
        return connectPath != null ? connectPath : connectHost == null ? null : "[" + connectHost + "]:" + connectPort;
    }

    /** The line as {@code ssh -G} prints it, keyword in lower case: {@code localforward 8080 [localhost]:80}. */
    @Override
    public String toString() {
        String line = kind.keyword().toLowerCase(Locale.ROOT) + " " + listenEnd();
        return switch (kind) {
            case LOCAL, REMOTE -> line + " " + connectEnd();
            case DYNAMIC -> line;
            case REMOTE_DYNAMIC -> line + " [socks]:0";
        };
    }
}
