// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        // legacy hmac-sha1, hmac-sha1-96 and hmac-md5 only when asked for
        assertEquals(List.of("hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com", "hmac-sha2-256",
                "hmac-sha2-512", "umac-64-etm@openssh.com", "umac-128-etm@openssh.com", "umac-64@openssh.com",
                "umac-128@openssh.com"), macs(""));
    }

    @Test
    void plainListReplacesInItsOwnOrderAndDropsWhatIsNotInstalled() {
        assertEquals(List.of("hmac-sha1", "hmac-sha2-512"), macs("hmac-sha1,hmac-ripemd160,hmac-sha2-512"));
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
        assertEquals(List.of("hmac-sha1-etm@openssh.com", "hmac-sha1", "hmac-sha1-96-etm@openssh.com", "hmac-sha1-96"),
                macs("hmac-sha1*"));
        assertEquals(List.of("hmac-ripemd160*"), policy.set(AlgorithmFamily.MAC, "hmac-ripemd160*,hmac-sha2-256")
                .unknownNames(AlgorithmFamily.MAC, CATALOG));
    }

    /** Nothing but recommended algorithms is offered by default, whatever the JDK pack installs. */
    @Test
    void theDefaultsLeaveEveryLegacyAndInsecureAlgorithmOut() {
        List<String> legacy = List.of("aes128-cbc", "aes192-cbc", "aes256-cbc", "3des-cbc", "hmac-sha1",
                "hmac-sha1-etm@openssh.com", "hmac-sha1-96", "hmac-sha1-96-etm@openssh.com", "hmac-md5",
                "hmac-md5-etm@openssh.com", "hmac-md5-96", "hmac-md5-96-etm@openssh.com", "diffie-hellman-group1-sha1",
                "diffie-hellman-group14-sha1", "diffie-hellman-group-exchange-sha1", "ssh-rsa");
        for (AlgorithmFamily family : AlgorithmFamily.values()) {
            for (String name : CATALOG.defaultNames(family)) {
                assertFalse(legacy.contains(name), family + " offers " + name + " by default");
            }
        }
        assertFalse(policy.publicKeyNames(CATALOG).contains("ssh-rsa"));
        // all of them are installed, so each is there to be named
        for (String name : legacy) {
            assertTrue(CATALOG.entries(AlgorithmFamily.CIPHER).stream().anyMatch(e -> e.name().equals(name))
                    || CATALOG.entries(AlgorithmFamily.MAC).stream().anyMatch(e -> e.name().equals(name))
                    || CATALOG.entries(AlgorithmFamily.KEX).stream().anyMatch(e -> e.name().equals(name))
                    || CATALOG.entries(AlgorithmFamily.HOST_KEY).stream().anyMatch(e -> e.name().equals(name)), name);
        }
    }

    /** A wildcard reaches legacy algorithms but not insecure ones, which must be named exactly. */
    @Test
    void wildcardsLeaveInsecureAlgorithmsOut() {
        List<String> cbc = policy.set(AlgorithmFamily.CIPHER, "*-cbc").names(AlgorithmFamily.CIPHER, CATALOG);
        assertEquals(List.of("aes128-cbc", "aes192-cbc", "aes256-cbc"), cbc);
        assertEquals(List.of("3des-cbc"),
                policy.set(AlgorithmFamily.CIPHER, "3des-cbc").names(AlgorithmFamily.CIPHER, CATALOG));
        List<String> groups = policy.set(AlgorithmFamily.KEX, "+diffie-hellman-group*")
                .names(AlgorithmFamily.KEX, CATALOG);
        assertTrue(groups.contains("diffie-hellman-group14-sha1"), groups.toString());
        assertFalse(groups.contains("diffie-hellman-group1-sha1"), groups.toString());
        assertTrue(policy.set(AlgorithmFamily.KEX, "^diffie-hellman-group1-sha1").names(AlgorithmFamily.KEX, CATALOG)
                .get(0).equals("diffie-hellman-group1-sha1"));
        // removing by wildcard reaches everything, insecure or not
        assertFalse(policy.set(AlgorithmFamily.KEX, "-*sha1").names(AlgorithmFamily.KEX, CATALOG).stream()
                .anyMatch(name -> name.endsWith("sha1")));
    }

    @Test
    void thePublicKeyListFollowsTheHostKeyListUntilSet() {
        List<String> hostKeyDefaults = CATALOG.defaultNames(AlgorithmFamily.HOST_KEY);
        assertEquals(hostKeyDefaults, policy.publicKeyNames(CATALOG));
        policy.set(AlgorithmFamily.HOST_KEY, "ssh-ed25519");
        assertEquals(List.of("ssh-ed25519"), policy.publicKeyNames(CATALOG));

        // its own set starts from the defaults, not from the narrowed host key list (sshd, ssh)
        List<String> plus = policy.setPublicKey("+ssh-rsa").publicKeyNames(CATALOG);
        assertFalse(hostKeyDefaults.contains("ssh-rsa"), "SHA-1 RSA is legacy");
        assertEquals(hostKeyDefaults.size() + 1, plus.size());
        assertEquals("ssh-rsa", plus.get(plus.size() - 1));
        assertTrue(policy.setPublicKey("-rsa-sha2-*").publicKeyNames(CATALOG).stream()
                .noneMatch(name -> name.startsWith("rsa-sha2-")));
        assertEquals(List.of("ssh-dss-nope"), policy.setPublicKey("ssh-rsa,ssh-dss-nope")
                .unknownPublicKeyNames(CATALOG));
        assertEquals(List.of("ssh-rsa"), policy.publicKeyNames(CATALOG));
        assertEquals(List.of("ssh-ed25519"), policy.names(AlgorithmFamily.HOST_KEY, CATALOG), "host keys unchanged");

        assertThrows(IllegalArgumentException.class, () -> policy.setPublicKey("ssh-rsa,,ssh-ed25519"));
        assertEquals("ssh-rsa,ssh-dss-nope", policy.getPublicKey(), "a refused list changes nothing");
        assertEquals(List.of("ssh-ed25519"), policy.setPublicKey(" ").publicKeyNames(CATALOG));
        assertEquals(null, policy.getPublicKey());
    }

    @Test
    void malformedListsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> policy.set(AlgorithmFamily.CIPHER, "aes128-ctr,,aes256-ctr"));
        assertThrows(IllegalArgumentException.class, () -> policy.set(AlgorithmFamily.CIPHER, "aes 128"));
    }
}
