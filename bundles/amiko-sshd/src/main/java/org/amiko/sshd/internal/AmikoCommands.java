// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.amiko.AlgorithmFamily;
import org.amiko.core.AlgorithmCatalog;
import org.amiko.core.SessionInfo;
import org.amiko.keys.AddressLiterals;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo commands for operators, usable over SSH itself: {@code amiko:algorithms},
 * {@code amiko:sessions}, {@code amiko:rekey ID}, {@code amiko:kill ID},
 * {@code amiko:settings USER [ADDRESS [LOCAL-ADDRESS LOCAL-PORT]]}.
 */
@Component(service = AmikoCommands.class, property = {
    "osgi.command.scope=amiko",
    "osgi.command.function=algorithms",
    "osgi.command.function=sessions",
    "osgi.command.function=rekey",
    "osgi.command.function=kill",
    "osgi.command.function=settings"
})
public final class AmikoCommands {
    private final SshdComponent sshd;

    @org.osgi.service.component.annotations.Activate
    public AmikoCommands(@Reference SshdComponent sshd) {
        this.sshd = sshd;
    }

    /** Every algorithm the catalog knows, whether it is offered, and who provides it. */
    public String algorithms() {
        AlgorithmCatalog catalog = sshd.catalog().get();
        Table table = new Table("FAMILY", "ALGORITHM", "SECURITY", "STATUS", "PROVIDER");
        for (AlgorithmFamily family : AlgorithmFamily.values()) {
            List<String> offered = sshd.policy().names(family, catalog);
            for (AlgorithmCatalog.Entry entry : catalog.entries(family)) {
                String status = offered.contains(entry.name()) ? "offered"
                        : "not offered (" + (entry.security().propertyValue().equals("recommended")
                                ? "not configured" : entry.security().propertyValue() + ", not configured") + ")";
                table.add(family.label(), entry.name(), entry.security().propertyValue(), status, entry.provider());
            }
        }
        for (AlgorithmCatalog.Entry entry : catalog.shadowed()) {
            table.add(entry.family().label(), entry.name(), entry.security().propertyValue(),
                    "shadowed (ranking " + entry.ranking() + ")", entry.provider());
        }
        StringBuilder out = new StringBuilder(table.render());
        for (String problem : catalog.problems()) {
            out.append("FAILED ").append(problem).append('\n');
        }
        return out.toString();
    }

    /** The connections the server holds. */
    public String sessions() {
        Table table = new Table("ID", "PEER", "USER", "AUTH", "SUITE", "STRICT", "IN", "OUT", "CHANNELS", "KEX", "AGE");
        for (SessionInfo info : sshd.server().sessions()) {
            table.add(Long.toString(info.id()), String.valueOf(info.peer()), String.valueOf(info.user()),
                    String.valueOf(info.authMethod()), String.valueOf(info.suite()), info.strictKex() ? "yes" : "no",
                    Long.toString(info.bytesIn()), Long.toString(info.bytesOut()), Integer.toString(info.channels()),
                    Integer.toString(info.keyExchanges()), info.age().toSeconds() + "s");
        }
        return table.render();
    }

    /** Starts a key re-exchange on session {@code id}. */
    public String rekey(long id) throws IOException {
        return sshd.server().rekey(id) ? "re-keying session " + id : "no session " + id;
    }

    /** Disconnects session {@code id}. */
    public String kill(long id) {
        return sshd.server().kill(id, "disconnected by an operator") ? "disconnected session " + id
                : "no session " + id;
    }

    /**
     * The settings a login by {@code user} from {@code address} to {@code localAddress} port
     * {@code localPort} would get, and from which file, as
     * {@code sshd -T -C user=USER,addr=ADDRESS,laddr=LOCAL,lport=PORT} shows them; and why it would
     * be refused, if it would.
     */
    public String settings(String user, String address, String localAddress, String localPort) throws IOException {
        InetSocketAddress local;
        try {
            int port;
            try {
                port = MatchBlock.localPort(localPort);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("give a local port from 1 to 65535, not " + localPort, e);
            }
            InetAddress localIp = literal(localAddress);
            if (localIp == null) {
                throw new IllegalArgumentException("give the local address the login connects to");
            }
            local = new InetSocketAddress(localIp, port);
        } catch (IllegalArgumentException e) {
            return e.getMessage() + "\n";
        }
        return settings(user, address, local);
    }

    /**
     * As {@link #settings(String, String, String, String)} for a login to an address and port not
     * given, which the blocks' {@code localAddress} and {@code localPort} do not match.
     */
    public String settings(String user, String address) throws IOException {
        return settings(user, address, null);
    }

    private String settings(String user, String address, InetSocketAddress local) throws IOException {
        LoginSettings serverWide = sshd.serverWide();
        if (serverWide == null) {
            return "the server is not running\n";
        }
        InetAddress client;
        try {
            client = literal(address);
        } catch (IllegalArgumentException e) {
            return e.getMessage() + "\n";
        }
        Map<String, String> from = new HashMap<>();
        LoginSettings settings;
        try {
            settings = MatchBlocks.settingsFor(sshd.matchBlocks().current(), serverWide, user, client, local, from);
        } catch (IllegalArgumentException e) {
            return "refused: " + e.getMessage() + "\n";
        }
        Table table = new Table("SETTING", "VALUE", "FROM");
        // what blocks may set, and the login settings only the server-wide file sets (permitUserEnvironment, ...)
        for (String key : new TreeSet<>(settings.raw().keySet())) {
            // setEnv's values may be secrets: its names, as the console shows them
            String value = key.equals("setEnv") ? MatchBlockLog.setEnvNames(settings.raw().get(key))
                    : settings.raw().get(key);
            table.add(key, value, from.getOrDefault(key, MatchBlocks.SERVER_WIDE));
        }
        String refusal = settings.access().refusal(user, client);
        return (refusal == null ? "" : "refused: " + refusal + "\n") + table.render();
    }

    /**
     * An IPv4 or IPv6 address as written, parsed as the server's other files parse addresses
     * ({@link AddressLiterals}), never looked up: the server matches addresses, not names.
     */
    static InetAddress literal(String address) {
        if (address == null) {
            return null;
        }
        InetAddress parsed = AddressLiterals.parse(address);
        if (parsed == null) {
            throw new IllegalArgumentException("give an IPv4 or IPv6 address, not " + address);
        }
        return parsed;
    }

    /** As {@link #settings(String, String)} for a login from an address no address list names. */
    public String settings(String user) throws IOException {
        return settings(user, null);
    }

    /** Left-aligned columns. */
    private static final class Table {
        private final List<String[]> rows = new ArrayList<>();

        Table(String... header) {
            rows.add(header);
        }

        void add(String... row) {
            rows.add(row);
        }

        String render() {
            int[] widths = new int[rows.get(0).length];
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            StringBuilder out = new StringBuilder();
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    out.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
                }
                out.append('\n');
            }
            return out.toString();
        }
    }
}
