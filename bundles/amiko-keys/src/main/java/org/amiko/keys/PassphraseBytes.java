// SPDX-License-Identifier: Apache-2.0
package org.amiko.keys;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Passphrases as the bytes the key file formats hash: UTF-8, as ssh-keygen, OpenSSL and PuTTY take
 * them from a UTF-8 terminal. Encoded without an intermediate String, which could not be wiped.
 */
final class PassphraseBytes {
    private PassphraseBytes() {
    }

    /** The passphrase as UTF-8; the caller wipes the result. */
    static byte[] utf8(char[] passphrase) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }
}
