// SPDX-License-Identifier: Apache-2.0
/**
 * The Amiko service-provider interface: what cipher, MAC, key exchange, signature and compression
 * plug-ins implement. Pure: no I/O, no threads, no OSGi types at run time.
 */
module org.amiko.spi {
    requires static osgi.annotation;
    requires static org.osgi.service.component.annotations;

    exports org.amiko.spi;
    exports org.amiko.spi.cipher;
    exports org.amiko.spi.mac;
    exports org.amiko.spi.kex;
    exports org.amiko.spi.signature;
    exports org.amiko.spi.compression;
    exports org.amiko.spi.wire;
}
