// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.kex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.security.GeneralSecurityException;
import org.amiko.spi.kex.KexAlgorithm;
import org.amiko.spi.kex.KexAlgorithm.ClientKex;
import org.amiko.testkit.FixedRandom;
import org.amiko.testkit.VectorFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The RFC 3526 groups against the RFC's hex, the RFC 2409 group against the RFC's formula, and the
 * RFC 4253 section 8 range checks on peer values.
 */
class ModpGroupTest {
    private static final VectorFile RFC3526 = VectorFile.load(ModpGroupTest.class, "/vectors/rfc3526-modp.txt");

    @ParameterizedTest
    @EnumSource(value = ModpGroup.class, names = "GROUP1", mode = EnumSource.Mode.EXCLUDE)
    void primeIsTheRfcPrime(ModpGroup group) {
        BigInteger published = RFC3526.vectors().stream()
                .map(vector -> new BigInteger(1, vector.hex("P")))
                .filter(p -> p.bitLength() == group.bits())
                .findFirst().orElseThrow();
        assertEquals(published, group.prime());
        assertEquals(BigInteger.TWO, new BigInteger(RFC3526.vectors().get(0).text("G")));
        assertEquals(BigInteger.TWO, ModpGroup.GENERATOR);
    }

    /**
     * RFC 2409 section 6.2 gives group 2's prime as {@code 2^1024 - 2^960 - 1 + 2^64 * ([2^894 pi] + 129093)},
     * and RFC 3526 section 3 group 14's as {@code 2^2048 - 2^1984 - 1 + 2^64 * ([2^1918 pi] + 124476)}:
     * group 14, also checked against the RFC's hex above, shows that pi is computed right here.
     */
    @ParameterizedTest
    @CsvSource({"GROUP1, 1024, 129093", "GROUP14, 2048, 124476"})
    void primeFollowsTheRfcFormula(ModpGroup group, int bits, int offset) {
        BigInteger piBits = pi(700).multiply(new BigDecimal(BigInteger.TWO.pow(bits - 130))).toBigInteger();
        BigInteger expected = BigInteger.TWO.pow(bits).subtract(BigInteger.TWO.pow(bits - 64)).subtract(BigInteger.ONE)
                .add(BigInteger.TWO.pow(64).multiply(piBits.add(BigInteger.valueOf(offset))));
        assertEquals(expected, group.prime());
        assertEquals(bits, group.bits());
    }

    /** Pi to {@code digits} decimal places by Machin's formula, 16 atan(1/5) - 4 atan(1/239). */
    private static BigDecimal pi(int digits) {
        MathContext context = new MathContext(digits + 10);
        return arctanOfInverse(5, context).multiply(BigDecimal.valueOf(16))
                .subtract(arctanOfInverse(239, context).multiply(BigDecimal.valueOf(4)), context);
    }

    /** atan(1/x) as the series sum of (-1)^k / ((2k+1) x^(2k+1)). */
    private static BigDecimal arctanOfInverse(int x, MathContext context) {
        BigDecimal epsilon = BigDecimal.ONE.movePointLeft(context.getPrecision());
        BigDecimal square = BigDecimal.valueOf((long) x * x);
        BigDecimal power = BigDecimal.ONE.divide(BigDecimal.valueOf(x), context);
        BigDecimal sum = BigDecimal.ZERO;
        for (int k = 0; power.compareTo(epsilon) > 0; k++) {
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * k + 1), context);
            sum = k % 2 == 0 ? sum.add(term, context) : sum.subtract(term, context);
            power = power.divide(square, context);
        }
        return sum;
    }

    @Test
    void group1IsASafePrime() {
        BigInteger p = ModpGroup.GROUP1.prime();
        assertTrue(p.isProbablePrime(40));
        assertTrue(p.shiftRight(1).isProbablePrime(40));
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
        assertEquals(1024, ((FiniteFieldDhExchange) new DiffieHellmanGroup1Sha1()).bits());
        assertEquals(2048, ((FiniteFieldDhExchange) new DiffieHellmanGroup14Sha1()).bits());
        assertEquals("SHA-1", new DiffieHellmanGroup1Sha1().digestAlgorithm());
        assertEquals("SHA-1", new DiffieHellmanGroup14Sha1().digestAlgorithm());
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
