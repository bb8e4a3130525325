// SPDX-License-Identifier: Apache-2.0
package org.amiko.zlib;

import java.io.IOException;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.amiko.spi.compression.CompressionAlgorithm.Compressor;

/**
 * One direction's zlib stream (RFC 4253 section 6.2): every payload is deflated into the same stream
 * and ended with a sync flush ({@code Z_SYNC_FLUSH}, RFC 1951 section 3.2.4's empty stored block), so
 * that it is complete on its own for the peer's inflater while the history carries over to the next
 * packet. The stream is never finished; the native memory goes when the key exchange replaces this
 * object (the JDK's cleaner ends the {@link Deflater}).
 */
final class PacketDeflater implements Compressor {
    /** zlib header (2), stored-block and sync-flush overhead: enough for any payload to fit in one pass. */
    private static final int SLACK = 64;

    private final Deflater deflater;

    PacketDeflater(int level) {
        this.deflater = new Deflater(level);
    }

    @Override
    public byte[] compress(byte[] payload, int offset, int length) throws IOException {
        deflater.setInput(payload, offset, length);
        // Incompressible data grows by 5 bytes per 16 KiB stored block; this usually fits at once.
        byte[] out = new byte[length + length / 1024 + SLACK];
        int filled = 0;
        while (true) {
            int written = deflater.deflate(out, filled, out.length - filled, Deflater.SYNC_FLUSH);
            filled += written;
            // Deflater's contract: a sync flush that fills the space given may have more to write.
            if (filled < out.length) {
                break;
            }
            out = Arrays.copyOf(out, out.length * 2);
        }
        if (!deflater.needsInput()) {
            throw new IOException("zlib kept part of a payload after a sync flush");
        }
        return filled == out.length ? out : Arrays.copyOf(out, filled);
    }
}
