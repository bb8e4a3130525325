// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.mac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.amiko.spi.mac.MacAlgorithm;
import org.amiko.testkit.VectorFile;
import org.amiko.testkit.VectorFile.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 4231 (HMAC-SHA-256/512) and RFC 2202 (HMAC-SHA-1, HMAC-MD5) through {@link HmacPacketMac}. The MAC covers
 * {@code uint32 sequence || data}, so the first four bytes of each published message go in as the
 * sequence number and the rest as data: the published digest is then exactly the packet MAC.
 */
class HmacKnownAnswerTest {

    static Stream<Arguments> vectors() {
        return Stream.of(
                cases("/vectors/rfc4231-hmac-sha256.txt", "HmacSHA256"),
                cases("/vectors/rfc4231-hmac-sha512.txt", "HmacSHA512"),
                cases("/vectors/rfc2202-hmac-sha1.txt", "HmacSHA1"),
                cases("/vectors/rfc2202-hmac-md5.txt", "HmacMD5")).flatMap(s -> s);
    }

    private static Stream<Arguments> cases(String file, String jcaName) {
        return VectorFile.load(HmacKnownAnswerTest.class, file).vectors().stream()
                .map(vector -> Arguments.of(jcaName, vector));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void packetMacIsThePublishedHmac(String jcaName, Vector vector) throws GeneralSecurityException {
        byte[] message = vector.hex("Msg");
        int sequence = ((message[0] & 0xff) << 24) | ((message[1] & 0xff) << 16) | ((message[2] & 0xff) << 8)
                | (message[3] & 0xff);
        HmacPacketMac mac = new HmacPacketMac(jcaName, vector.hex("Key"), false);
        byte[] out = new byte[mac.length() + 3];
        mac.compute(sequence, message, 4, message.length - 4, out, 3);
        byte[] expected = vector.hex("MD");
        assertArrayEquals(expected, Arrays.copyOfRange(out, 3, out.length), vector + " " + jcaName);
        assertTrue(mac.verify(sequence, message, 4, message.length - 4, out, 3));
        out[out.length - 1] ^= 1;
        assertFalse(mac.verify(sequence, message, 4, message.length - 4, out, 3));
    }

    /**
     * RFC 2202 test case 5 gives each digest cut to 96 bits, what {@code hmac-sha1-96} and
     * {@code hmac-md5-96} send (RFC 4253 section 6.4); the 13th byte must make no difference.
     */
    @ParameterizedTest
    @CsvSource({"HmacSHA1, 0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c, 4c1a03424b55e07fe7f27be1",
        "HmacMD5, 0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c, 56461ef2342edc00f9bab995"})
    void truncatedMacIsThePublishedDigest96(String jcaName, String key, String digest96)
            throws GeneralSecurityException {
        byte[] message = "Test With Truncation".getBytes(StandardCharsets.US_ASCII);
        int sequence = ((message[0] & 0xff) << 24) | ((message[1] & 0xff) << 16) | ((message[2] & 0xff) << 8)
                | (message[3] & 0xff);
        HmacPacketMac mac = new HmacPacketMac(jcaName, HexFormat.of().parseHex(key), Hmac.TRUNCATED_96, false);
        assertEquals(12, mac.length());
        byte[] out = new byte[14];
        mac.compute(sequence, message, 4, message.length - 4, out, 1);
        assertArrayEquals(HexFormat.of().parseHex(digest96), Arrays.copyOfRange(out, 1, 13));
        assertEquals(0, out[13], "wrote past the 12 bytes");
        assertTrue(mac.verify(sequence, message, 4, message.length - 4, out, 1));
        out[12] ^= 1;
        assertFalse(mac.verify(sequence, message, 4, message.length - 4, out, 1));
    }

    @Test
    void keyAndMacLengthsAreTheDigestLength() {
        for (MacAlgorithm mac : new MacAlgorithm[] {new HmacSha2256(), new HmacSha2256Etm()}) {
            assertEquals(32, mac.keyLength());
            assertEquals(32, mac.macLength());
        }
        for (MacAlgorithm mac : new MacAlgorithm[] {new HmacSha2512(), new HmacSha2512Etm()}) {
            assertEquals(64, mac.keyLength());
            assertEquals(64, mac.macLength());
        }
        for (MacAlgorithm mac : new MacAlgorithm[] {new HmacSha1(), new HmacSha1Etm()}) {
            assertEquals(20, mac.keyLength());
            assertEquals(20, mac.macLength());
        }
        for (MacAlgorithm mac : new MacAlgorithm[] {new HmacSha1Trunc96(), new HmacSha1Trunc96Etm()}) {
            assertEquals(20, mac.keyLength(), "RFC 4253 6.4: the key is the whole digest's length");
            assertEquals(12, mac.macLength());
        }
        for (MacAlgorithm mac : new MacAlgorithm[] {new HmacMd5(), new HmacMd5Etm()}) {
            assertEquals(16, mac.keyLength());
            assertEquals(16, mac.macLength());
        }
        for (MacAlgorithm mac : new MacAlgorithm[] {new HmacMd5Trunc96(), new HmacMd5Trunc96Etm()}) {
            assertEquals(16, mac.keyLength());
            assertEquals(12, mac.macLength());
        }
        assertTrue(new HmacSha1Trunc96Etm().isEncryptThenMac());
        assertFalse(new HmacMd5Trunc96().isEncryptThenMac());
        assertTrue(new HmacSha2256Etm().isEncryptThenMac());
        assertFalse(new HmacSha2256().isEncryptThenMac());
        assertTrue(new HmacSha1Etm().isEncryptThenMac());
    }

    @Test
    void refusesKeysOfAnotherLength() {
        assertThrows(GeneralSecurityException.class, () -> new HmacSha2256().newMac(new byte[31]));
        assertThrows(GeneralSecurityException.class, () -> new HmacSha2512Etm().newMac(new byte[32]));
        assertThrows(GeneralSecurityException.class, () -> new HmacSha1().newMac(new byte[32]));
    }
}
