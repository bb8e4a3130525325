// SPDX-License-Identifier: Apache-2.0
/**
 * The Amiko SSH-2 engine. Exports only {@code org.amiko.core}: the {@link org.amiko.core.Amiko}
 * factory, the algorithm catalog and the server listener.
 */
module org.amiko.core {
    requires transitive org.amiko;
    requires transitive org.amiko.spi;
    requires static osgi.annotation;
    requires static org.osgi.service.component.annotations;

    exports org.amiko.core;

    uses org.amiko.spi.cipher.CipherAlgorithm;
    uses org.amiko.spi.mac.MacAlgorithm;
    uses org.amiko.spi.kex.KexAlgorithm;
    uses org.amiko.spi.signature.SignatureAlgorithm;
    uses org.amiko.spi.compression.CompressionAlgorithm;
}
