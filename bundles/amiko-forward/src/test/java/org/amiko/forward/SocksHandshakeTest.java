// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.amiko.OpenChannelResult;
import org.junit.jupiter.api.Test;

/** The SOCKS handshake of {@code ssh -D}: what it reads, answers and refuses (RFC 1928, SOCKS4/4a). */
class SocksHandshakeTest {
    private final ByteArrayOutputStream answer = new ByteArrayOutputStream();

    private SocksHandshake read(byte[] request) throws IOException {
        return SocksHandshake.read(new ByteArrayInputStream(request), answer);
    }

    private SocksHandshake read(int... request) throws IOException {
        byte[] bytes = new byte[request.length];
        for (int i = 0; i < request.length; i++) {
            bytes[i] = (byte) request[i];
        }
        return read(bytes);
    }

    @Test
    void socks5ConnectToAnIpv6AddressIsReadAndAnsweredWithTheServersReason() throws Exception {
        ByteBuffer request = ByteBuffer.allocate(32).put(new byte[] {5, 1, 0, 5, 1, 0, 4});
        request.put(new byte[15]).put((byte) 1).putShort((short) 443);
        SocksHandshake handshake = read(Arrays.copyOf(request.array(), request.position()));
        assertEquals("0:0:0:0:0:0:0:1", handshake.host());
        assertEquals(443, handshake.port());
        handshake.failed(OpenChannelResult.CONNECT_FAILED);
        assertArrayEquals(new byte[] {5, 0, 5, 5, 0, 1, 0, 0, 0, 0, 0, 0}, answer.toByteArray(),
                "no authentication chosen, then connection refused");
    }

    @Test
    void aClientThatOffersOnlyAuthenticationIsTurnedAway() {
        assertThrows(SocksHandshake.SocksException.class, () -> read(5, 1, 2));
        assertArrayEquals(new byte[] {5, (byte) 0xFF}, answer.toByteArray());
    }

    @Test
    void onlyConnectIsServed() {
        // BIND to 127.0.0.1:80
        assertThrows(SocksHandshake.SocksException.class, () -> read(5, 1, 0, 5, 2, 0, 1, 127, 0, 0, 1, 0, 80));
        assertEquals(7, answer.toByteArray()[3], "command not supported");
    }

    @Test
    void socks4StringsAreBoundedAndOtherVersionsRefused() {
        byte[] longUserId = new byte[8 + SocksHandshake.MAX_USER_ID + 1];
        longUserId[0] = 4;
        longUserId[1] = 1;
        Arrays.fill(longUserId, 8, longUserId.length, (byte) 'u');
        assertThrows(SocksHandshake.SocksException.class, () -> read(longUserId));
        assertThrows(IOException.class, () -> read(4, 1, 0, 80, 10, 0, 0, 1, 'u'), "cut short");
        assertThrows(SocksHandshake.SocksException.class, () -> read('G', 'E', 'T'));
    }
}
