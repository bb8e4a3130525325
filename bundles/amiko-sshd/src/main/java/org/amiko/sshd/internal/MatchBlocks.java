// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
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
 * The match blocks in force, read from ConfigAdmin at each login, so that a block is in force
 * as soon as its configuration exists (a file dropped in {@code etc/}, {@code config:edit} in
 * Karaf), and no login slips between the configuration and a service that would carry it.
 * Blocks apply in the order of their names (their files' names), and for each setting the first
 * block that matches and sets it decides, as the first {@code Match} block does in sshd.
 */
final class MatchBlocks {
    private static final String FILTER = "(service.factoryPid=" + MatchBlock.FACTORY_PID + ")";
    private final Supplier<ConfigurationAdmin> admin;
    /** Each configuration's block as last read, by PID, with the change count it was read at. */
    private final Map<String, Read> read = new ConcurrentHashMap<>();

    private record Read(long changeCount, MatchBlock block) {}

    /** @param admin the configuration admin, or null when there is none (then there are no blocks) */
    MatchBlocks(Supplier<ConfigurationAdmin> admin) {
        this.admin = admin;
    }

    /**
     * The blocks configured now, in order.
     *
     * @throws IOException when the configurations cannot be listed: no login should then go on
     */
    List<MatchBlock> current() throws IOException {
        Configuration[] found = list(FILTER);
        if (found.length == 0) {
            read.clear();
            return List.of();
        }
        List<MatchBlock> blocks = new ArrayList<>(found.length);
        for (Configuration configuration : found) {
            blocks.add(block(configuration));
        }
        if (read.size() > found.length) {
            List<String> live = Arrays.stream(found).map(Configuration::getPid).toList();
            read.keySet().retainAll(live);
        }
        blocks.sort(Comparator.comparing(MatchBlock::name));
        return blocks;
    }

    /**
     * The block of the configuration {@code pid}, if it is one and still there.
     *
     * @throws IOException when the configurations cannot be listed
     */
    List<MatchBlock> current(String pid) throws IOException {
        List<MatchBlock> blocks = new ArrayList<>(1);
        for (Configuration configuration : list("(&" + FILTER + "(service.pid=" + pid.replaceAll("([\\\\*()])", "\\\\$1") + "))")) {
            blocks.add(block(configuration));
        }
        return blocks;
    }

    /** The name of the block {@code pid} had when last read, for a configuration deleted since; else the PID. */
    String lastName(String pid) {
        Read known = read.get(pid);
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

    private MatchBlock block(Configuration configuration) {
        long count = configuration.getChangeCount();
        Read known = read.get(configuration.getPid());
        if (known != null && known.changeCount() == count) {
            return known.block();
        }
        MatchBlock block = MatchBlock.of(configuration.getPid(), map(configuration.getProperties()));
        read.put(configuration.getPid(), new Read(count, block));
        return block;
    }

    private static Map<String, Object> map(Dictionary<String, Object> properties) {
        Map<String, Object> map = new HashMap<>();
        if (properties != null) {
            for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                map.put(key, properties.get(key));
            }
        }
        return map;
    }

    /**
     * The settings of a login by {@code user} from {@code address}: {@code base} with, for each
     * setting, the value of the first of {@code blocks} that matches the login and sets it.
     *
     * @throws IllegalArgumentException naming the block, when a block that matches cannot be
     *     used, or its settings cannot be used with the others: the login is to be refused
     */
    static LoginSettings settingsFor(List<MatchBlock> blocks, LoginSettings base, String user, InetAddress address) {
        return settingsFor(blocks, base, user, address, new HashMap<>());
    }

    /**
     * As {@link #settingsFor(List, LoginSettings, String, InetAddress)}, saying in {@code from}
     * which block gave each setting that a block gave (as {@code sshd -T -C} shows a connection's
     * settings).
     */
    static LoginSettings settingsFor(List<MatchBlock> blocks, LoginSettings base, String user, InetAddress address,
            Map<String, String> from) {
        Map<String, String> chosen = new HashMap<>();
        List<String> matched = new ArrayList<>();
        for (MatchBlock block : blocks) {
            if (!block.matches(user, address)) {
                continue;
            }
            if (block.problem() != null) {
                throw new IllegalArgumentException("match block " + block.name() + " cannot be used: " + block.problem());
            }
            matched.add(block.name());
            block.settings().forEach((key, value) -> {
                if (chosen.putIfAbsent(key, value) == null) {
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
