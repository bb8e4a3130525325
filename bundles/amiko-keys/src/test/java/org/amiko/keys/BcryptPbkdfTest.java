// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * bcrypt_pbkdf against known answers. The first is the long-published vector of the OpenBSD
 * implementation; all were computed with Debian's python3-bcrypt 3.2.2 ({@code bcrypt.kdf}), which
 * wraps OpenBSD's bcrypt_pbkdf.c.
 */
class BcryptPbkdfTest {
    private static final HexFormat HEX = HexFormat.of();

    private static void assertKdf(String expectedHex, byte[] password, byte[] salt, int rounds) {
        byte[] expected = HEX.parseHex(expectedHex);
        assertArrayEquals(expected, BcryptPbkdf.derive(password, salt, rounds, expected.length));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void knownAnswers() {
        assertKdf("5bbf0cc293587f1c3635555c27796598d47e579071bf427e9d8fbe842aba34d9", ascii("password"), ascii("salt"), 4);
        assertKdf("c12b566235eee04c212598970a579a67", ascii("password"), new byte[] {0}, 4);
        assertKdf("6051be18c2f4f82cbf0efee5471b4bb9", new byte[] {0}, ascii("salt"), 4);
    }

    @Test
    void keysLongerThanOneBlockAreInterleaved() {
        // 48 bytes is what aes256-ctr needs (key and IV): two blocks, bytes taken alternately.
        assertKdf("f53b2c1cae4ddfb381b517febca05a58c00db84cb195591122944c1c0bb70c79"
                + "a4ae22da2a5a8b1de0c165f80ffb6e7a", ascii("amiko fixture"), HEX.parseHex("000102030405060708090a0b0c0d0e0f"), 16);
        assertKdf("caf5f799b35d58d4ce6de5edbddf7c1087c8d4976781175dfc8323815d9f030b"
                + "9d51b130b22855169ad78683b27d4add32a3116cc57585b143161a237b7eb9c2", ascii("p"), ascii("s"), 1);
        assertKdf("fc9706cb6fcf778aff702f4a8bd66c2a9b468841874715317f7025f08bdeb7e03b787668e0accf202c5b4e02",
                "longer passphrase é".getBytes(StandardCharsets.UTF_8), ascii("0123456789abcdef"), 2);
    }

    @Test
    void parametersOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> BcryptPbkdf.derive(new byte[0], ascii("s"), 1, 16));
        assertThrows(IllegalArgumentException.class, () -> BcryptPbkdf.derive(ascii("p"), new byte[0], 1, 16));
        assertThrows(IllegalArgumentException.class, () -> BcryptPbkdf.derive(ascii("p"), ascii("s"), 0, 16));
        assertThrows(IllegalArgumentException.class, () -> BcryptPbkdf.derive(ascii("p"), ascii("s"), 1, 1025));
    }

    @Test
    void blowfishStartsFromThePiDigitsOfTheSpecification() {
        int[] pi = EksBlowfish.piFractionWords(18 + 1024);
        assertEquals(0x243f6a88, pi[0]);       // P1
        assertEquals(0x85a308d3, pi[1]);       // P2
        assertEquals(0x8979fb1b, pi[17]);      // P18
        assertEquals(0xd1310ba6, pi[18]);      // S1[0]
        assertEquals(0x6e85076a, pi[18 + 255]); // S1[255]
        assertEquals(0x3ac372e6, pi[pi.length - 1]); // S4[255]
    }
}
