// SPDX-License-Identifier: Apache-2.0
package org.amiko.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;
import org.amiko.spi.SecurityLevel;
import org.amiko.spi.SshAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Checks that an algorithm class can be found and named by the catalog both ways: it carries a valid
 * {@link SshAlgorithm} (wire names per RFC 4251 section 6 and RFC 4250 section 4.6.1, a known
 * security level) and, for {@link java.util.ServiceLoader}, is a public concrete class with a public
 * no-argument constructor that implements the service interface.
 *
 * <p>The family contracts ({@link CipherAlgorithmContract} and the others) extend this class, so
 * every plug-in test gets these checks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AlgorithmAnnotationContract {

    /** The plug-in class under test. */
    protected abstract Class<?> algorithmClass();

    /** The SPI interface it registers under, e.g. {@code CipherAlgorithm.class}. */
    protected abstract Class<?> serviceType();

    /** The annotation; fails the test when it is missing. */
    protected final SshAlgorithm annotation() {
        SshAlgorithm annotation = algorithmClass().getAnnotation(SshAlgorithm.class);
        assertNotNull(annotation, algorithmClass().getName() + " carries no @SshAlgorithm");
        return annotation;
    }

    /** The wire name (the first element of {@link SshAlgorithm#algorithm()}). */
    protected final String wireName() {
        String[] names = annotation().algorithm();
        assertTrue(names.length > 0, "@SshAlgorithm names no algorithm");
        return names[0];
    }

    @Test
    public void carriesValidWireNames() {
        String[] names = annotation().algorithm();
        assertTrue(names.length > 0, "@SshAlgorithm names no algorithm");
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            assertValidName(name);
            assertTrue(seen.add(name), "name listed twice: " + name);
        }
    }

    @Test
    public void carriesKnownSecurityLevel() {
        String security = annotation().security();
        SecurityLevel level = assertDoesNotThrow(() -> SecurityLevel.fromProperty(security));
        assertEquals(level.propertyValue(), security, "write the security level in lower case");
    }

    @Test
    public void carriesNonNegativePreference() {
        assertTrue(annotation().preference() >= 0, "preference " + annotation().preference() + " is negative");
    }

    @Test
    public void isLoadableAsService() throws ReflectiveOperationException {
        Class<?> type = algorithmClass();
        int modifiers = type.getModifiers();
        assertTrue(Modifier.isPublic(modifiers), type + " must be public for ServiceLoader");
        assertFalse(Modifier.isAbstract(modifiers), type + " must be concrete");
        assertTrue(serviceType().isAssignableFrom(type), type + " does not implement " + serviceType().getName());
        assertFalse(type.isMemberClass() && !Modifier.isStatic(modifiers), type + " must not be an inner class");
        Constructor<?> constructor = type.getConstructor();
        assertTrue(Modifier.isPublic(constructor.getModifiers()), "the no-argument constructor must be public");
        assertNotNull(constructor.newInstance());
    }

    /**
     * RFC 4251 section 6: printable US-ASCII without white space, comma or backslash, at most 64
     * characters; a local name is {@code name@domain} with exactly one {@code @}.
     */
    static void assertValidName(String name) {
        assertNotNull(name);
        if (name.isEmpty() || name.length() > 64) {
            fail("an algorithm name has 1 to 64 characters: '" + name + "'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 127 || c == ',' || c == '\\') {
                fail("character " + (int) c + " not allowed in algorithm name '" + name + "'");
            }
        }
        int at = name.indexOf('@');
        if (at >= 0) {
            assertTrue(at > 0 && at < name.length() - 1, "empty part around '@' in '" + name + "'");
            assertEquals(at, name.lastIndexOf('@'), "more than one '@' in '" + name + "'");
        }
    }
}
