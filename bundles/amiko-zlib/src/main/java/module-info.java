// SPDX-License-Identifier: Apache-2.0
/**
 * SSH payload compression on the JDK's {@code java.util.zip}: {@code zlib@openssh.com} (delayed until
 * user authentication, OpenSSH PROTOCOL section 1.3) and {@code zlib} (RFC 4253 section 6.2). Nothing
 * is exported: in OSGi the algorithms are Declarative Services components, outside OSGi they are the
 * services provided below. Every class listed here carries {@link org.amiko.spi.SshAlgorithm}.
 */
module org.amiko.zlib {
    requires org.amiko.spi;
    requires static osgi.annotation;
    requires static org.osgi.service.component.annotations;

    provides org.amiko.spi.compression.CompressionAlgorithm with
            org.amiko.zlib.ZlibOpenSsh,
            org.amiko.zlib.Zlib;
}
