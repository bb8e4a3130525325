// SPDX-License-Identifier: Apache-2.0
package org.amiko.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.amiko.spi.compression.CompressionAlgorithm;
import org.amiko.spi.compression.CompressionAlgorithm.Compressor;
import org.amiko.spi.compression.CompressionAlgorithm.Decompressor;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link CompressionAlgorithm} (RFC 4253 section 6.2; OpenSSH PROTOCOL section
 * 1.3): one compressor and one decompressor per direction keep their state across packets, every
 * packet decompresses as soon as it arrives, anything round-trips (compressible, incompressible,
 * one byte, nothing), and the decompressor is safe against its input: output is bounded by the
 * caller's limit, so a small packet cannot inflate without limit, and corrupt data fails with an
 * {@link IOException}, never with another exception.
 */
public abstract class CompressionAlgorithmContract extends AlgorithmAnnotationContract {

    /** The compression under test. */
    protected abstract CompressionAlgorithm compression();

    /** The bound the tests hand the decompressor: the engine's default packet limit. */
    protected int maxLength() {
        return 256 * 1024;
    }

    @Override
    protected final Class<?> algorithmClass() {
        return compression().getClass();
    }

    @Override
    protected final Class<?> serviceType() {
        return CompressionAlgorithm.class;
    }

    /**
     * Compression is the one family whose plug-ins may sort below what the engine offers itself:
     * "none" has preference 0, and a negative preference keeps compression off unless the peer or
     * the configuration puts it first. So any preference is allowed, as long as the aliases,
     * which sort one below another, cannot overflow.
     */
    @Test
    @Override
    public void carriesNonNegativePreference() {
        long lowest = (long) annotation().preference() - annotation().algorithm().length;
        assertTrue(lowest > Integer.MIN_VALUE, "preference " + annotation().preference() + " leaves no room for aliases");
    }

    /** Text that compresses well, as shells and file transfers send. */
    private static byte[] text(int size, long seed) {
        String line = "drwxr-xr-x 2 amiko amiko 4096 Nov 25 12:00 directory-" + seed + "\n";
        byte[] unit = line.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = unit[i % unit.length];
        }
        return out;
    }

    private byte[] roundTrip(Compressor compressor, Decompressor decompressor, byte[] payload) throws IOException {
        byte[] compressed = compressor.compress(payload, 0, payload.length);
        byte[] back = decompressor.decompress(compressed, 0, compressed.length, maxLength());
        assertArrayEquals(payload, back, "round trip of " + payload.length + " bytes");
        return compressed;
    }

    @Test
    public void roundTripsManyPayloadsInSequence() throws IOException {
        Compressor compressor = compression().newCompressor();
        Decompressor decompressor = compression().newDecompressor();
        FixedRandom random = new FixedRandom(1);
        int[] sizes = {1, 2, 5, 16, 100, 1000, 4096, 16 * 1024, 32 * 1024, 35_000, 3, 1};
        for (int round = 0; round < 20; round++) {
            for (int size : sizes) {
                byte[] payload = (round + size) % 3 == 0 ? random.bytes(size) : text(size, round);
                roundTrip(compressor, decompressor, payload);
            }
        }
    }

    @Test
    public void compressesRepetitiveData() throws IOException {
        byte[] payload = text(32 * 1024, 2);
        byte[] compressed = roundTrip(compression().newCompressor(), compression().newDecompressor(), payload);
        assertTrue(compressed.length < payload.length / 8, "32 KiB of text became " + compressed.length + " bytes");
    }

    @Test
    public void historyCarriesAcrossPackets() throws IOException {
        Compressor compressor = compression().newCompressor();
        Decompressor decompressor = compression().newDecompressor();
        byte[] block = new FixedRandom(3).bytes(2000); // incompressible on its own
        byte[] first = roundTrip(compressor, decompressor, block);
        byte[] second = roundTrip(compressor, decompressor, block);
        assertTrue(second.length < first.length / 4, "a repeated packet should refer back to the one before: "
                + first.length + " then " + second.length + " bytes");
    }

    @Test
    public void incompressibleDataGrowsOnlySlightly() throws IOException {
        Compressor compressor = compression().newCompressor();
        Decompressor decompressor = compression().newDecompressor();
        for (int size : new int[] {64 * 1024, 1, 35_000}) {
            byte[] payload = new FixedRandom(size).bytes(size);
            byte[] compressed = roundTrip(compressor, decompressor, payload);
            assertTrue(compressed.length <= size + size / 1000 + 64, size + " random bytes became " + compressed.length);
        }
    }

    @Test
    public void emptyAndOneBytePayloads() throws IOException {
        Compressor compressor = compression().newCompressor();
        Decompressor decompressor = compression().newDecompressor();
        for (int i = 0; i < 50; i++) {
            roundTrip(compressor, decompressor, new byte[0]);
            roundTrip(compressor, decompressor, new byte[] {(byte) i});
        }
    }

    @Test
    public void compressesASliceOfTheArray() throws IOException {
        byte[] framed = text(500, 4);
        byte[] compressed = compression().newCompressor().compress(framed, 5, 400);
        byte[] back = compression().newDecompressor().decompress(compressed, 0, compressed.length, maxLength());
        assertArrayEquals(Arrays.copyOfRange(framed, 5, 405), back);
    }

    @Test
    public void decompressesUpToTheLimitAndNotBeyond() throws IOException {
        byte[] payload = text(maxLength(), 5);
        byte[] compressed = compression().newCompressor().compress(payload, 0, payload.length);
        assertArrayEquals(payload, compression().newDecompressor().decompress(compressed, 0, compressed.length,
                maxLength()), "exactly the limit is allowed");
        assertThrows(IOException.class, () -> compression().newDecompressor().decompress(compressed, 0,
                compressed.length, maxLength() - 1), "one byte over the limit");
    }

    @Test
    public void decompressionBombIsStoppedAtTheLimit() throws IOException {
        byte[] zeros = new byte[4 * 1024 * 1024];
        byte[] bomb = compression().newCompressor().compress(zeros, 0, zeros.length);
        assertTrue(bomb.length < 64 * 1024, "4 MiB of zeros should fit in a small packet, not " + bomb.length);
        assertThrows(IOException.class,
                () -> compression().newDecompressor().decompress(bomb, 0, bomb.length, maxLength()));
    }

    @Test
    public void corruptDataFailsWithIoException() throws IOException {
        // a first packet without a valid stream header
        byte[] garbage = new FixedRandom(6).bytes(200);
        garbage[0] = (byte) 0xff;
        assertThrows(IOException.class,
                () -> compression().newDecompressor().decompress(garbage, 0, garbage.length, maxLength()));
        // a good first packet, then a block of a type that does not exist (RFC 1951 section 3.2.3: BTYPE 11)
        Compressor compressor = compression().newCompressor();
        Decompressor decompressor = compression().newDecompressor();
        roundTrip(compressor, decompressor, text(300, 7));
        byte[] reserved = {0x07, 0x12, 0x34};
        assertThrows(IOException.class, () -> decompressor.decompress(reserved, 0, reserved.length, maxLength()));
    }

    @Test
    public void directionsAreIndependent() throws IOException {
        CompressionAlgorithm algorithm = compression();
        Compressor up = algorithm.newCompressor();
        Compressor down = algorithm.newCompressor();
        Decompressor upReceiver = algorithm.newDecompressor();
        Decompressor downReceiver = algorithm.newDecompressor();
        for (int i = 0; i < 30; i++) {
            roundTrip(up, upReceiver, text(1000 + i, i));
            roundTrip(down, downReceiver, new FixedRandom(i).bytes(700));
        }
    }
}
