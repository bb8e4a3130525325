// SPDX-License-Identifier: Apache-2.0
package org.amiko.benchmarks.jmh;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.amiko.AlgorithmFamily;
import org.amiko.core.AlgorithmCatalog;
import org.amiko.spi.cipher.CipherAlgorithm;
import org.amiko.spi.kex.KexAlgorithm;
import org.amiko.spi.mac.MacAlgorithm;
import org.amiko.spi.signature.SignatureAlgorithm;

/**
 * The plug-ins as the engine sees them: looked up by wire name in the catalog that
 * {@link java.util.ServiceLoader} builds, and used only through their SPI interfaces, so a benchmark
 * measures exactly what the core calls.
 */
public final class Plugins {
    private static final AlgorithmCatalog CATALOG = AlgorithmCatalog.fromServiceLoader();

    private Plugins() {}

    public static AlgorithmCatalog catalog() {
        return CATALOG;
    }

    public static CipherAlgorithm cipher(String name) throws GeneralSecurityException {
        return (CipherAlgorithm) find(AlgorithmFamily.CIPHER, name);
    }

    public static MacAlgorithm mac(String name) throws GeneralSecurityException {
        return (MacAlgorithm) find(AlgorithmFamily.MAC, name);
    }

    public static KexAlgorithm kex(String name) throws GeneralSecurityException {
        return (KexAlgorithm) find(AlgorithmFamily.KEX, name);
    }

    public static SignatureAlgorithm signature(String name) throws GeneralSecurityException {
        return (SignatureAlgorithm) find(AlgorithmFamily.HOST_KEY, name);
    }

    /** Every wire name of a family, legacy ones included (a benchmark covers what can be configured). */
    public static List<String> names(AlgorithmFamily family) {
        return CATALOG.entries(family).stream().map(AlgorithmCatalog.Entry::name).toList();
    }

    private static Object find(AlgorithmFamily family, String name) throws NoSuchAlgorithmException {
        return CATALOG.find(family, name).map(AlgorithmCatalog.Entry::implementation)
                .orElseThrow(() -> new NoSuchAlgorithmException(family.label() + " " + name + " is not installed; "
                        + "catalog problems: " + CATALOG.problems()));
    }
}
