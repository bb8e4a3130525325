// SPDX-License-Identifier: Apache-2.0
package org.amiko.spi.compression;

import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Payload compression (RFC 4253 section 6.2; {@code zlib@openssh.com} is delayed until user
 * authentication succeeds, OpenSSH PROTOCOL section 1.3). Register with
 * {@link org.amiko.spi.SshAlgorithm}.
 */
@ConsumerType
public interface CompressionAlgorithm {

    /** Whether compression starts only after {@code SSH_MSG_USERAUTH_SUCCESS}. */
    boolean isDelayed();

    /** Returns a compressor for one direction; it keeps state across packets. */
    Compressor newCompressor();

    /** Returns a decompressor for one direction; it keeps state across packets. */
    Decompressor newDecompressor();

    /** Compresses payloads of one direction, in order. */
    @ConsumerType
    interface Compressor {
        /** Returns the compressed form of {@code payload[offset..offset+length)}. */
        byte[] compress(byte[] payload, int offset, int length) throws IOException;
    }

    /** Decompresses payloads of one direction, in order. */
    @ConsumerType
    interface Decompressor {
        /**
         * Returns the decompressed form, in an array of its own that the caller keeps: channel data
         * stays in it until the application reads it, and the array is then filled again with a
         * later packet, so a decompressor must not reuse it.
         *
         * @param maxLength bound on the output; exceeding it is an error, so a small packet cannot
         *     inflate without limit
         * @throws IOException if the data is corrupt or inflates beyond {@code maxLength}
         */
        byte[] decompress(byte[] data, int offset, int length, int maxLength) throws IOException;
    }
}
