// SPDX-License-Identifier: Apache-2.0
package org.amiko.zlib;

import org.amiko.spi.compression.CompressionAlgorithm;

/**
 * zlib compression of SSH payloads (RFC 4253 section 6.2): one zlib stream (RFC 1950, deflate per
 * RFC 1951) per direction, kept across packets and ended only with the keys, each packet flushed with
 * {@code Z_SYNC_FLUSH} so that the peer can decompress it on arrival. A new key exchange starts new
 * streams, as OpenSSH does when it installs new keys.
 *
 * <p>Compression is the one family whose plug-ins sort below what the engine itself offers: "none"
 * has preference 0 and these have negative preferences, so that the default offer is
 * {@code none,zlib@openssh.com,zlib}, OpenSSH's server default with {@code zlib} added. As a client
 * we then compress only when configured to; as a server, when the client asks for it first.
 */
abstract class ZlibCompression implements CompressionAlgorithm {
    /** zlib's default trade-off, and what OpenSSH uses ({@code Z_DEFAULT_COMPRESSION}). */
    static final int LEVEL = 6;

    private final boolean delayed;

    ZlibCompression(boolean delayed) {
        this.delayed = delayed;
    }

    @Override
    public final boolean isDelayed() {
        return delayed;
    }

    @Override
    public final Compressor newCompressor() {
        return new PacketDeflater(LEVEL);
    }

    @Override
    public final Decompressor newDecompressor() {
        return new PacketInflater();
    }
}
