// SPDX-License-Identifier: Apache-2.0
package org.amiko.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.amiko.spi.wire.PeerText;
import org.junit.jupiter.api.Test;

class PeerTextTest {
    @Test
    void controlCharactersCannotForgeALogLine() {
        assertEquals("ssh-rsa??INFO forged", PeerText.printable("ssh-rsa\r\nINFO forged", 64));
        assertEquals("a?b", PeerText.printable("a\u001bb", 64));
    }

    @Test
    void invisibleFormattingCannotReorderWhatIsRead() {
        // U+202E RIGHT-TO-LEFT OVERRIDE and U+200B ZERO WIDTH SPACE
        assertEquals("user?gpj.exe?x", PeerText.printable("user\u202Egpj.exe\u200Bx", 64));
    }

    @Test
    void printableTextIncludingNonAsciiIsKept() {
        assertEquals("Grüße aus Köln", PeerText.printable("Grüße aus Köln", 64));
    }

    @Test
    void longTextIsCutAndSaysSo() {
        assertEquals("abc...", PeerText.printable("abcdef", 3));
        assertEquals("abc", PeerText.printable("abc", 3));
    }
}
