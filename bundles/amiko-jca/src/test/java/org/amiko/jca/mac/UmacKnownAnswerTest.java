// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.mac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.stream.Stream;
import org.amiko.spi.mac.MacAlgorithm;
import org.amiko.testkit.VectorFile;
import org.amiko.testkit.VectorFile.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * UMAC-64 and UMAC-128 against the RFC 4418 appendix vectors, through {@link UmacPacketMac#tag} with
 * the RFC's nonce, and against packet MACs framed as OpenSSH's mac.c frames them (sequence number as
 * the big-endian nonce, data alone hashed), through the {@link org.amiko.spi.mac.PacketMac} methods.
 */
class UmacKnownAnswerTest {
    private static final VectorFile RFC = VectorFile.load(UmacKnownAnswerTest.class, "/vectors/rfc4418-umac.txt");
    private static final VectorFile PACKETS =
            VectorFile.load(UmacKnownAnswerTest.class, "/vectors/openssh-umac-packets.txt");

    static Stream<Arguments> rfcVectors() {
        return RFC.vectors().stream().flatMap(v -> Stream.of(Arguments.of(v, 8), Arguments.of(v, 16)));
    }

    static Stream<Arguments> packetVectors() {
        return PACKETS.vectors().stream().flatMap(v -> Stream.of(Arguments.of(v, 8), Arguments.of(v, 16)));
    }

    private static String column(int length) {
        return length == 8 ? "UMAC64" : "UMAC128";
    }

    private static byte[] message(Vector vector) {
        byte[] unit = vector.hex("UNIT");
        int repeat = vector.number("REPEAT");
        byte[] message = new byte[unit.length * repeat];
        for (int i = 0; i < repeat; i++) {
            System.arraycopy(unit, 0, message, i * unit.length, unit.length);
        }
        return message;
    }

    private static byte[] data(Vector vector) {
        byte[] data = new byte[vector.number("LENGTH")];
        int seed = vector.number("SEED");
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 131 + seed);
        }
        return data;
    }

    @ParameterizedTest(name = "{0} UMAC-{1}")
    @MethodSource("rfcVectors")
    void rfc4418(Vector vector, int length) throws GeneralSecurityException {
        UmacPacketMac mac = new UmacPacketMac(vector.hex("KEY"), length, false);
        long nonce = new BigInteger(1, vector.hex("NONCE")).longValueExact();
        byte[] message = message(vector);
        byte[] out = new byte[length + 5];
        mac.tag(nonce, message, 0, message.length, out, 2);
        assertArrayEquals(vector.hex(column(length)), Arrays.copyOfRange(out, 2, 2 + length), vector::toString);
        assertEquals(0, out[0] | out[1] | out[2 + length] | out[3 + length] | out[4 + length], "wrote outside the tag");
    }

    /** The file's UMAC128 column is not in the RFC; its first 96 bits are, and must agree with it. */
    @Test
    void umac128ColumnExtendsTheRfcUmac96Column() {
        for (Vector vector : RFC.vectors()) {
            assertArrayEquals(vector.hex("UMAC96"), Arrays.copyOf(vector.hex("UMAC128"), 12), vector::toString);
        }
    }

    @ParameterizedTest(name = "{0} UMAC-{1}")
    @MethodSource("packetVectors")
    void openSshPacketMac(Vector vector, int length) throws GeneralSecurityException {
        UmacPacketMac mac = new UmacPacketMac(vector.hex("KEY"), length, false);
        int sequence = (int) Long.parseLong(vector.text("SEQUENCE"));
        byte[] data = data(vector);
        byte[] packet = Arrays.copyOf(data, data.length + length); // the MAC right after the data, as sent
        mac.compute(sequence, packet, 0, data.length, packet, data.length);
        byte[] expected = vector.hex(column(length));
        assertArrayEquals(expected, Arrays.copyOfRange(packet, data.length, packet.length), vector::toString);
        assertTrue(new UmacPacketMac(vector.hex("KEY"), length, false)
                .verify(sequence, packet, 0, data.length, packet, data.length));
        packet[packet.length - 1] ^= 0x40;
        assertFalse(mac.verify(sequence, packet, 0, data.length, packet, data.length));
    }

    /**
     * One MAC through every packet in file order, as a direction sees them: UMAC-64 keeps the pad
     * block of an even sequence number for the odd one after it, and must not reuse it for any other.
     */
    @Test
    void oneMacPerDirectionGivesEveryPacketItsOwnPad() throws GeneralSecurityException {
        for (int length : new int[] {8, 16}) {
            UmacPacketMac mac = new UmacPacketMac(PACKETS.vectors().get(0).hex("KEY"), length, false);
            for (Vector vector : PACKETS.vectors()) {
                byte[] data = data(vector);
                byte[] out = new byte[length];
                mac.compute((int) Long.parseLong(vector.text("SEQUENCE")), data, 0, data.length, out, 0);
                assertArrayEquals(vector.hex(column(length)), out, vector + " UMAC-" + (8 * length));
            }
        }
    }

    @Test
    void sizesAndFramingOfTheFourWireNames() {
        MacAlgorithm[] macs = {new Umac64(), new Umac64Etm(), new Umac128(), new Umac128Etm()};
        int[] lengths = {8, 8, 16, 16};
        for (int i = 0; i < macs.length; i++) {
            assertEquals(16, macs[i].keyLength(), "an AES-128 key");
            assertEquals(lengths[i], macs[i].macLength());
            assertEquals(i % 2 == 1, macs[i].isEncryptThenMac());
        }
    }

    @Test
    void refusesKeysOfAnotherLength() {
        assertThrows(GeneralSecurityException.class, () -> new Umac64().newMac(new byte[15]));
        assertThrows(GeneralSecurityException.class, () -> new Umac128Etm().newMac(new byte[32]));
    }

    /** Past 16 MiB, L2 needs the 128-bit polynomial this implementation leaves out: refuse, never mis-tag. */
    @Test
    void refusesMessagesThatNeedThe128BitPolynomial() throws GeneralSecurityException {
        UmacPacketMac mac = new UmacPacketMac(new byte[16], 8, false);
        byte[] huge = new byte[Uhash.MAX_MESSAGE + 1];
        assertThrows(IllegalArgumentException.class, () -> mac.compute(0, huge, 0, huge.length, new byte[8], 0));
    }
}
