// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.kex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import org.amiko.spi.kex.KexAlgorithm;
import org.amiko.spi.kex.KexAlgorithm.ClientKex;
import org.amiko.testkit.FixedRandom;
import org.amiko.testkit.VectorFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The RFC 3526 groups against the RFC's hex, and the RFC 4253 section 8 range checks on peer values. */
class ModpGroupTest {
    private static final VectorFile RFC3526 = VectorFile.load(ModpGroupTest.class, "/vectors/rfc3526-modp.txt");

    @ParameterizedTest
    @EnumSource(ModpGroup.class)
    void primeIsTheRfcPrime(ModpGroup group) {
        BigInteger published = RFC3526.vectors().stream()
                .map(vector -> new BigInteger(1, vector.hex("P")))
                .filter(p -> p.bitLength() == group.bits())
                .findFirst().orElseThrow();
        assertEquals(published, group.prime());
        assertEquals(BigInteger.TWO, new BigInteger(RFC3526.vectors().get(0).text("G")));
        assertEquals(BigInteger.TWO, ModpGroup.GENERATOR);
    }

    @Test
    void group14IsASafePrime() {
        BigInteger p = ModpGroup.GROUP14.prime();
        assertTrue(p.isProbablePrime(40));
        assertTrue(p.shiftRight(1).isProbablePrime(40), "(p-1)/2 prime, so only trivial small subgroups exist");
    }

    @Test
    void groupSizesMatchTheWireNames() {
        assertEquals(2048, ((FiniteFieldDhExchange) new DiffieHellmanGroup14Sha256()).bits());
        assertEquals(4096, ((FiniteFieldDhExchange) new DiffieHellmanGroup16Sha512()).bits());
        assertEquals(8192, ((FiniteFieldDhExchange) new DiffieHellmanGroup18Sha512()).bits());
        assertEquals("SHA-256", new DiffieHellmanGroup14Sha256().digestAlgorithm());
        assertEquals("SHA-512", new DiffieHellmanGroup16Sha512().digestAlgorithm());
        assertEquals("SHA-512", new DiffieHellmanGroup18Sha512().digestAlgorithm());
    }

    @Test
    void refusesValuesOutsideOneToPMinusOne() throws GeneralSecurityException {
        KexAlgorithm kex = new DiffieHellmanGroup14Sha256();
        BigInteger p = ModpGroup.GROUP14.prime();
        ClientKex client = kex.newClient(new FixedRandom(1));
        for (BigInteger bad : new BigInteger[] {BigInteger.ONE, BigInteger.ZERO, p.subtract(BigInteger.ONE), p,
            p.add(BigInteger.TWO), BigInteger.ONE.negate()}) {
            assertThrows(GeneralSecurityException.class, () -> client.decapsulate(bad.toByteArray()), bad.toString(16));
            assertThrows(GeneralSecurityException.class, () -> kex.encapsulate(bad.toByteArray(), new FixedRandom(2)));
        }
        // The smallest and largest legal values go through.
        kex.encapsulate(BigInteger.TWO.toByteArray(), new FixedRandom(3));
        kex.encapsulate(p.subtract(BigInteger.TWO).toByteArray(), new FixedRandom(4));
    }

    @Test
    void publicValueIsAMinimalPositiveMpintBody() throws GeneralSecurityException {
        for (long seed = 0; seed < 8; seed++) {
            byte[] e = new DiffieHellmanGroup14Sha256().newClient(new FixedRandom(seed)).publicValue();
            BigInteger value = new BigInteger(e);
            assertTrue(value.signum() > 0);
            assertTrue(e.length == 1 || e[0] != 0 || e[1] < 0, "needless leading zero");
            assertTrue(value.compareTo(ModpGroup.GROUP14.prime()) < 0);
        }
    }
}
