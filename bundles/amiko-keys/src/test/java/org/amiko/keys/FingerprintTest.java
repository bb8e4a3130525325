// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Fingerprints against what ssh-keygen -l printed for the fixtures. */
class FingerprintTest {
    static final List<String> PUBLIC_KEYS = Fixtures.PUBLIC_KEYS;

    @ParameterizedTest
    @FieldSource("PUBLIC_KEYS")
    void sha256MatchesSshKeygen(String fixture) throws GeneralSecurityException {
        PublicKeyLine line = PublicKeyLine.parse(Fixtures.publicLine(fixture));
        String printed = Fixtures.printedFingerprint(fixture, "sha256");
        assertEquals(printed, Fingerprint.sha256(line.publicKey()));
        assertEquals(printed, Fingerprint.sha256(line.blob()));
    }

    @ParameterizedTest
    @FieldSource("PUBLIC_KEYS")
    void md5MatchesSshKeygen(String fixture) throws GeneralSecurityException {
        PublicKeyLine line = PublicKeyLine.parse(Fixtures.publicLine(fixture));
        String printed = Fixtures.printedFingerprint(fixture, "md5");
        assertEquals(printed, Fingerprint.md5(line.publicKey()));
        assertEquals(printed, Fingerprint.md5(line.blob()));
    }

    @Test
    void formatIsUnpaddedBase64AndColonHex() {
        String sha = Fingerprint.sha256(new byte[0]);
        // SHA-256 of nothing, base64 without the trailing '='.
        assertEquals("SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU", sha);
        assertEquals("MD5:d4:1d:8c:d9:8f:00:b2:04:e9:80:09:98:ec:f8:42:7e", Fingerprint.md5(new byte[0]));
        assertNotEquals(sha, Fingerprint.sha256(new byte[1]));
    }

    @Test
    void unsupportedKeysHaveNoFingerprint() throws GeneralSecurityException {
        PublicKey x25519 = KeyPairGenerator.getInstance("X25519").generateKeyPair().getPublic();
        assertThrows(InvalidKeyException.class, () -> Fingerprint.sha256(x25519));
        assertThrows(InvalidKeyException.class, () -> Fingerprint.md5(x25519));
    }
}
