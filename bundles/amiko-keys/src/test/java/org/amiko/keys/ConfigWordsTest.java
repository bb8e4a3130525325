// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines of OpenSSH's configuration split into words as its {@code argv_split} splits them. */
class ConfigWordsTest {
    @Test
    void wordsAsOpenSshSplitsThem() {
        assertEquals(List.of(), ConfigWords.split(" \t "));
        assertEquals(List.of(), ConfigWords.split("# a comment"));
        assertEquals(List.of("a", "b"), ConfigWords.split(" a\tb # c d"));
        assertEquals(List.of("a#b"), ConfigWords.split("a#b"));
        assertEquals(List.of("A=hello world", "B=it's"), ConfigWords.split("A=\"hello world\" B=\"it's\""));
        assertEquals(List.of("a b", "c\"d", "e\\f", "g\\h"), ConfigWords.split("'a b' c\\\"d e\\\\f g\\h"));
        assertEquals(List.of("a b", "\"x\\ y\""), ConfigWords.split("a\\ b '\"x\\ y\"'"));
        assertEquals(List.of(""), ConfigWords.split("\"\""));
        assertEquals("an unterminated quote",
                assertThrows(IllegalArgumentException.class, () -> ConfigWords.split("A=\"b")).getMessage());
    }
}
