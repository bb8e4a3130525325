// SPDX-License-Identifier: Apache-2.0
package org.amiko.sshd.internal;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * For tests: a ConfigurationAdmin holding factory configurations in memory, as FileInstall makes
 * them from {@code etc/PID-NAME.cfg} files (with {@code felix.fileinstall.filename}), whose
 * {@code listConfigurations} filters as the real one does. Only what {@link MatchBlocks} asks is served.
 */
final class FakeConfigurationAdmin {
    private record Stored(long changeCount, Dictionary<String, Object> properties) {}

    private final Map<String, Stored> stored = new LinkedHashMap<>();
    /** Whether listing fails, as when ConfigAdmin's store cannot be read. */
    volatile boolean failing;

    /**
     * Creates or updates the configuration of {@code file} ({@code org.amiko.match-NAME.cfg}), under
     * the PID FileInstall 3.7 gives it ({@code org.amiko.match~NAME}); made again after
     * {@link #remove}, it has the same PID and starts its change count again, as in Felix.
     */
    synchronized void put(String file, Map<String, Object> properties) {
        String pid = pid(file);
        Hashtable<String, Object> dictionary = new Hashtable<>(properties);
        dictionary.put("service.pid", pid);
        dictionary.put("service.factoryPid", MatchBlock.FACTORY_PID);
        dictionary.put("felix.fileinstall.filename", "file:/opt/amiko/etc/" + file);
        Stored before = stored.get(pid);
        stored.put(pid, new Stored(before == null ? 1 : before.changeCount() + 1, dictionary));
    }

    /** A configuration of PID {@code pid} itself, as FileInstall makes one from {@code etc/PID.cfg}. */
    synchronized void putPlain(String pid, Map<String, Object> properties) {
        Hashtable<String, Object> dictionary = new Hashtable<>(properties);
        dictionary.put("service.pid", pid);
        stored.put(pid, new Stored(1, dictionary));
    }

    synchronized void remove(String file) {
        stored.remove(pid(file));
    }

    static String pid(String file) {
        return MatchBlock.FACTORY_PID + "~" + file.substring(file.indexOf('-') + 1, file.length() - ".cfg".length());
    }

    ConfigurationAdmin admin() {
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, arguments) -> {
                    if (!method.getName().equals("listConfigurations")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    if (failing) {
                        throw new java.io.IOException("the store cannot be read");
                    }
                    return list(FrameworkUtil.createFilter((String) arguments[0]));
                });
    }

    private synchronized Configuration[] list(Filter filter) {
        Configuration[] found = stored.entrySet().stream().filter(entry -> filter.match(entry.getValue().properties()))
                .map(entry -> configuration(entry.getKey(), entry.getValue())).toArray(Configuration[]::new);
        return found.length == 0 ? null : found;
    }

    private static Configuration configuration(String pid, Stored stored) {
        return (Configuration) Proxy.newProxyInstance(FakeConfigurationAdmin.class.getClassLoader(),
                new Class<?>[] {Configuration.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "getPid" -> pid;
                    case "getFactoryPid" -> MatchBlock.FACTORY_PID;
                    case "getChangeCount" -> stored.changeCount();
                    case "getProperties" -> new Hashtable<>((Map<String, Object>) (Map<?, ?>) stored.properties());
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
