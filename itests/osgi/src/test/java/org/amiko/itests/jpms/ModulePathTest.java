// SPDX-License-Identifier: Apache-2.0
package org.amiko.itests.jpms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real module jars without OSGi and without a class path: a separate {@code java} process runs a
 * small application module (src/test/jpms) on {@code --module-path} alone, which starts an Amiko
 * server, connects an Amiko client to it and runs a command, all with the algorithms that
 * {@link java.util.ServiceLoader} finds through the modules' {@code uses} and {@code provides}. The
 * catalog it prints must hold exactly the wire names that the {@code provides} clauses of the modules
 * on the path declare (read here from the jars' module descriptors and the classes'
 * {@code @SshAlgorithm}), so a missing {@code requires}, {@code uses}, {@code exports} or
 * {@code provides} shows up as a failed launch or a wrong catalog.
 */
class ModulePathTest {
    private static final Map<String, String> FAMILIES = Map.of(
            "org.amiko.spi.cipher.CipherAlgorithm", "CIPHER",
            "org.amiko.spi.mac.MacAlgorithm", "MAC",
            "org.amiko.spi.kex.KexAlgorithm", "KEX",
            "org.amiko.spi.signature.SignatureAlgorithm", "HOST_KEY",
            "org.amiko.spi.compression.CompressionAlgorithm", "COMPRESSION");
    /** What amiko-bc is for; each must come with it and only with it. */
    private static final List<String> BC_NAMES = List.of("chacha20-poly1305@openssh.com", "sntrup761x25519-sha512",
            "mlkem768x25519-sha256", "curve448-sha512");

    private static Path work;
    private static Path application;

