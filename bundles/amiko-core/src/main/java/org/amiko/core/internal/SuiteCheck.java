// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal;

import java.util.List;
import org.amiko.AlgorithmFamily;
import org.amiko.core.AlgorithmCatalog;
import org.amiko.core.internal.transport.NegotiatedSuite;

/** Whether a session's negotiated algorithms are all still on offer. */
public final class SuiteCheck {
    private SuiteCheck() {}

    /**
     * @return a description of the first negotiated algorithm no longer offered ({@code "cipher
     *     aes128-ctr"}), or null if all are
     */
    public static String firstWithdrawn(NegotiatedSuite suite, ConfiguredAlgorithms offer) {
        AlgorithmCatalog catalog = offer.snapshot();
        String gone = check(AlgorithmFamily.KEX, suite.kexName(), offer, catalog);
        gone = gone != null ? gone : check(AlgorithmFamily.HOST_KEY, suite.hostKeyName(), offer, catalog);
        for (NegotiatedSuite.Direction direction : List.of(suite.clientToServer(), suite.serverToClient())) {
            gone = gone != null ? gone : check(AlgorithmFamily.CIPHER, direction.cipherName(), offer, catalog);
            gone = gone != null ? gone : check(AlgorithmFamily.MAC, direction.macName(), offer, catalog);
            gone = gone != null ? gone : check(AlgorithmFamily.COMPRESSION, direction.compressionName(), offer, catalog);
        }
        return gone;
    }

    private static String check(AlgorithmFamily family, String name, ConfiguredAlgorithms offer,
            AlgorithmCatalog catalog) {
        if (name == null || offer.names(family, catalog).contains(name)) {
            return null;
        }
        return family.label() + " " + name;
    }
}
