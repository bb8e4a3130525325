// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.amiko.TcpipAddresses;
import org.junit.jupiter.api.Test;

/** The type-specific data of {@code direct-tcpip} and {@code forwarded-tcpip} opens (RFC 4254 section 7.2). */
class TcpipAddressesTest {

    @Test
    void encodesAsTheRfcLaysItOut() {
        byte[] wire = new TcpipAddresses("db", 5432, "10.0.0.1", 40000).encode();
        ByteBuffer expected = ByteBuffer.allocate(4 + 2 + 4 + 4 + 8 + 4);
        expected.putInt(2).put("db".getBytes()).putInt(5432).putInt(8).put("10.0.0.1".getBytes()).putInt(40000);
        assertArrayEquals(expected.array(), wire);
        assertEquals(new TcpipAddresses("db", 5432, "10.0.0.1", 40000), TcpipAddresses.decode(wire));
    }

    @Test
    void refusesWhatAPeerCouldSendToHarmIt() {
        byte[] wire = new TcpipAddresses("host", 22, "::1", 1).encode();
        assertThrows(IllegalArgumentException.class, () -> TcpipAddresses.decode(Arrays.copyOf(wire, wire.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> TcpipAddresses.decode(Arrays.copyOf(wire, wire.length + 1)));
        // a length that claims more than the packet holds, and one over any name's size
        assertThrows(IllegalArgumentException.class,
                () -> TcpipAddresses.decode(ByteBuffer.allocate(8).putInt(-1).array()));
        byte[] longName = ByteBuffer.allocate(4 + 2000 + 12).putInt(2000).array();
        assertThrows(IllegalArgumentException.class, () -> TcpipAddresses.decode(longName));
        byte[] badPort = ByteBuffer.allocate(4 + 1 + 4 + 4 + 1 + 4).putInt(1).put((byte) 'h').putInt(70000)
                .putInt(1).put((byte) 'o').putInt(1).array();
        assertThrows(IllegalArgumentException.class, () -> TcpipAddresses.decode(badPort));
        assertThrows(IllegalArgumentException.class, () -> new TcpipAddresses("h", -1, "o", 1));
    }
}
