// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which configuration changes restart the appliance's listener: all but the algorithm lists and
 * the removal policy, which a running listener takes as they come.
 */
class SameListenerTest {
    private static final Set<String> LIVE = Set.of("ciphers", "macs", "kex", "hostKeyAlgorithms",
            "pubkeyAcceptedAlgorithms", "compression", "onAlgorithmRemoved");

    @Test
    void algorithmListsApplyLiveAndEverythingElseRestarts() {
        SshdConfig defaults = TestConfigs.sshd(Map.of());
        assertTrue(SshdComponent.sameListener(defaults, TestConfigs.sshd(Map.of())));
        assertTrue(SshdComponent.sameListener(defaults, TestConfigs.sshd(Map.of("ciphers", "aes256-ctr", "kex", "+curve448-sha512",
                "onAlgorithmRemoved", "keep"))));
        for (Method setting : SshdConfig.class.getDeclaredMethods()) {
            Object other = switch (setting.getReturnType().getName()) {
                case "int" -> 4242;
                case "boolean" -> !(Boolean) setting.getDefaultValue();
                default -> "changed";
            };
            if (!LIVE.contains(setting.getName())) {
                assertFalse(SshdComponent.sameListener(defaults, TestConfigs.sshd(Map.of(setting.getName(), other))),
                        setting.getName() + " restarts the listener");
            }
        }
    }
}
