// SPDX-License-Identifier: Apache-2.0
package org.amiko.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The X11 pieces that need no connection: the connection setup's cookie swap, {@code DISPLAY}
 * values, and xauth's listing.
 */
class X11ConnectionSetupTest {
    static final X11Authorization REAL = new X11Authorization(X11Authorization.MIT_MAGIC_COOKIE,
            HexFormat.of().parseHex("00112233445566778899aabbccddeeff"));
    static final X11Authorization FAKE = new X11Authorization(X11Authorization.MIT_MAGIC_COOKIE,
            HexFormat.of().parseHex("ffeeddccbbaa99887766554433221100"));

    /** A client's connection setup, as an X library writes it, followed by its first request. */
    static byte[] setup(ByteOrder order, String name, byte[] data, byte[] after) {
        byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        int nameSpace = (nameBytes.length + 3) & ~3;
        int dataSpace = (data.length + 3) & ~3;
        ByteBuffer setup = ByteBuffer.allocate(12 + nameSpace + dataSpace + after.length).order(order);
        setup.put((byte) (order == ByteOrder.BIG_ENDIAN ? 'B' : 'l')).put((byte) 0).putShort((short) 11)
                .putShort((short) 0).putShort((short) nameBytes.length).putShort((short) data.length).putShort((short) 0);
        setup.put(nameBytes).position(12 + nameSpace);
        setup.put(data).position(12 + nameSpace + dataSpace);
        setup.put(after);
        return setup.array();
    }

    @Test
    void theFakeCookieIsSwappedForTheRealOneInEitherByteOrder() throws IOException {
        byte[] request = {1, 2, 3};
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            ByteArrayInputStream in = new ByteArrayInputStream(setup(order, FAKE.protocol(), FAKE.data(), request));
            byte[] swapped = X11ConnectionSetup.authorize(in, FAKE, REAL);
            assertArrayEquals(setup(order, REAL.protocol(), REAL.data(), new byte[0]), swapped, order.toString());
            assertArrayEquals(request, in.readAllBytes(), "what follows the setup is left to the relay");
        }
    }

    @Test
    void aSetupWithoutTheFakeCookieIsRefused() {
        byte[] wrongData = FAKE.data();
        wrongData[15] ^= 1;
        for (byte[] setup : new byte[][] {
            setup(ByteOrder.BIG_ENDIAN, FAKE.protocol(), REAL.data(), new byte[0]),
            setup(ByteOrder.BIG_ENDIAN, FAKE.protocol(), wrongData, new byte[0]),
            setup(ByteOrder.BIG_ENDIAN, FAKE.protocol(), Arrays.copyOf(FAKE.data(), 15), new byte[0]),
            setup(ByteOrder.BIG_ENDIAN, "XDM-AUTHORIZATION-1", FAKE.data(), new byte[0]),
            setup(ByteOrder.BIG_ENDIAN, "", new byte[0], new byte[0]),
        }) {
            assertThrows(IOException.class, () -> X11ConnectionSetup.authorize(new ByteArrayInputStream(setup), FAKE, REAL));
        }
        byte[] badOrder = setup(ByteOrder.BIG_ENDIAN, FAKE.protocol(), FAKE.data(), new byte[0]);
        badOrder[0] = 'x';
        assertThrows(IOException.class, () -> X11ConnectionSetup.authorize(new ByteArrayInputStream(badOrder), FAKE, REAL));
        byte[] cut = Arrays.copyOf(setup(ByteOrder.LITTLE_ENDIAN, FAKE.protocol(), FAKE.data(), new byte[0]), 30);
        assertThrows(EOFException.class, () -> X11ConnectionSetup.authorize(new ByteArrayInputStream(cut), FAKE, REAL));
    }

    @Test
    void displayValuesAreReadAsSshReadsThem() {
        assertEquals(new X11Display(null, 0, 0, Path.of("/tmp/.X11-unix/X0")), X11Display.parse(":0"));
        assertEquals(new X11Display(null, 12, 1, Path.of("/tmp/.X11-unix/X12")), X11Display.parse("unix:12.1"));
        assertEquals(new X11Display("localhost", 10, 0, null), X11Display.parse("localhost:10.0"));
        assertEquals(new X11Display("192.0.2.7", 3, 0, null), X11Display.parse("192.0.2.7:3"));
        assertEquals(new X11Display(null, 0, 2, Path.of("/private/tmp/launch-x/org.xquartz:0")),
                X11Display.parse("/private/tmp/launch-x/org.xquartz:0.2"));
        assertEquals("unix:0", X11Display.parse(":0").xauthName());
        assertEquals("unix:10", X11Display.parse("localhost:10.0").xauthName(), "what ssh asks xauth for localhost");
        assertEquals("192.0.2.7:3", X11Display.parse("192.0.2.7:3").xauthName());
        for (String bad : new String[] {"", "0", ":", ":x", ":0.1.2", "a b:0", ":99999", ":-1"}) {
            assertThrows(IllegalArgumentException.class, () -> X11Display.parse(bad), bad);
        }
    }

    @Test
    void xauthListingsGiveTheFirstCookieAndItStaysOutOfStrings() {
        Optional<X11Authorization> read = X11Authorization.parseXauthList(
                "host/unix:0  MIT-MAGIC-COOKIE-1  00112233445566778899aabbccddeeff\nhost/unix:0  OTHER  00\n");
        assertEquals(Optional.of(REAL), read);
        assertEquals(Optional.empty(), X11Authorization.parseXauthList(""));
        assertEquals(Optional.empty(), X11Authorization.parseXauthList("host/unix:0  MIT-MAGIC-COOKIE-1  nothex\n"));
        assertFalse(REAL.toString().contains("0011"), REAL.toString());
        assertTrue(REAL.toString().contains("16 bytes"));
    }
}
