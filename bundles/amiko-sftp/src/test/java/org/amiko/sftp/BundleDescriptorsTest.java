// SPDX-License-Identifier: Apache-2.0
package org.amiko.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the build packages: the module descriptor and the bundle manifest export the same two API
 * packages and nothing internal, and the two DS components are described with the runtime's PID,
 * an optional configuration and their whiteboard properties.
 */
class BundleDescriptorsTest {
    private static Path classes;

    @BeforeAll
    static void locate() throws URISyntaxException {
        classes = Path.of(SftpClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isDirectory(classes), "runs against the class directory: " + classes);
    }

    @Test
    void moduleExportsTheApiPackagesOnly() throws IOException {
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        assertEquals("org.amiko.sftp", module.name());
        Set<String> exported = new TreeSet<>();
        module.exports().forEach(export -> exported.add(export.source()));
        assertEquals(Set.of("org.amiko.sftp", "org.amiko.sftp.server"), exported);
    }

    @Test
    void manifestExportsTheSamePackagesAndListsTheComponents() throws IOException {
        Manifest manifest;
        try (InputStream in = Files.newInputStream(classes.resolve("META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in);
        }
        assertEquals("org.amiko.sftp", manifest.getMainAttributes().getValue("Bundle-SymbolicName"));
        String exports = manifest.getMainAttributes().getValue("Export-Package");
        assertTrue(exports.startsWith("org.amiko.sftp;version=\"1.0.0\""), exports);
        assertTrue(exports.contains("org.amiko.sftp.server;version=\"1.1.0\""), exports);
        assertFalse(exports.contains("internal"), exports);
        String components = manifest.getMainAttributes().getValue("Service-Component");
        assertTrue(components.contains("OSGI-INF/org.amiko.sftp.internal.SftpComponent.xml"), components);
        assertTrue(components.contains("OSGI-INF/org.amiko.sftp.internal.ScpComponent.xml"), components);
        assertFalse(manifest.getMainAttributes().getValue("Import-Package").contains("org.osgi.service.component"),
                "DS annotations are build-time only");
    }

    @Test
    void componentsReadTheServersConfiguration() throws IOException {
        String sftp = Files.readString(classes.resolve("OSGI-INF/org.amiko.sftp.internal.SftpComponent.xml"));
        String scp = Files.readString(classes.resolve("OSGI-INF/org.amiko.sftp.internal.ScpComponent.xml"));
        for (String component : new String[] {sftp, scp}) {
            assertTrue(component.contains("configuration-pid=\"org.amiko.sshd\""), component);
            assertTrue(component.contains("configuration-policy=\"optional\""), component);
            assertTrue(component.contains("<property name=\"sftpRoot\" type=\"String\" value=\"data/sftp\"/>"), component);
            assertTrue(component.contains("<property name=\"sftpReadOnly\" type=\"Boolean\" value=\"false\"/>"), component);
            assertTrue(component.contains("<property name=\"sftpUmask\" type=\"String\" value=\"022\"/>"), component);
        }
        assertTrue(sftp.contains("<property name=\"amiko.subsystem\" type=\"String\" value=\"sftp\"/>"), sftp);
        assertTrue(sftp.contains("<provide interface=\"org.amiko.server.SubsystemHandler\"/>"), sftp);
        assertTrue(scp.contains("<property name=\"amiko.command\" type=\"String\" value=\"scp\"/>"), scp);
        assertTrue(scp.contains("<provide interface=\"org.amiko.server.CommandHandler\"/>"), scp);
    }
}
