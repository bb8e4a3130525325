// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.security.SignatureException;
import java.util.HexFormat;
import org.amiko.testkit.FixedRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EcdsaSignatureFormatTest {

    @ParameterizedTest
    @ValueSource(ints = {8, 255, 256, 384, 521})
    void derRoundTripsAtEverySize(int bits) throws SignatureException {
        FixedRandom random = new FixedRandom(bits);
        for (int i = 0; i < 50; i++) {
            BigInteger r = new BigInteger(bits, random).add(BigInteger.ONE);
            BigInteger s = new BigInteger(bits, random).add(BigInteger.ONE);
            BigInteger[] back = EcdsaSignatureFormat.fromDer(EcdsaSignatureFormat.toDer(r, s));
            assertEquals(r, back[0]);
            assertEquals(s, back[1]);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "3006020101020102" + "00", // trailing byte
        "3007020101020102", // sequence length too long
        "3006020101030102", // second element not an INTEGER
        "308106020101020102", // long-form length where the short form fits
        "300502010102", // truncated INTEGER
        "3004020002010" + "1", // empty INTEGER
        "31060201010201" + "02", // not a SEQUENCE
    })
    void parsesDerStrictly(String hex) {
        byte[] der = HexFormat.of().parseHex(hex);
        assertThrows(SignatureException.class, () -> EcdsaSignatureFormat.fromDer(der));
    }

    @Test
    void encodesMinimallyWithSignBytes() {
        assertArrayEquals(HexFormat.of().parseHex("3007020101020200ff"),
                EcdsaSignatureFormat.toDer(BigInteger.ONE, BigInteger.valueOf(255)));
    }
}
