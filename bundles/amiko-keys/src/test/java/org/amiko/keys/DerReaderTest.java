// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.security.spec.InvalidKeySpecException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DerReaderTest {
    private static DerReader reader(String hex) {
        return new DerReader(HexFormat.of().parseHex(hex), "test");
    }

    @Test
    void readsTheTypesKeysUse() throws InvalidKeySpecException {
        // SEQUENCE { INTEGER 1, INTEGER -1, OID 1.2.840.10045.3.1.7, OCTET STRING 0102, [1] { BIT STRING 00ff } }
        DerReader sequence = reader("301a" + "020101" + "0201ff" + "06082a8648ce3d030107" + "04020102" + "a104030200ff")
                .sequence();
        assertEquals(BigInteger.ONE, sequence.integer());
        assertEquals(BigInteger.ONE.negate(), sequence.integer());
        assertEquals("1.2.840.10045.3.1.7", sequence.oid());
        assertArrayEquals(new byte[] {1, 2}, sequence.octetString());
        assertArrayEquals(new byte[] {(byte) 0xff}, sequence.explicit(1).bitString());
        sequence.expectEnd();
    }

    @Test
    void longFormLengths() throws InvalidKeySpecException {
        StringBuilder hex = new StringBuilder("048200c8");
        hex.append("ab".repeat(200));
        assertEquals(200, reader(hex.toString()).octetString().length);
        assertEquals("1.3.101.112", reader("06032b6570").oid());
        assertEquals("1.3.132.0.35", reader("06052b81040023").oid());
    }

    @Test
    void damagedInputIsRefusedWithoutIndexErrors() {
        assertThrows(InvalidKeySpecException.class, () -> reader("").sequence());
        assertThrows(InvalidKeySpecException.class, () -> reader("30").sequence());
        assertThrows(InvalidKeySpecException.class, () -> reader("3005020101").sequence());
        assertThrows(InvalidKeySpecException.class, () -> reader("30847fffffff").sequence());
        assertThrows(InvalidKeySpecException.class, () -> reader("3080").sequence());
        assertThrows(InvalidKeySpecException.class, () -> reader("0200").integer());
        assertThrows(InvalidKeySpecException.class, () -> reader("020100").positiveInteger());
        assertThrows(InvalidKeySpecException.class, () -> reader("030107").bitString());
        assertThrows(InvalidKeySpecException.class, () -> reader("060188").oid());
        assertThrows(InvalidKeySpecException.class, () -> reader("0601ab").oid());
        assertThrows(InvalidKeySpecException.class, () -> reader("020101").octetString());
        assertThrows(InvalidKeySpecException.class, () -> reader("0201010000").sequence());
        DerReader trailing = reader("020101" + "0500");
        assertThrows(InvalidKeySpecException.class, () -> {
            trailing.integer();
            trailing.expectEnd();
        });
    }
}
