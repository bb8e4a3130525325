// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Argon2 against RFC 9106 section 5 and BLAKE2b against RFC 7693 appendix A and Python's hashlib. */
class Argon2Test {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static byte[] rfc9106(Argon2.Variant variant) {
        return Argon2.hash(variant, filled(32, 1), filled(16, 2), filled(8, 3), filled(12, 4), 32, 3, 4, 32);
    }

    @Test
    void rfc9106Argon2d() {
        assertEquals("512b391b6f1162975371d30919734294f868e3be3984f3c1a13a4db9fabe4acb",
                HEX.formatHex(rfc9106(Argon2.Variant.ARGON2D)));
    }

    @Test
    void rfc9106Argon2i() {
        assertEquals("c814d9d1dc7f37aa13f0d77f2494bda1c8de6b016dd388d29952a4c4672b6ce8",
                HEX.formatHex(rfc9106(Argon2.Variant.ARGON2I)));
    }

    @Test
    void rfc9106Argon2id() {
        assertEquals("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659",
                HEX.formatHex(rfc9106(Argon2.Variant.ARGON2ID)));
    }

    @Test
    void outOfRangeParametersAreRefused() {
        byte[] none = new byte[0];
        assertThrows(IllegalArgumentException.class,
                () -> Argon2.hash(Argon2.Variant.ARGON2ID, none, filled(8, 1), none, none, 7, 1, 1, 32));
        assertThrows(IllegalArgumentException.class,
                () -> Argon2.hash(Argon2.Variant.ARGON2ID, none, filled(8, 1), none, none, 8, 0, 1, 32));
        assertThrows(IllegalArgumentException.class,
                () -> Argon2.hash(Argon2.Variant.ARGON2ID, none, filled(8, 1), none, none, 64, 1, 0, 32));
    }

    @Test
    void blake2bRfc7693Abc() {
        assertEquals("ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923",
                HEX.formatHex(new Blake2b(64).update("abc".getBytes()).digest()));
    }

    @Test
    void blake2bAgreesWithHashlibAcrossBlockBoundaries() {
        byte[] counting = new byte[256];
        for (int i = 0; i < counting.length; i++) {
            counting[i] = (byte) i;
        }
        assertEquals("786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419"
                + "d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce",
                HEX.formatHex(new Blake2b(64).digest()));
        assertEquals("bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319",
                HEX.formatHex(new Blake2b(32).update("abc".getBytes()).digest()));
        assertEquals("9bd2b1bf7a89613fdcc76a3e02dabe81772a97bd5e6274fd9fe72e219bffe88c"
                + "5e6f681a31481485dcb85dfa34bdc657", HEX.formatHex(new Blake2b(48).update(counting).digest()));
        // Exactly one block, then one block and a byte, fed in pieces.
        assertEquals("2319e3789c47e2daa5fe807f61bec2a1a6537fa03f19ff32e87eecbfd64b7e0e"
                + "8ccff439ac333b040f19b0c4ddd11a61e24ac1fe0f10a039806c5dcc0da3d115",
                HEX.formatHex(new Blake2b(64).update(counting, 0, 100).update(counting, 100, 28).digest()));
        assertArrayEquals(HEX.parseHex("a7bf25f1599102ab631e3052e8303a2c097d1a7e"),
                new Blake2b(20).update(counting, 0, 128).update(counting, 128, 1).digest());
    }
}
