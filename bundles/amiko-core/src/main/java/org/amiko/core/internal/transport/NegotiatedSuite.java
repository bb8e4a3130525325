// SPDX-License-Identifier: Apache-2.0
package org.amiko.core.internal.transport;

import org.amiko.spi.cipher.CipherAlgorithm;
import org.amiko.spi.compression.CompressionAlgorithm;
import org.amiko.spi.kex.KexAlgorithm;
import org.amiko.spi.mac.MacAlgorithm;
import org.amiko.spi.signature.SignatureAlgorithm;

/**
 * What one key exchange agreed on (RFC 4253 section 7.1), with the implementations taken from the
 * catalog snapshot of that exchange. MACs are null for an authenticated cipher; compression
 * implementations are null for "none".
 */
public record NegotiatedSuite(String kexName, KexAlgorithm kex, String hostKeyName, SignatureAlgorithm hostKey,
        Direction clientToServer, Direction serverToClient) {

    /** The algorithms of one direction. */
    public record Direction(String cipherName, CipherAlgorithm cipher, String macName, MacAlgorithm mac,
            String compressionName, CompressionAlgorithm compression) {

        /** For operators: {@code cipher[/mac]}. */
        public String describe() {
            return macName == null ? cipherName : cipherName + "/" + macName;
        }
    }

    /** For operators and logs. */
    public String describe() {
        return kexName + " " + hostKeyName + " c2s=" + clientToServer.describe() + " s2c=" + serverToClient.describe();
    }
}
