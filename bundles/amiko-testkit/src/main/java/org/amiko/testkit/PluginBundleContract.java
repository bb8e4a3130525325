// SPDX-License-Identifier: Apache-2.0
package org.amiko.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.amiko.spi.SshAlgorithm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Checks that the two ways the catalog finds a plug-in bundle's algorithms list the same classes with
 * the same names: the module descriptor's {@code provides} (with the {@code META-INF/services} files
 * that mirror it for the class path), used by {@link java.util.ServiceLoader}, and the Declarative
 * Services descriptions that bnd generates from {@code @Component} and {@link SshAlgorithm}, used in
 * OSGi. Also that the bundle exports nothing and needs the DS annotations only at build time.
 *
 * <p>Reads the build output (the class directory the tests run against), so it checks what will be
 * packaged. A bundle's test extends this class and names the bundle; the bundle's symbolic name, JPMS
 * module name and root package are one name, as everywhere in Amiko.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PluginBundleContract {
    /** A DS property: name, type, then the value attribute or the element body (arrays, one per line). */
    private static final Pattern PROPERTY = Pattern.compile(
            "<property name=\"([^\"]+)\" type=\"([^\"]+)\"(?: value=\"([^\"]*)\"/>|>([^<]*)</property>)");

    private final String moduleName;
    private final Class<?> memberClass;
    private final int algorithmCount;
    private Path classes;
    /** Every class under the root package that carries @SshAlgorithm, by name. */
    private final Map<String, Class<?>> algorithms = new TreeMap<>();

    /**
     * @param moduleName the bundle's symbolic name, which is also its module name and root package
     * @param memberClass any class of the bundle, to find its class directory
     * @param algorithmCount how many {@link SshAlgorithm} classes the bundle holds, so that a class
     *     that lost its annotation (and with it both registrations) does not go unnoticed
     */
    protected PluginBundleContract(String moduleName, Class<?> memberClass, int algorithmCount) {
        this.moduleName = moduleName;
        this.memberClass = memberClass;
        this.algorithmCount = algorithmCount;
    }

    @BeforeAll
    public void scanBuildOutput() throws URISyntaxException, IOException, ClassNotFoundException {
        classes = Path.of(memberClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isDirectory(classes), "runs against the class directory: " + classes);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes.resolve(moduleName.replace('.', '/')))) {
            files = walk.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList());
        }
        for (Path file : files) {
            String name = classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".")
                    .replaceAll("\\.class$", "");
            Class<?> type = Class.forName(name, false, memberClass.getClassLoader());
            if (type.isAnnotationPresent(SshAlgorithm.class)) {
                algorithms.put(name, type);
            }
        }
        assertEquals(algorithmCount, algorithms.size(), "algorithm classes found: " + algorithms.keySet());
    }

    @Test
    public void moduleProvidesEveryAlgorithmUnderItsInterface() throws IOException, ClassNotFoundException {
        ModuleDescriptor module = moduleDescriptor();
        assertEquals(moduleName, module.name());
        assertTrue(module.exports().isEmpty(), "nothing is exported");
        Set<String> provided = new TreeSet<>();
        for (ModuleDescriptor.Provides provides : module.provides()) {
            for (String provider : provides.providers()) {
                Class<?> type = algorithms.get(provider);
                assertNotNull(type, provider + " is provided but carries no @SshAlgorithm");
                Class<?> service = Class.forName(provides.service(), false, type.getClassLoader());
                assertTrue(service.isAssignableFrom(type), provider + " does not implement " + provides.service());
                assertTrue(provided.add(provider), provider + " provided twice");
            }
        }
        assertEquals(algorithms.keySet(), provided, "module-info provides exactly the annotated classes");
    }

    @Test
    public void classPathServiceFilesAgreeWithTheModule() throws IOException {
        Path services = classes.resolve("META-INF/services");
        assumeTrue(Files.isDirectory(services), "no META-INF/services: discovery is by module-info only");
        for (ModuleDescriptor.Provides provides : moduleDescriptor().provides()) {
            Path file = services.resolve(provides.service());
            assertTrue(Files.exists(file), "META-INF/services lacks " + provides.service());
            List<String> listed = Files.readAllLines(file).stream().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).collect(Collectors.toList());
            assertEquals(provides.providers(), listed, "class-path and module-path providers of " + provides.service());
        }
    }

    @Test
    public void everyAlgorithmHasComponentDescriptionWithItsProperties() throws IOException {
        for (Class<?> type : algorithms.values()) {
            Path xml = classes.resolve("OSGI-INF/" + type.getName() + ".xml");
            assertTrue(Files.exists(xml), "no component description for " + type.getName());
            String description = Files.readString(xml);
            SshAlgorithm annotation = type.getAnnotation(SshAlgorithm.class);
            Map<String, String> properties = new TreeMap<>();
            Matcher property = PROPERTY.matcher(description);
            while (property.find()) {
                String value = property.group(3) != null ? property.group(3) : property.group(4).strip();
                properties.put(property.group(1), property.group(2) + ":" + value);
            }
            assertEquals("String:" + String.join("\n", annotation.algorithm()), properties.get(SshAlgorithm.ALGORITHM),
                    type.getName());
            assertEquals("String:" + annotation.security(), properties.get(SshAlgorithm.SECURITY), type.getName());
            assertEquals("Integer:" + annotation.preference(), properties.get(SshAlgorithm.PREFERENCE), type.getName());
            // a description built against SPI 1.0 has no ranking, which the catalog reads as 0
            assertEquals("Integer:" + annotation.ranking(), properties.getOrDefault(SshAlgorithm.RANKING, "Integer:0"),
                    type.getName());
            assertTrue(description.contains("<implementation class=\"" + type.getName() + "\"/>"), type.getName());
            assertTrue(description.contains("<provide interface=\"org.amiko.spi."), "service of " + type.getName());
        }
    }

    @Test
    public void manifestExportsNothingAndListsEveryComponent() throws IOException {
        Manifest manifest;
        try (InputStream in = Files.newInputStream(classes.resolve("META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in);
        }
        assertEquals(moduleName, manifest.getMainAttributes().getValue("Bundle-SymbolicName"));
        assertNull(manifest.getMainAttributes().getValue("Export-Package"), "the bundle exports nothing");
        String components = manifest.getMainAttributes().getValue("Service-Component");
        assertNotNull(components, "the manifest has no Service-Component header");
        List<String> missing = new ArrayList<>();
        for (String name : algorithms.keySet()) {
            if (!components.contains("OSGI-INF/" + name + ".xml")) {
                missing.add(name);
            }
        }
        assertTrue(missing.isEmpty(), "Service-Component lacks " + missing);
        assertFalse(manifest.getMainAttributes().getValue("Import-Package").contains("org.osgi.service.component"),
                "DS annotations are build-time only");
    }

    private ModuleDescriptor moduleDescriptor() throws IOException {
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }
}
