// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.amiko.AlgorithmFamily;
import org.junit.jupiter.api.Test;

/** OpenSSH's list syntax (ssh_config(5) Ciphers, MACs, KexAlgorithms) against the installed catalog. */
class AlgorithmPolicyTest {
    private static final AlgorithmCatalog CATALOG = AlgorithmCatalog.fromServiceLoader();
    private final AlgorithmPolicy policy = new AlgorithmPolicy();

    private List<String> macs(String spec) {
        return policy.set(AlgorithmFamily.MAC, spec).names(AlgorithmFamily.MAC, CATALOG);
    }

    @Test
    void emptyMeansTheRecommendedDefaults() {
        assertEquals(CATALOG.defaultNames(AlgorithmFamily.MAC), macs(""));
        assertEquals(CATALOG.defaultNames(AlgorithmFamily.MAC), macs(null));
        // the JDK pack's order: HMAC-SHA2 as before, then UMAC (recommended, as in OpenSSH's defaults);
        // legacy hmac-sha1 only when asked for
        assertEquals(List.of("hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com", "hmac-sha2-256",
                "hmac-sha2-512", "umac-64-etm@openssh.com", "umac-128-etm@openssh.com", "umac-64@openssh.com",
                "umac-128@openssh.com"), macs(""));
    }

    @Test
    void plainListReplacesInItsOwnOrderAndDropsWhatIsNotInstalled() {
        assertEquals(List.of("hmac-sha1", "hmac-sha2-512"), macs("hmac-sha1,hmac-md5,hmac-sha2-512"));
    }

    @Test
    void plusAppendsMinusRemovesCaretPrepends() {
        List<String> defaults = CATALOG.defaultNames(AlgorithmFamily.MAC);
        List<String> plus = macs("+hmac-sha1");
        assertEquals(defaults.size() + 1, plus.size());
        assertEquals("hmac-sha1", plus.get(plus.size() - 1));
        assertEquals(List.of("hmac-sha2-256", "hmac-sha2-512", "umac-64@openssh.com", "umac-128@openssh.com"),
                macs("-*-etm@openssh.com"));
        assertEquals("hmac-sha2-512", macs("^hmac-sha2-512").get(0));
    }

    @Test
    void wildcardsMatchInstalledNames() {
        assertEquals(List.of("hmac-sha1-etm@openssh.com", "hmac-sha1"), macs("hmac-sha1*"));
        assertEquals(List.of("hmac-md5*"), policy.set(AlgorithmFamily.MAC, "hmac-md5*,hmac-sha2-256")
                .unknownNames(AlgorithmFamily.MAC, CATALOG));
    }

    @Test
    void malformedListsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> policy.set(AlgorithmFamily.CIPHER, "aes128-ctr,,aes256-ctr"));
        assertThrows(IllegalArgumentException.class, () -> policy.set(AlgorithmFamily.CIPHER, "aes 128"));
    }
}
