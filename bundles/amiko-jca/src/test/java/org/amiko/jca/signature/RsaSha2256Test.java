// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.amiko.spi.wire.WireWriter;
import org.amiko.testkit.SignatureAlgorithmContract;
import org.junit.jupiter.api.Test;

class RsaSha2256Test extends SignatureAlgorithmContract {
    @Override
    protected SignatureAlgorithm signature() {
        return new RsaSha2256();
    }

    @Override
    protected KeyPair keyPair() throws GeneralSecurityException {
        return TestKeys.rsa2048();
    }

    /**
     * A blob whose exponent has needless leading zeros decodes to the same key, and its plain blob
     * is the key's one encoding: a server comparing plain blobs sees one key, however it was sent.
     */
    @Test
    void aPaddedBlobHasTheCanonicalPlainBlob() throws GeneralSecurityException, IOException {
        RSAPublicKey key = (RSAPublicKey) keyPair().getPublic();
        byte[] exponent = key.getPublicExponent().toByteArray();
        byte[] padded = new byte[exponent.length + 2];
        System.arraycopy(exponent, 0, padded, 2, exponent.length);
        byte[] blob = new WireWriter().writeString("ssh-rsa").writeString(padded)
                .writeMpint(key.getModulus()).toByteArray();
        byte[] canonical = signature().encodePublicKey(key);
        assertFalse(Arrays.equals(canonical, blob));
        assertArrayEquals(canonical, signature().plainKeyBlob(signature().decodePublicKey(blob)));
    }
}
