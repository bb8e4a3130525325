// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.spec.InvalidKeySpecException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PemBlockTest {
    @Test
    void formatWrapsAndParseReadsBack() throws InvalidKeySpecException {
        byte[] data = new byte[200];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        String text = PemBlock.format("TEST BLOCK", data, 70);
        String[] lines = text.split("\n");
        assertEquals("-----BEGIN TEST BLOCK-----", lines[0]);
        assertEquals(70, lines[1].length());
        assertEquals("-----END TEST BLOCK-----", lines[lines.length - 1]);
        PemBlock block = PemBlock.parse(text, "TEST BLOCK");
        assertArrayEquals(data, block.data());
        assertEquals(Map.of(), block.headers());
    }

    @Test
    void textAroundBlocksIsIgnoredAndCrLfIsAccepted() throws InvalidKeySpecException {
        String text = "Bag Attributes\r\n    friendlyName: x\r\n-----BEGIN A-----\r\nAAEC\r\n-----END A-----\r\n"
                + "between\n-----BEGIN B-----\nAw==\n-----END B-----\ntrailer";
        List<PemBlock> blocks = PemBlock.parseAll(text);
        assertEquals(2, blocks.size());
        assertEquals("A", blocks.get(0).label());
        assertArrayEquals(new byte[] {0, 1, 2}, blocks.get(0).data());
        assertArrayEquals(new byte[] {3}, PemBlock.parse(text, "B").data());
    }

    @Test
    void legacyHeadersAreKept() throws InvalidKeySpecException {
        PemBlock block = PemBlock.parse("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                + "DEK-Info: AES-128-CBC,00\n\nAAEC\n-----END RSA PRIVATE KEY-----\n", "RSA PRIVATE KEY");
        assertTrue(block.isLegacyEncrypted());
        assertEquals("AES-128-CBC,00", block.headers().get("DEK-Info"));
    }

    @Test
    void damagedArmorIsRefused() {
        assertThrows(InvalidKeySpecException.class, () -> PemBlock.parseAll("-----BEGIN A-----\nAAEC\n"));
        assertThrows(InvalidKeySpecException.class, () -> PemBlock.parseAll("-----BEGIN A-----\nAAEC\n-----END B-----\n"));
        assertThrows(InvalidKeySpecException.class,
                () -> PemBlock.parseAll("-----BEGIN A-----\nAAEC\n-----BEGIN A-----\n-----END A-----\n"));
        assertThrows(InvalidKeySpecException.class, () -> PemBlock.parseAll("-----BEGIN A-----\nAA*C\n-----END A-----\n"));
        assertThrows(InvalidKeySpecException.class, () -> PemBlock.parseAll("-----BEGIN A-----\nAAE\n-----END A-----\n"));
        assertThrows(InvalidKeySpecException.class, () -> PemBlock.parseAll("-----BEGIN A\nAAEC\n-----END A-----\n"));
        assertThrows(InvalidKeySpecException.class, () -> PemBlock.parseAll("no armor at all"));
        assertThrows(InvalidKeySpecException.class, () -> PemBlock.parse("-----BEGIN A-----\nAAEC\n-----END A-----\n", "B"));
    }
}
