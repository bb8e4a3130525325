// SPDX-License-Identifier: Apache-2.0
package org.amiko.zlib;

import java.io.IOException;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.amiko.spi.compression.CompressionAlgorithm.Decompressor;

/**
 * One direction's zlib stream on the receiving side: inflates each packet's data, which ends in a
 * sync flush, with the history of the packets before it. Output is bounded by the caller's limit and
 * grown step by step, so a small packet that would inflate without limit (a zip bomb: deflate
 * reaches about 1000:1) fails after allocating at most the limit. Corrupt data, a stream that asks
 * for a preset dictionary or one that ends (OpenSSH never ends it, and treats an end as an error too)
 * fail with an {@link IOException}.
 */
final class PacketInflater implements Decompressor {
    private static final int MIN_BUFFER = 256;

    private final Inflater inflater = new Inflater();

    @Override
    public byte[] decompress(byte[] data, int offset, int length, int maxLength) throws IOException {
        if (inflater.finished()) {
            throw new IOException("zlib stream already ended; no more data can follow");
        }
        inflater.setInput(data, offset, length);
        long limit = (long) maxLength + 1; // room for one byte too many, to tell "at the limit" from "past it"
        byte[] out = new byte[(int) Math.min(limit, Math.max(MIN_BUFFER, 4L * length))];
        int filled = 0;
        try {
            while (true) {
                int inflated = inflater.inflate(out, filled, out.length - filled);
                filled += inflated;
                if (filled > maxLength) {
                    throw new IOException("decompressed payload exceeds " + maxLength + " bytes");
                }
                if (filled < out.length) {
                    // It stopped short of the space given: it wants input, or something is wrong.
                    if (inflater.needsInput() && !inflater.finished()) {
                        break;
                    }
                    if (inflater.needsDictionary()) {
                        throw new IOException("zlib stream asks for a preset dictionary");
                    }
                    if (inflater.finished()) {
                        throw new IOException("zlib stream ended inside a packet");
                    }
                    if (inflated == 0) {
                        throw new IOException("zlib made no progress");
                    }
                    continue;
                }
                // A full buffer may hide more output (a match cut short): grow and go on.
                out = Arrays.copyOf(out, (int) Math.min(limit, 2L * out.length));
            }
        } catch (DataFormatException e) {
            throw new IOException("corrupt zlib data: " + e.getMessage(), e);
        }
        return Arrays.copyOf(out, filled);
    }
}
