// SPDX-License-Identifier: Apache-2.0
package org.amiko.zlib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.amiko.AlgorithmFamily;
import org.amiko.core.AlgorithmCatalog;
import org.amiko.spi.compression.CompressionAlgorithm.Compressor;
import org.amiko.spi.compression.CompressionAlgorithm.Decompressor;
import org.junit.jupiter.api.Test;

/**
 * What the peer sees: a zlib stream (RFC 1950) whose packets each end in a sync flush (the four bytes
 * {@code 00 00 ff ff} of an empty stored block), readable by a plain zlib inflater packet by packet,
 * as OpenSSH's {@code inflate(Z_PARTIAL_FLUSH)} reads it; and our inflater reads what a plain zlib
 * deflater with {@code Z_SYNC_FLUSH} writes. Plus where the two sit in the default offer.
 */
class ZlibFormatTest {
    private static final byte[] SYNC_MARKER = {0, 0, (byte) 0xff, (byte) 0xff};

    private static byte[] payload(int i) {
        return ("packet " + i + ": the quick brown fox jumps over the lazy dog ".repeat(1 + i % 7))
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void packetsAreZlibStreamChunksEndingInASyncFlush() throws IOException, DataFormatException {
        Compressor compressor = new ZlibOpenSsh().newCompressor();
        Inflater peer = new Inflater();
        for (int i = 0; i < 40; i++) {
            byte[] payload = payload(i);
            byte[] packet = compressor.compress(payload, 0, payload.length);
            if (i == 0) {
                assertEquals(0x78, packet[0] & 0xff, "zlib header: deflate with a 32 KiB window");
                assertEquals(0, ((packet[0] & 0xff) * 256 + (packet[1] & 0xff)) % 31, "zlib header check");
            }
            assertArrayEquals(SYNC_MARKER, Arrays.copyOfRange(packet, packet.length - 4, packet.length));
            peer.setInput(packet);
            byte[] out = new byte[payload.length + 1];
            assertEquals(payload.length, peer.inflate(out), "packet " + i + " decompresses on arrival");
            assertArrayEquals(payload, Arrays.copyOf(out, payload.length));
            assertTrue(peer.needsInput());
        }
        assertFalse(peer.finished(), "the stream is never ended");
    }

    @Test
    void readsWhatAPlainZlibDeflaterWrites() throws IOException {
        Deflater peer = new Deflater(9);
        Decompressor decompressor = new Zlib().newDecompressor();
        for (int i = 0; i < 40; i++) {
            byte[] payload = payload(i);
            peer.setInput(payload);
            byte[] buffer = new byte[payload.length + 64];
            int length = peer.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
            assertArrayEquals(payload, decompressor.decompress(buffer, 0, length, 256 * 1024), "packet " + i);
        }
    }

    @Test
    void delayedOnlyForTheOpenSshName() {
        assertTrue(new ZlibOpenSsh().isDelayed(), "zlib@openssh.com waits for USERAUTH_SUCCESS");
        assertFalse(new Zlib().isDelayed(), "zlib starts with the first NEWKEYS");
    }

    @Test
    void defaultOfferKeepsNoneFirst() {
        AlgorithmCatalog catalog = AlgorithmCatalog.builder().addAnnotated(new Zlib(), "test")
                .addAnnotated(new ZlibOpenSsh(), "test").build();
        assertEquals(List.of("none", "zlib@openssh.com", "zlib"), catalog.defaultNames(AlgorithmFamily.COMPRESSION),
                "OpenSSH's server default none,zlib@openssh.com, with zlib after it");
    }
}
