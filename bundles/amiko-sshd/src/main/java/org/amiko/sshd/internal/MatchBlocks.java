// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The match blocks in force, read from ConfigAdmin when a login names its user, so that a block
 * is in force as soon as its configuration exists (a file dropped in {@code etc/},
 * {@code config:edit} in Karaf), and no login slips between the configuration and a service that
 * would carry it. Blocks apply in the order of their names (their files' names), and for each
 * setting the first block that matches and sets it decides, as the first {@code Match} block does
 * in sshd; {@code acceptEnv} is the patterns of every block that matches and gives it, in place of
 * the server-wide ones, as sshd joins its {@code Match} blocks' {@code AcceptEnv} lines.
 *
 * <p>At start, FileInstall makes the configurations of {@code etc/} in the order of their file
 * names, so the blocks ({@code org.amiko.match-*}) exist before the server's own configuration
 * ({@code org.amiko.sshd}), which starts the listener.
 */
final class MatchBlocks {
    private static final String FILTER = "(service.factoryPid=" + MatchBlock.FACTORY_PID + ")";
    private static final String ACCEPT_ENV = "acceptEnv";
    /** Where the server-wide settings are, as {@code from} names them. */
    static final String SERVER_WIDE = "org.amiko.sshd.cfg";
    private final Supplier<ConfigurationAdmin> admin;
    /**
     * Each configuration's block as last read, by PID, with the properties it was read from: a
     * block is read again whenever they differ, whatever ConfigAdmin's change count says (a block
     * removed and made again under its name starts that count again).
     */
    private final Map<String, Read> read = new ConcurrentHashMap<>();

    private record Read(Map<String, Object> properties, MatchBlock block) {}

    /** @param admin the configuration admin; none (null) has no blocks */
    MatchBlocks(Supplier<ConfigurationAdmin> admin) {
        this.admin = admin;
    }

    /**
     * The blocks configured now, in order.
     *
     * @throws IOException when the configurations cannot be listed or read: no login should then go on
     */
    List<MatchBlock> current() throws IOException {
        Configuration[] found = list(FILTER);
        List<MatchBlock> blocks = new ArrayList<>(found.length);
        for (Configuration configuration : found) {
            MatchBlock block = block(configuration);
            if (block != null) {
                blocks.add(block);
            }
        }
        blocks.sort(Comparator.comparing(MatchBlock::name));
        return blocks;
    }

    /**
     * The block of the configuration {@code pid}, if it is one and still there.
     *
     * @throws IOException when the configurations cannot be listed or read
     */
    List<MatchBlock> current(String pid) throws IOException {
        List<MatchBlock> blocks = new ArrayList<>(1);
        for (Configuration configuration : list("(&" + FILTER + "(service.pid=" + escape(pid) + "))")) {
            MatchBlock block = block(configuration);
            if (block != null) {
                blocks.add(block);
            }
        }
        return blocks;
    }

    /**
     * Whether there is a plain configuration of the factory PID itself ({@code etc/org.amiko.match.cfg},
     * the name without {@code -NAME}): FileInstall makes it a single configuration, no block, and
     * it is easily taken for one.
     *
     * @throws IOException when the configurations cannot be listed
     */
    boolean misnamed() throws IOException {
        return list("(&(service.pid=" + MatchBlock.FACTORY_PID + ")(!(service.factoryPid=*)))").length > 0;
    }

    /**
     * Lets go of a deleted configuration's block: its name when it was last read, else the PID.
     * Until then the entry stays (a listing only consults the PIDs it finds), so the cache holds
     * at most one entry per configuration ever read.
     */
    String forget(String pid) {
        Read known = read.remove(pid);
        return known == null ? pid : known.block().name();
    }

    private Configuration[] list(String filter) throws IOException {
        ConfigurationAdmin configurations = admin.get();
        if (configurations == null) {
            return new Configuration[0];
        }
        try {
            Configuration[] found = configurations.listConfigurations(filter);
            return found == null ? new Configuration[0] : found;
        } catch (InvalidSyntaxException e) {
            throw new IOException("cannot list the configurations " + filter, e);
        }
    }

    /** The configuration's block, or null when it was deleted since it was listed. */
    private MatchBlock block(Configuration configuration) {
        Map<String, Object> properties;
        try {
            properties = map(configuration.getProperties());
        } catch (IllegalStateException e) {
            // deleted since it was listed: as if the listing had come a moment later
            return null;
        }
        Read known = read.get(configuration.getPid());
        if (known != null && known.properties().equals(properties)) {
            return known.block();
        }
        MatchBlock block = MatchBlock.of(configuration.getPid(), properties);
        read.put(configuration.getPid(), new Read(properties, block));
        return block;
    }

    private static Map<String, Object> map(Dictionary<String, Object> properties) {
        Map<String, Object> map = new HashMap<>();
        if (properties != null) {
            for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                map.put(key, MatchBlock.asList(properties.get(key)));
            }
        }
        return map;
    }

    /** A value for an LDAP filter (RFC 4515): its special characters escaped. */
    private static String escape(String value) {
        return value.replaceAll("([\\\\*()])", "\\\\$1");
    }

    /**
     * The settings of a login by {@code user} from {@code address} to {@code local} (the address
     * and port it connected to): {@code base} with, for each setting, the value of the first of
     * {@code blocks} that matches the login and sets it ({@code acceptEnv}: the patterns of all of
     * them).
     *
     * @throws IllegalArgumentException naming the block, when a block that matches cannot be
     *     used, or its settings cannot be used with the others: the login is to be refused
     */
    static LoginSettings settingsFor(List<MatchBlock> blocks, LoginSettings base, String user, InetAddress address,
            InetSocketAddress local) {
        return settingsFor(blocks, base, user, address, local, new HashMap<>());
    }

    /**
     * As {@link #settingsFor(List, LoginSettings, String, InetAddress, InetSocketAddress)}, saying in
     * {@code from} which blocks gave each setting that blocks gave (as {@code sshd -T -C} shows a
     * connection's settings).
     */
    static LoginSettings settingsFor(List<MatchBlock> blocks, LoginSettings base, String user, InetAddress address,
            InetSocketAddress local, Map<String, String> from) {
        Map<String, String> chosen = new HashMap<>();
        List<String> matched = new ArrayList<>();
        for (MatchBlock block : blocks) {
            if (!block.matches(user, address, local)) {
                continue;
            }
            if (block.problem() != null) {
                throw new IllegalArgumentException("match block " + block.name() + " cannot be used: " + block.problem());
            }
            matched.add(block.name());
            block.settings().forEach((key, value) -> {
                if (key.equals(ACCEPT_ENV)) {
                    chosen.merge(key, value, (before, added) -> before + " " + added);
                    from.merge(key, block.name(), (before, added) -> before + ", " + added);
                } else if (chosen.putIfAbsent(key, value) == null) {
                    from.put(key, block.name());
                }
            });
        }
        try {
            return base.with(chosen);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("match block " + String.join(", ", matched) + ": " + e.getMessage(), e);
        }
    }
}
