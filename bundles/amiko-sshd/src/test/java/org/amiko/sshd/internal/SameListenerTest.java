// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
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

    /** The settings' defaults, with {@code changed} overriding some, as ConfigAdmin would hand them. */
    private static SshdConfig config(Map<String, Object> changed) {
        return (SshdConfig) Proxy.newProxyInstance(SshdConfig.class.getClassLoader(), new Class<?>[] {SshdConfig.class},
                (proxy, method, arguments) -> changed.containsKey(method.getName()) ? changed.get(method.getName())
                        : method.getDefaultValue());
    }

    @Test
    void algorithmListsApplyLiveAndEverythingElseRestarts() {
        SshdConfig defaults = config(Map.of());
        assertTrue(SshdComponent.sameListener(defaults, config(Map.of())));
        assertTrue(SshdComponent.sameListener(defaults, config(Map.of("ciphers", "aes256-ctr", "kex", "+curve448-sha512",
                "onAlgorithmRemoved", "keep"))));
        for (Method setting : SshdConfig.class.getDeclaredMethods()) {
            Object other = switch (setting.getReturnType().getName()) {
                case "int" -> 4242;
                case "boolean" -> !(Boolean) setting.getDefaultValue();
                default -> "changed";
            };
            if (!LIVE.contains(setting.getName())) {
                assertFalse(SshdComponent.sameListener(defaults, config(Map.of(setting.getName(), other))),
                        setting.getName() + " restarts the listener");
            }
        }
    }
}
