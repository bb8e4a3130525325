// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.amiko.DisconnectException;
import org.amiko.DisconnectReason;
import org.junit.jupiter.api.Test;

/** RFC 4253 section 4.2 as both roles read it. */
class VersionExchangeTest {

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void clientSkipsServerBannerLinesAndKeepsWhatFollows() throws Exception {
        VersionExchange exchange = new VersionExchange(true);
        ByteBuffer input = bytes("Welcome\r\nplease behave\nSSH-2.0-OpenSSH_9.2p1 Debian\r\n\0\0\0\u0010");
        assertTrue(exchange.read(input));
        assertEquals("SSH-2.0-OpenSSH_9.2p1 Debian", exchange.remoteVersion());
        assertEquals(4, input.remaining(), "bytes after the version line are left for the packet reader");
    }

    @Test
    void versionLineMayArriveByteByByte() throws Exception {
        VersionExchange exchange = new VersionExchange(false);
        byte[] line = "SSH-2.0-x\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < line.length - 1; i++) {
            assertFalse(exchange.read(ByteBuffer.wrap(line, i, 1)));
        }
        assertTrue(exchange.read(ByteBuffer.wrap(line, line.length - 1, 1)));
        assertEquals("SSH-2.0-x", exchange.remoteVersion());
    }

    @Test
    void version199IsReadAsTwo() throws Exception {
        VersionExchange exchange = new VersionExchange(true);
        assertTrue(exchange.read(bytes("SSH-1.99-old\n")));
    }

    @Test
    void sshOneIsRefusedWithTheRightReason() {
        DisconnectException e = assertThrows(DisconnectException.class,
                () -> new VersionExchange(true).read(bytes("SSH-1.5-ancient\r\n")));
        assertEquals(DisconnectReason.PROTOCOL_VERSION_NOT_SUPPORTED, e.getReason());
    }

    @Test
    void serverRefusesAnythingButAVersionLine() {
        DisconnectException e = assertThrows(DisconnectException.class,
                () -> new VersionExchange(false).read(bytes("GET / HTTP/1.1\r\n")));
        assertEquals(DisconnectReason.PROTOCOL_ERROR, e.getReason());
    }

    @Test
    void endlessVersionLineIsCutOff() {
        VersionExchange exchange = new VersionExchange(false);
        StringBuilder line = new StringBuilder("SSH-2.0-");
        line.append("x".repeat(300));
        assertThrows(DisconnectException.class, () -> exchange.read(bytes(line.toString())));
    }

    @Test
    void endlessBannerLineIsCutOff() {
        VersionExchange exchange = new VersionExchange(true);
        assertThrows(DisconnectException.class, () -> exchange.read(bytes("y".repeat(5000))));
    }

    @Test
    void tooManyBannerLinesAreCutOff() {
        VersionExchange exchange = new VersionExchange(true);
        assertThrows(DisconnectException.class,
                () -> exchange.read(bytes("banner\r\n".repeat(VersionExchange.MAX_OTHER_LINES + 1))));
    }

    @Test
    void controlCharactersInTheVersionAreRefused() {
        assertThrows(DisconnectException.class, () -> new VersionExchange(true).read(bytes("SSH-2.0-a\u0007b\r\n")));
    }
}
