// SPDX-License-Identifier: Apache-2.0
package org.amiko.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class VectorFileTest {
    private static final String TEXT = "# comment\n[ENCRYPT]\n\nCOUNT = 0\nKEY = 00ff\nName = two words\n"
            + "\n\nCOUNT = 1\nKEY = 0102\n  0304\n";

    @Test
    void readsRecordsFieldsAndContinuations() {
        VectorFile file = VectorFile.parse("inline", TEXT);
        assertEquals(2, file.vectors().size());
        VectorFile.Vector first = file.vectors().get(0);
        assertArrayEquals(new byte[] {0, (byte) 0xff}, first.hex("key"));
        assertEquals("two words", first.text("NAME"));
        assertEquals(1, file.find("count", "1").number("count"));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, file.vectors().get(1).hex("KEY"));
        assertFalse(file.vectors().get(1).has("name"));
    }

    @Test
    void refusesWhatIsNotAVectorFile() {
        assertThrows(IllegalArgumentException.class, () -> VectorFile.parse("empty", "# nothing\n"));
        assertThrows(IllegalArgumentException.class, () -> VectorFile.parse("junk", "no equals sign\n"));
        assertThrows(IllegalArgumentException.class, () -> VectorFile.parse("x", "A = 1\n").vectors().get(0).text("b"));
        assertThrows(IllegalArgumentException.class, () -> VectorFile.load(VectorFileTest.class, "/nope.txt"));
    }
}
