// SPDX-License-Identifier: Apache-2.0
package org.amiko.bc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.amiko.AlgorithmFamily;
import org.amiko.core.AlgorithmCatalog;
import org.amiko.core.AlgorithmCatalog.Entry;
import org.junit.jupiter.api.Test;

/**
 * With amiko-jca and amiko-bc both present (both are on this test class path), Bouncy Castle's
 * {@code curve25519-sha256} (with its libssh alias) and {@code ssh-ed25519} win by their
 * {@code @SshAlgorithm(ranking = 100)} and the JDK's are listed as shadowed; without amiko-bc the
 * JDK's serve alone.
 */
class ShadowingTest {
    private static final List<String> KEX_NAMES = List.of("curve25519-sha256", "curve25519-sha256@libssh.org");

    @Test
    void bouncyCastleWinsAndTheJdkIsShadowed() {
        AlgorithmCatalog catalog = AlgorithmCatalog.fromServiceLoader();
        assertTrue(catalog.problems().isEmpty(), catalog.problems()::toString);
        for (String name : KEX_NAMES) {
            Entry entry = catalog.find(AlgorithmFamily.KEX, name).orElseThrow();
            assertTrue(entry.implementation() instanceof org.amiko.bc.kex.Curve25519Sha256, name);
            assertEquals(100, entry.ranking());
        }
        Entry signature = catalog.find(AlgorithmFamily.HOST_KEY, "ssh-ed25519").orElseThrow();
        assertTrue(signature.implementation() instanceof org.amiko.bc.signature.SshEd25519);
        assertEquals(100, signature.ranking());

        Set<String> shadowed = catalog.shadowed().stream()
                .map(entry -> entry.name() + " " + entry.implementation().getClass().getName())
                .collect(Collectors.toSet());
        assertEquals(Set.of("curve25519-sha256 org.amiko.jca.kex.Curve25519Sha256",
                "curve25519-sha256@libssh.org org.amiko.jca.kex.Curve25519Sha256",
                "ssh-ed25519 org.amiko.jca.signature.SshEd25519"), shadowed);
        // the order of preference is the JDK plug-ins' own: ranking decides who, not where
        List<String> kex = catalog.defaultNames(AlgorithmFamily.KEX);
        assertEquals(kex.indexOf("curve25519-sha256") + 1, kex.indexOf("curve25519-sha256@libssh.org"));
    }

    @Test
    void theJdkServesAloneWithoutBouncyCastle() {
        AlgorithmCatalog catalog = AlgorithmCatalog.builder()
                .addAnnotated(new org.amiko.jca.kex.Curve25519Sha256(), "org.amiko.jca")
                .addAnnotated(new org.amiko.jca.signature.SshEd25519(), "org.amiko.jca").build();
        assertTrue(catalog.find(AlgorithmFamily.KEX, "curve25519-sha256").orElseThrow()
                .implementation() instanceof org.amiko.jca.kex.Curve25519Sha256);
        assertTrue(catalog.find(AlgorithmFamily.HOST_KEY, "ssh-ed25519").orElseThrow()
                .implementation() instanceof org.amiko.jca.signature.SshEd25519);
        assertTrue(catalog.shadowed().isEmpty());
    }

    @Test
    void preferenceIsTheSameAsTheJdkPlugInsSoTheOfferDoesNotChange() {
        AlgorithmCatalog catalog = AlgorithmCatalog.fromServiceLoader();
        for (Entry shadowed : catalog.shadowed()) {
            Entry winner = catalog.find(shadowed.family(), shadowed.name()).orElseThrow();
            assertEquals(shadowed.preference(), winner.preference(), shadowed.name());
            assertEquals(shadowed.security(), winner.security(), shadowed.name());
        }
    }
}
