// SPDX-License-Identifier: Apache-2.0
package org.amiko.zlib;

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

/**
 * The two ways the catalog finds these algorithms must list the same classes with the same names:
 * the module descriptor's {@code provides} (ServiceLoader) and the Declarative Services descriptions
 * that bnd generates from {@code @Component} and {@link SshAlgorithm} (OSGi). Reads the build output,
 * so it checks what will be packaged.
 */
class BundleDescriptorsTest {
    /** A DS property: name, type, then the value attribute or the element body (arrays, one per line). */
    private static final Pattern PROPERTY = Pattern.compile(
            "<property name=\"([^\"]+)\" type=\"([^\"]+)\"(?: value=\"([^\"]*)\"/>|>([^<]*)</property>)");
    private static Path classes;
    /** Every class under org/amiko/zlib that carries @SshAlgorithm, by name. */
    private static final Map<String, Class<?>> ALGORITHMS = new TreeMap<>();

    @BeforeAll
    static void scanBuildOutput() throws URISyntaxException, IOException, ClassNotFoundException {
        classes = Path.of(ZlibOpenSsh.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isDirectory(classes), "runs against the class directory: " + classes);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes.resolve("org/amiko/zlib"))) {
            files = walk.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList());
        }
        for (Path file : files) {
            String name = classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".")
                    .replaceAll("\\.class$", "");
            Class<?> type = Class.forName(name, false, BundleDescriptorsTest.class.getClassLoader());
            if (type.isAnnotationPresent(SshAlgorithm.class)) {
                ALGORITHMS.put(name, type);
            }
        }
        assertEquals(2, ALGORITHMS.size(), "algorithm classes found: " + ALGORITHMS.keySet());
    }

    @Test
    void moduleProvidesEveryAlgorithmUnderItsInterface() throws IOException, ClassNotFoundException {
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        assertEquals("org.amiko.zlib", module.name());
        assertTrue(module.exports().isEmpty(), "nothing is exported");
        Set<String> provided = new TreeSet<>();
        for (ModuleDescriptor.Provides provides : module.provides()) {
            for (String provider : provides.providers()) {
                Class<?> type = ALGORITHMS.get(provider);
                assertNotNull(type, provider + " is provided but carries no @SshAlgorithm");
                Class<?> service = Class.forName(provides.service(), false, type.getClassLoader());
                assertTrue(service.isAssignableFrom(type), provider + " does not implement " + provides.service());
                assertTrue(provided.add(provider), provider + " provided twice");
            }
        }
        assertEquals(ALGORITHMS.keySet(), provided, "module-info provides exactly the annotated classes");
    }

    @Test
    void classPathServiceFilesAgreeWithTheModule() throws IOException {
        Path services = classes.resolve("META-INF/services");
        assumeTrue(Files.isDirectory(services), "no META-INF/services: discovery is by module-info only");
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        for (ModuleDescriptor.Provides provides : module.provides()) {
            Path file = services.resolve(provides.service());
            assertTrue(Files.exists(file), "META-INF/services lacks " + provides.service());
            List<String> listed = Files.readAllLines(file).stream().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).collect(Collectors.toList());
            assertEquals(provides.providers(), listed, "class-path and module-path providers of " + provides.service());
        }
    }

    @Test
    void everyAlgorithmHasComponentDescriptionWithItsProperties() throws IOException {
        for (Class<?> type : ALGORITHMS.values()) {
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
            assertTrue(description.contains("<implementation class=\"" + type.getName() + "\"/>"), type.getName());
            assertTrue(description.contains("<provide interface=\"org.amiko.spi."), "service of " + type.getName());
        }
    }

    @Test
    void manifestExportsNothingAndListsEveryComponent() throws IOException {
        Manifest manifest;
        try (InputStream in = Files.newInputStream(classes.resolve("META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in);
        }
        assertEquals("org.amiko.zlib", manifest.getMainAttributes().getValue("Bundle-SymbolicName"));
        assertNull(manifest.getMainAttributes().getValue("Export-Package"), "the bundle exports nothing");
        String components = manifest.getMainAttributes().getValue("Service-Component");
        List<String> missing = new ArrayList<>();
        for (String name : ALGORITHMS.keySet()) {
            if (!components.contains("OSGI-INF/" + name + ".xml")) {
                missing.add(name);
            }
        }
        assertTrue(missing.isEmpty(), "Service-Component lacks " + missing);
        assertFalse(manifest.getMainAttributes().getValue("Import-Package").contains("org.osgi.service.component"),
                "DS annotations are build-time only");
    }
}
