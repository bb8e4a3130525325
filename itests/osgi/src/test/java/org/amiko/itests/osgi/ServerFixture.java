// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests.osgi;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.amiko.core.AlgorithmCatalog;
import org.amiko.keys.KeyFiles;
import org.amiko.keys.KeyPairs;
import org.amiko.keys.PublicKeyLine;
import org.amiko.spi.cipher.CipherAlgorithm;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The Amiko server running in the test's framework, seen from inside it: configured once per
 * framework through ConfigAdmin (PID {@code org.amiko.sshd}), with its live catalog, its operator
 * commands, and the test plug-ins a test installs (and which {@link #uninstallPlugins()} removes).
 *
 * <p>The runtime's own types ({@code LiveCatalog}, {@code AmikoCommands}) live in a package the
 * sshd bundle does not export; they are reached as services by class name: the catalog through the
 * {@link Supplier} it implements, the commands by reflection, as Gogo would call them.
 */
final class ServerFixture {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String LIVE_CATALOG = "org.amiko.sshd.internal.LiveCatalog";
    private static final String COMMANDS = "org.amiko.sshd.internal.AmikoCommands";

    /** What the tests need to reach the server; made once per framework. */
    record Server(int port, List<PublicKey> hostKeys, KeyPair user) {}

    private static Server server;

    private final BundleContext context;
    private final List<Bundle> installed = new ArrayList<>();

    ServerFixture(BundleContext context) {
        this.context = context;
    }

    /**
     * Configures and starts the server on first use: a free loopback port, an authorized key of the
     * test's, {@code shell=os}, {@code onAlgorithmRemoved=rekey}, every installed recommended algorithm.
     */
    Server server() throws Exception {
        synchronized (ServerFixture.class) {
            if (server == null) {
                server = start();
            }
            return server;
        }
    }

    private Server start() throws Exception {
        Path etc = Path.of(System.getProperty("amiko.home")).resolve("etc");
        Files.createDirectories(etc);
        KeyPair user = KeyPairs.generate("ssh-ed25519");
        Files.writeString(etc.resolve("authorized_keys"), PublicKeyLine.of(user.getPublic(), "itest").format() + "\n",
                StandardCharsets.US_ASCII);
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("port", port);
        properties.put("address", "127.0.0.1");
        properties.put("authorizedKeys", "etc/authorized_keys");
        properties.put("users", "etc/users.properties");
        properties.put("hostKeyDirectory", "etc");
        properties.put("shell", "os");
        properties.put("onAlgorithmRemoved", "rekey");
        ConfigurationAdmin admin = awaitService(ConfigurationAdmin.class, null);
        // "?" binds the configuration to whichever bundle's component asks for it (the sshd bundle's SCR)
        Configuration configuration = admin.getConfiguration("org.amiko.sshd", "?");
        configuration.update(properties);
        // the configuration is stored before the bundle arrives, so SCR activates the server with it
        context.installBundle(FelixSetup.sshd()).start();
        awaitListening(port);
        List<PublicKey> hostKeys = new ArrayList<>();
        for (String name : List.of("ssh_host_ed25519_key", "ssh_host_ecdsa_key", "ssh_host_rsa_key")) {
            hostKeys.add(KeyFiles.load(etc.resolve(name), null).getPublic());
        }
        return new Server(port, List.copyOf(hostKeys), user);
    }

    /** The framework gives no event for a socket that listens: poll with a deadline. */
    private static void awaitListening(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the Amiko server did not listen on port " + port + " within " + TIMEOUT, e);
                }
                Thread.sleep(20);
            }
        }
    }

    /** The installed bundle with this symbolic name. */
    Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    /** Installs a test plug-in (not started); {@link #uninstallPlugins()} removes it again. */
    Bundle install(String artifactId) throws Exception {
        Bundle bundle = context.installBundle(FelixSetup.plugin(artifactId));
        installed.add(bundle);
        return bundle;
    }

    /** Installs and starts a test plug-in. */
    Bundle start(String artifactId) throws Exception {
        Bundle bundle = install(artifactId);
        bundle.start();
        return bundle;
    }

    void uninstallPlugins() throws Exception {
        for (Bundle bundle : installed) {
            if (bundle.getState() != Bundle.UNINSTALLED) {
                bundle.uninstall();
            }
        }
        installed.clear();
    }

    /** The server's catalog as it is now. */
    AlgorithmCatalog catalog() throws Exception {
        @SuppressWarnings("unchecked")
        Supplier<AlgorithmCatalog> live = (Supplier<AlgorithmCatalog>) awaitService(LIVE_CATALOG);
        return live.get();
    }

    /**
     * Waits until the server's catalog satisfies {@code condition}. The catalog is rebuilt inside the
     * service event of a plug-in's (un)registration and has no event of its own: poll with a deadline.
     */
    AlgorithmCatalog awaitCatalog(String what, Predicate<AlgorithmCatalog> condition) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        AlgorithmCatalog catalog = catalog();
        while (!condition.test(catalog)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the server's catalog did not come to " + what + " within " + TIMEOUT
                        + "; it has " + describe(catalog));
            }
            Thread.sleep(10);
            catalog = catalog();
        }
        return catalog;
    }

    /** Runs an operator command ({@code amiko:algorithms}, {@code amiko:sessions}) and returns its output. */
    String command(String name) throws Exception {
        Object commands = awaitService(COMMANDS);
        try {
            return (String) commands.getClass().getMethod(name).invoke(commands);
        } catch (InvocationTargetException e) {
            throw new AssertionError("amiko:" + name + " failed", e.getCause());
        }
    }

    /**
     * The sealers and openers handed out so far by the {@code amiko.algorithm=name} cipher that
     * {@code bundle} registered (the counting test plug-ins implement {@link LongSupplier}).
     */
    LongSupplier cipherCounter(Bundle bundle, String name) throws InvalidSyntaxException {
        for (ServiceReference<CipherAlgorithm> reference : context.getServiceReferences(CipherAlgorithm.class,
                "(amiko.algorithm=" + name + ")")) {
            if (reference.getBundle() != null && reference.getBundle().getBundleId() == bundle.getBundleId()) {
                return (LongSupplier) context.getService(reference);
            }
        }
        throw new AssertionError(bundle.getSymbolicName() + " has no " + name + " cipher registered");
    }

    /** A service by type, waiting for its registration (a service event) up to {@link #TIMEOUT}. */
    <T> T awaitService(Class<T> type, String filter) throws Exception {
        String objectClass = "(objectClass=" + type.getName() + ")";
        return type.cast(awaitFiltered(filter == null ? objectClass : "(&" + objectClass + filter + ")"));
    }

    /** A service by class name, for types this bundle cannot import. */
    Object awaitService(String className) throws Exception {
        return awaitFiltered("(objectClass=" + className + ")");
    }

    /** Waits until a service matching {@code filter} is used by the bundle {@code symbolicName}, as SCR binds it. */
    void awaitUsedBy(String filter, String symbolicName) throws Exception {
        awaitFiltered(filter);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        // binding happens in the service event, in whichever thread registered: there is no event for "bound"
        while (!usedBy(filter, symbolicName)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(symbolicName + " did not bind " + filter + " within " + TIMEOUT);
            }
            Thread.sleep(10);
        }
    }

    private boolean usedBy(String filter, String symbolicName) throws InvalidSyntaxException {
        ServiceReference<?>[] references = context.getAllServiceReferences(null, filter);
        if (references == null) {
            return false;
        }
        for (ServiceReference<?> reference : references) {
            Bundle[] users = reference.getUsingBundles();
            if (users != null) {
                for (Bundle user : users) {
                    if (symbolicName.equals(user.getSymbolicName())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private Object awaitFiltered(String filter) throws Exception {
        ServiceTracker<Object, Object> tracker =
                new ServiceTracker<>(context, FrameworkUtil.createFilter(filter), null);
        tracker.open(true);
        ServiceReference<Object> reference;
        try {
            if (tracker.waitForService(TIMEOUT.toMillis()) == null) {
                throw new AssertionError("no service " + filter + " within " + TIMEOUT);
            }
            reference = tracker.getServiceReference();
        } finally {
            tracker.close();
        }
        // held by the probe bundle until the framework stops, so a delayed component (the commands)
        // stays active while the test uses it
        Object service = context.getService(reference);
        if (service == null) {
            throw new AssertionError("the service " + filter + " went away");
        }
        return service;
    }

    static String describe(AlgorithmCatalog catalog) {
        StringBuilder out = new StringBuilder();
        for (org.amiko.AlgorithmFamily family : org.amiko.AlgorithmFamily.values()) {
            out.append(family).append('=');
            catalog.entries(family).forEach(entry -> out.append(entry.name()).append('[').append(entry.provider())
                    .append("] "));
        }
        out.append(" shadowed=");
        catalog.shadowed().forEach(entry -> out.append(entry.name()).append('[').append(entry.provider()).append("] "));
        return out.append(" problems=").append(catalog.problems()).toString();
    }
}
