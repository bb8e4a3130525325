// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class KeyPairsTest {
    static final List<String> KEY_TYPES = OpenSshPrivateKeyTest.KEY_TYPES;

    @ParameterizedTest
    @FieldSource("KEY_TYPES")
    void generatesAUsablePairOfTheAskedType(String type) throws GeneralSecurityException {
        KeyPair pair = KeyPairs.generate(type);
        assertEquals(type, PublicKeyBlob.keyType(pair.getPublic()));
        KeyPairConsistency.check(pair);
        OpenSshPrivateKeyTest.assertSignsFor(pair.getPrivate(), pair.getPublic());
    }

    @Test
    void rsaIs3072BitsWithExponent65537UnlessAskedOtherwise() throws GeneralSecurityException {
        RSAPublicKey key = (RSAPublicKey) KeyPairs.generate("ssh-rsa").getPublic();
        assertEquals(3072, key.getModulus().bitLength());
        assertEquals(BigInteger.valueOf(65537), key.getPublicExponent());
        assertEquals(2048, ((RSAPublicKey) KeyPairs.generate("ssh-rsa", 2048).getPublic()).getModulus().bitLength());
    }

    @Test
    void sizesOutsideWhatTheTypeAllowsAreRefused() throws GeneralSecurityException {
        assertThrows(InvalidAlgorithmParameterException.class, () -> KeyPairs.generate("ssh-rsa", 512));
        assertThrows(InvalidAlgorithmParameterException.class, () -> KeyPairs.generate("ssh-rsa", 16385));
        assertThrows(InvalidAlgorithmParameterException.class, () -> KeyPairs.generate("ecdsa-sha2-nistp256", 384));
        assertThrows(InvalidAlgorithmParameterException.class, () -> KeyPairs.generate("ssh-ed25519", 448));
        assertEquals("ecdsa-sha2-nistp521",
                PublicKeyBlob.keyType(KeyPairs.generate("ecdsa-sha2-nistp521", 521).getPublic()));
        assertEquals("ssh-ed25519", PublicKeyBlob.keyType(KeyPairs.generate("ssh-ed25519", 256).getPublic()));
    }

    @Test
    void unknownTypesAreRefused() {
        assertThrows(NoSuchAlgorithmException.class, () -> KeyPairs.generate("ssh-dss"));
        assertThrows(NoSuchAlgorithmException.class, () -> KeyPairs.generate("rsa-sha2-256"));
        assertThrows(NoSuchAlgorithmException.class, () -> KeyPairs.generate("ED25519"));
    }
}
