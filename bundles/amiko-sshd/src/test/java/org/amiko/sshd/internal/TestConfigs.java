// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** For tests: configurations as ConfigAdmin and DS would hand them to the runtime. */
final class TestConfigs {
    private TestConfigs() {}

    /** {@code org.amiko.sshd}'s defaults, with {@code changed} overriding some. */
    static SshdConfig sshd(Map<String, Object> changed) {
        return (SshdConfig) Proxy.newProxyInstance(SshdConfig.class.getClassLoader(), new Class<?>[] {SshdConfig.class},
                (proxy, method, arguments) -> changed.containsKey(method.getName()) ? changed.get(method.getName())
                        : method.getDefaultValue());
    }
}
