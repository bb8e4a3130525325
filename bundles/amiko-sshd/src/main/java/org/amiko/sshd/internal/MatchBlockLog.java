// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Says on the console what each match block does, or why it cannot be used, when the server
 * starts and whenever a block is configured, changed or removed, so that an operator who drops a
 * file in {@code etc/} sees at once what it did. Only a report: logins read the blocks themselves
 * ({@link MatchBlocks}), whether or not this has spoken yet.
 */
@Component(service = ConfigurationListener.class)
public final class MatchBlockLog implements ConfigurationListener {
    private static final System.Logger LOG = System.getLogger("org.amiko.sshd");
    private final SshdComponent sshd;

    @Activate
    public MatchBlockLog(@Reference SshdComponent sshd) {
        this.sshd = sshd;
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (event.getFactoryPid() == null && MatchBlock.FACTORY_PID.equals(event.getPid())
                && event.getType() == ConfigurationEvent.CM_UPDATED) {
            warnMisnamed();
            return;
        }
        if (!MatchBlock.FACTORY_PID.equals(event.getFactoryPid())) {
            return;
        }
        MatchBlocks blocks = sshd.matchBlocks();
        if (event.getType() == ConfigurationEvent.CM_DELETED) {
            LOG.log(Level.INFO, "match block {0} removed: the logins from now on go without it",
                    blocks.forget(event.getPid()));
            return;
        }
        try {
            for (MatchBlock block : blocks.current(event.getPid())) {
                report(block, sshd.serverWide());
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot read match block {0}: {1}", event.getPid(), e.getMessage());
        }
    }

    /** Says what every block configured now does; nothing when there are none. */
    static void reportAll(MatchBlocks blocks, LoginSettings serverWide) {
        try {
            if (blocks.misnamed()) {
                warnMisnamed();
            }
            for (MatchBlock block : blocks.current()) {
                report(block, serverWide);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot read the match blocks, so every login is refused: {0}", e.getMessage());
        }
    }

    private static void warnMisnamed() {
        LOG.log(Level.WARNING, "{0}.cfg is no match block and is not read: name each block {0}-NAME.cfg",
                MatchBlock.FACTORY_PID);
    }

    /** One block: its settings, or why it cannot be used with {@code serverWide} (null: unknown yet). */
    static void report(MatchBlock block, LoginSettings serverWide) {
        String problem = block.problem();
        if (problem == null && serverWide != null) {
            try {
                serverWide.with(block.settings());
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
        }
        if (block.empty()) {
            LOG.log(Level.WARNING, "match block {0} says nothing, so it is for no login", block.name());
        } else if (problem != null) {
            LOG.log(Level.WARNING, "match block {0} cannot be used: {1}; {2} refused until it is mended or removed",
                    block.name(), problem, block.criteria().equals("every login") ? "every login is"
                            : "the logins it matches (" + block.criteria() + ") are");
        } else {
            LOG.log(Level.INFO, "match block {0}: for {1}: {2}", block.name(), block.criteria(),
                    block.settings().isEmpty() ? "no settings" : shown(block.settings()));
        }
    }

    /** The settings as the console shows them: setEnv's names only, since its values may be secrets. */
    static String shown(Map<String, String> settings) {
        Map<String, String> shown = new TreeMap<>(settings);
        shown.computeIfPresent("setEnv", (key, value) -> setEnvNames(value));
        return shown.toString();
    }

    /** A setEnv setting with its values left out: {@code TOKEN=... GREETING=...}. */
    static String setEnvNames(String setting) {
        return String.join(" ", LoginSettings.setEnvVariables(setting).keySet().stream().map(name -> name + "=...")
                .toList());
    }
}
