// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Damaged PKCS#8, PKCS#1 and SEC1 keys end in a GeneralSecurityException and nothing else. */
class DamagedPemKeyTest {
    static final List<String> PEM_KEYS = List.of("rsa3072-pem", "ecdsa256-pem", "ecdsa521-pem", "rsa3072-pkcs8",
            "ecdsa384-pkcs8", "ecdsa256-nopub", "ed25519-pkcs8");
    private static final List<String> WITHOUT_PUBLIC_KEY = List.of("ecdsa256-nopub", "ed25519-pkcs8");

    private static PemBlock block(String fixture) throws InvalidKeySpecException {
        return PemBlock.parseAll(Fixtures.privateKey(fixture)).get(0);
    }

    @ParameterizedTest
    @FieldSource("PEM_KEYS")
    void everyTruncationIsRefused(String fixture) throws InvalidKeySpecException {
        PemBlock block = block(fixture);
        for (int length = 0; length < block.data().length; length++) {
            String text = PemBlock.format(block.label(), Arrays.copyOf(block.data(), length), 64);
            assertThrows(GeneralSecurityException.class, () -> KeyFiles.parse(text, null), "length " + length);
        }
    }

    @Test
    void hugeDerLengthsAreRefused() {
        for (byte[] der : new byte[][] {
            {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x02, 0x01, 0x00},
            {0x30, (byte) 0x83, 0x7f, (byte) 0xff, (byte) 0xff, 0x02, 0x01, 0x00},
            {0x30, (byte) 0x80, 0x02, 0x01, 0x00, 0x00, 0x00},
            {0x30, 0x03, 0x02, 0x05, 0x00}}) {
            String text = PemBlock.format("PRIVATE KEY", der, 64);
            InvalidKeySpecException e = assertThrows(InvalidKeySpecException.class, () -> KeyFiles.parse(text, null));
            assertTrue(e.getMessage().startsWith("damaged PKCS#8"), e.getMessage());
        }
    }

    @Test
    void secretOfAnotherKeyDoesNotMatchTheStoredPublicKey() throws GeneralSecurityException {
        // Replace the 32-byte secret in a SEC1 key that carries its public key.
        PemBlock block = block("ecdsa256-pem");
        byte[] der = block.data().clone();
        // 30 77 02 01 01 04 20 <32 bytes of d> ...
        assertTrue(der[5] == 0x04 && der[6] == 0x20);
        der[7 + 31] ^= 1;
        InvalidKeySpecException e = assertThrows(InvalidKeySpecException.class,
                () -> KeyFiles.parse(PemBlock.format("EC PRIVATE KEY", der, 64), null));
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
    }

    @Test
    void inconsistentRsaNumbersAreRefused() throws GeneralSecurityException {
        PemBlock block = block("rsa3072-pem");
        byte[] der = block.data().clone();
        der[der.length - 1] ^= 1; // last byte of qInv
        InvalidKeySpecException e = assertThrows(InvalidKeySpecException.class,
                () -> KeyFiles.parse(PemBlock.format("RSA PRIVATE KEY", der, 64), null));
        assertTrue(e.getMessage().contains("inconsistent"), e.getMessage());
    }

    @ParameterizedTest
    @FieldSource("PEM_KEYS")
    void randomDamageNeverEscapesAsAnythingButGeneralSecurityException(String fixture) throws GeneralSecurityException {
        PemBlock block = block(fixture);
        KeyPair expected = KeyFiles.parse(Fixtures.privateKey(fixture), null);
        Random random = new Random(fixture.hashCode());
        // Each EC round that reaches the key costs a scalar multiplication in BigInteger, so EC keys
        // get fewer rounds, half of them aimed at the DER framing (tags and lengths come first), where
        // an escape would come from; RSA rounds are cheap and keep the full count.
        boolean ec = !fixture.startsWith("rsa");
        int rounds = ec ? 60 : 200;
        for (int round = 0; round < rounds; round++) {
            byte[] der = block.data().clone();
            int position = ec && round % 4 < 2 ? random.nextInt(Math.min(40, der.length)) : random.nextInt(der.length);
            if (round % 2 == 0) {
                der[position] ^= (byte) (1 << random.nextInt(8));
            } else {
                der[position] = (byte) random.nextInt(256);
            }
            try {
                KeyPair pair = KeyFiles.parse(PemBlock.format(block.label(), der, 64), null);
                KeyPairConsistency.check(pair);
                if (WITHOUT_PUBLIC_KEY.contains(fixture)) {
                    // Nothing in these files is redundant: a changed secret is simply another key.
                    continue;
                }
                assertArrayEquals(expected.getPublic().getEncoded(), pair.getPublic().getEncoded(), "round " + round);
                assertArrayEquals(expected.getPrivate().getEncoded(), pair.getPrivate().getEncoded(), "round " + round);
            } catch (GeneralSecurityException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
            } catch (RuntimeException | Error e) {
                fail("round " + round + " escaped with " + e, e);
            }
        }
    }
}
