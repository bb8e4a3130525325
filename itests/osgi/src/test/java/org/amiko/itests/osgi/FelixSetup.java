// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests.osgi;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ops4j.pax.exam.Option;

/**
 * What the Felix of the tests holds: Declarative Services (SCR with its separate API bundles) and
 * ConfigAdmin, the Amiko bundles of the distribution minus Gogo and the server, and Pax Exam's own
 * bundles. The bundles are the copies that {@code dependency:copy-dependencies} put under
 * {@code target/}, installed as {@code file:} URLs, so a fresh clone's reactor build tests what it
 * just built (Pax Exam's {@code mavenBundle()} would read {@code ~/.m2} instead). The logging level
 * lets the server's INFO lines (listening, subsystems, re-keys) reach the test output.
 */
final class FelixSetup {
    /** The runtime bundles in start order. ConfigAdmin comes before SCR so SCR wires to it. */
    private static final List<String> RUNTIME = List.of(
            "org.osgi.util.function", "org.osgi.util.promise", "org.osgi.service.component",
            "org.apache.felix.configadmin", "org.apache.felix.scr");
    /**
     * The Amiko bundles in start order (each after those it imports from). Other Amiko bundles that
     * the server comes to depend on (Maven copies them too) start after these, in name order.
     */
    private static final List<String> AMIKO =
            List.of("amiko-api", "amiko-spi", "amiko-core", "amiko-keys", "amiko-jca");

    /**
     * Installed by the test once it has configured the server (see {@link ServerFixture#server()}):
     * started without a configuration, the server would first listen on its default port.
     */
    static final String SSHD = "amiko-sshd";

    private FelixSetup() {}

    static Option[] configuration() throws IOException {
        Path bundles = Path.of(property("amiko.itest.bundles"));
        List<String> order = new ArrayList<>(RUNTIME);
        order.addAll(AMIKO);
        try (Stream<Path> jars = Files.list(bundles)) {
            jars.map(jar -> jar.getFileName().toString().replaceFirst("\\.jar$", ""))
                    .filter(name -> name.startsWith("amiko-") && !AMIKO.contains(name) && !name.equals(SSHD))
                    .sorted().forEach(order::add);
        }
        List<Option> provisioned = new ArrayList<>();
        for (String name : order) {
            provisioned.add(bundle(jar(bundles, name)));
        }
        return options(
                // the server's home: host keys, users and authorized_keys live under etc/
                systemProperty("amiko.home").value(work().resolve("home").toString()),
                systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("INFO"),
                composite(provisioned.toArray(Option[]::new)),
                junitBundles());
    }

    /** A file under {@code target/} for this run's state. */
    static Path work() {
        return Path.of(property("amiko.itest.work"));
    }

    /** The location of the server bundle. */
    static String sshd() {
        return jar(Path.of(property("amiko.itest.bundles")), SSHD);
    }

    /** The test plug-in bundle {@code name} (an artifactId of itests/osgi-bundles). */
    static String plugin(String name) {
        return jar(Path.of(property("amiko.itest.plugins")), name);
    }

    private static String jar(Path directory, String name) {
        Path jar = directory.resolve(name + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; run the build through Maven (generate-test-resources "
                    + "copies the bundles)");
        }
        return jar.toUri().toString();
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set; run the tests through Maven");
        }
        return value;
    }
}