    /** Compiles the application module against the product modules and packs it as a jar. */
    @BeforeAll
    static void buildApplication() throws IOException {
        work = Files.createDirectories(Path.of(property("amiko.itest.work")).resolve("jpms"));
        Path sources = Path.of(property("amiko.itest.jpms.sources"));
        Path classes = work.resolve("classes");
        deleteTree(classes);
        List<String> arguments = new ArrayList<>(List.of("--release", "17",
                "--module-path", pathOf(modules(false)),
                "-d", classes.toString()));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> arguments.add(file.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, arguments.toArray(String[]::new)),
                "the application module does not compile against the product modules");
        application = work.resolve("amiko-itest-jpms-app.jar");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(application));
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                jar.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                jar.write(Files.readAllBytes(file));
                jar.closeEntry();
            }
        }
    }

    /**
     * amiko-api, -spi, -core, -keys and -jca alone: the server and client agree on a suite of the
     * JDK pack, run a command, and the catalog is exactly what amiko-jca (and the engine's
     * {@code none} compression) provide, with nothing of amiko-bc.
     */
    @Test
    void jdkPackOnTheModulePath() throws Exception {
        List<Path> path = modules(false);
        Launch launch = launch("jdk", path);

        assertEquals(expectedCatalog(path), launch.catalog(), launch::toString);
        assertTrue(launch.lines("ALGORITHM").stream().allMatch(l -> l.endsWith(" org.amiko.jca")
                || l.equals("ALGORITHM COMPRESSION none amiko-core")), launch::toString);
        for (String name : BC_NAMES) {
            assertTrue(launch.catalog().stream().noneMatch(entry -> entry.endsWith(" " + name)), launch::toString);
        }
        assertSuiteFromCatalog(launch);
    }

    /**
     * The same with amiko-bc and Bouncy Castle's provider module added: their algorithms join the
     * catalog (provided by {@code org.amiko.bc}), and a client that accepts only
     * {@code chacha20-poly1305@openssh.com} and {@code mlkem768x25519-sha256} gets them. Skipped only
     * when amiko-bc is not part of this build (the {@code amiko-bc} profile copies its jar).
     */
    @Test
    void bouncyCastlePackJoinsOnTheModulePath() throws Exception {
        Path bc = Path.of(property("amiko.itest.modules.bc"));
        assumeTrue(Files.isRegularFile(bc.resolve("amiko-bc.jar")), "amiko-bc is not part of this build");
        List<Path> path = modules(true);
        Launch launch = launch("bc", path, "cipher=chacha20-poly1305@openssh.com", "kex=mlkem768x25519-sha256");

        assertEquals(expectedCatalog(path), launch.catalog(), launch::toString);
        for (String name : BC_NAMES) {
            assertTrue(launch.lines("ALGORITHM").stream().anyMatch(l -> l.contains(" " + name + " org.amiko.bc")),
                    name + " missing:\n" + launch);
        }
        String suite = launch.lines("SUITE").get(0);
        assertTrue(suite.startsWith("SUITE mlkem768x25519-sha256 ssh-ed25519 c2s=chacha20-poly1305@openssh.com "
                + "s2c=chacha20-poly1305@openssh.com"), launch::toString);
    }

    /** Every algorithm of the negotiated suite ({@code kex hostkey c2s=cipher/mac s2c=...}) is in the catalog. */
    private static void assertSuiteFromCatalog(Launch launch) {
        String[] suite = launch.lines("SUITE").get(0).split(" ");
        List<String> names = new ArrayList<>(List.of(suite[1], suite[2]));
        for (String direction : List.of(suite[3], suite[4])) {
            names.addAll(List.of(direction.substring(direction.indexOf('=') + 1).split("/")));
        }
        TreeSet<String> catalog = new TreeSet<>();
        launch.catalog().forEach(entry -> catalog.add(entry.substring(entry.indexOf(' ') + 1)));
        assertTrue(catalog.containsAll(names), launch::toString);
    }

    /** What one run of the application printed. */
    private record Launch(List<String> output, String errors) {
        List<String> lines(String kind) {
            return output.stream().filter(line -> line.startsWith(kind + " ")).toList();
        }

        /** {@code FAMILY name} for every catalog entry, sorted. */
        TreeSet<String> catalog() {
            TreeSet<String> names = new TreeSet<>();
            for (String line : lines("ALGORITHM")) {
                String[] fields = line.split(" ");
                names.add(fields[1] + " " + fields[2]);
            }
            return names;
        }

        @Override
        public String toString() {
            return String.join("\n", output) + "\n--- stderr\n" + errors;
        }
    }

    /**
     * Runs the application on {@code modules} plus its own jar, with no class path at all; its output
     * stays in target/itest-work/jpms/{@code label}.out and .err.
     */
    private static Launch launch(String label, List<Path> modules, String... arguments) throws Exception {
        List<Path> path = new ArrayList<>(modules);
        path.add(application);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--module-path", pathOf(path),
                "--module", "org.amiko.itests.jpms.app/org.amiko.itests.jpms.app.Main"));
        command.addAll(List.of(arguments));
        Path out = work.resolve(label + ".out");
        Path err = work.resolve(label + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        // nothing may sneak in a class path or options behind the module path's back
        builder.environment().remove("CLASSPATH");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the application did not finish within 60 s:\n" + Files.readString(err));
        }
        Launch launch = new Launch(Files.readAllLines(out), Files.readString(err));
        assertEquals(0, process.exitValue(), launch::toString);
        assertEquals(List.of("CLASSPATH "), launch.lines("CLASSPATH"), launch::toString);
        assertEquals(List.of(
                "MODULE org.amiko.itests.jpms.app.Main org.amiko.itests.jpms.app",
                "MODULE org.amiko.Transport org.amiko",
                "MODULE org.amiko.core.Amiko org.amiko.core",
                "MODULE org.amiko.keys.KeyPairs org.amiko.keys",
                "MODULE org.amiko.spi.cipher.CipherAlgorithm org.amiko.spi"), launch.lines("MODULE"), launch::toString);
        assertEquals(List.of(), launch.lines("PROBLEM"), launch::toString);
        assertEquals(List.of("OUTPUT hello from greet module path"), launch.lines("OUTPUT"), launch::toString);
        assertEquals(List.of("EXIT 0"), launch.lines("EXIT"), launch::toString);
        return launch;
    }

    /**
     * {@code FAMILY name} for every wire name (aliases included) that the {@code provides} clauses of
     * {@code modules} declare, read from their descriptors and the provider classes' {@code @SshAlgorithm},
     * plus the engine's own {@code none} compression.
     */
    private static TreeSet<String> expectedCatalog(List<Path> modules) throws Exception {
        TreeSet<String> expected = new TreeSet<>(List.of("COMPRESSION none"));
        URL[] urls = new URL[modules.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = modules.get(i).toUri().toURL();
        }
        try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
            for (ModuleReference module : ModuleFinder.of(modules.toArray(Path[]::new)).findAll()) {
                for (ModuleDescriptor.Provides provides : module.descriptor().provides()) {
                    String family = FAMILIES.get(provides.service());
                    if (family == null) {
                        continue;
                    }
                    for (String provider : provides.providers()) {
                        for (String name : wireNames(Class.forName(provider, false, loader))) {
                            expected.add(family + " " + name);
                        }
                    }
                }
            }
        }
        return expected;
    }

    /** The {@code algorithm} element of a class's {@code @SshAlgorithm}, read without sharing its class. */
    private static String[] wireNames(Class<?> provider) throws ReflectiveOperationException {
        for (Annotation annotation : provider.getAnnotations()) {
            if (annotation.annotationType().getName().equals("org.amiko.spi.SshAlgorithm")) {
                return (String[]) annotation.annotationType().getMethod("algorithm").invoke(annotation);
            }
        }
        throw new AssertionError(provider.getName() + " is provided but has no @SshAlgorithm");
    }

    /** The product module jars that dependency:copy-dependencies put under target/, with amiko-bc's if asked. */
    private static List<Path> modules(boolean withBc) throws IOException {
        List<Path> jars = new ArrayList<>();
        for (String name : List.of("amiko-api", "amiko-spi", "amiko-core", "amiko-keys", "amiko-jca")) {
            jars.add(existing(Path.of(property("amiko.itest.modules")).resolve(name + ".jar")));
        }
        if (withBc) {
            Path bc = Path.of(property("amiko.itest.modules.bc"));
            jars.add(existing(bc.resolve("amiko-bc.jar")));
            jars.add(existing(bc.resolve("bcprov-jdk18on.jar")));
        }
        return jars;
    }

    private static String pathOf(List<Path> jars) {
        return jars.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
    }

    private static Path existing(Path jar) {
        assertTrue(Files.isRegularFile(jar), jar + " is missing; run the tests through Maven");
        return jar;
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        assertTrue(value != null, "system property " + name + " is not set; run the tests through Maven");
        return value;
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                    Files.delete(file);
                }
            }
        }
    }
}
