// SPDX-License-Identifier: Apache-2.0
package org.amiko.zlib;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.compression.CompressionAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code zlib@openssh.com} (OpenSSH PROTOCOL section 1.3): zlib as RFC 4253 section 6.2 defines it,
 * but started only after {@code SSH_MSG_USERAUTH_SUCCESS}, so that no unauthenticated peer reaches
 * the decompressor. What OpenSSH means by {@code Compression yes}. Preference -10: below "none" (0),
 * so compression is used only when the peer or the configuration puts it first (see
 * {@link ZlibCompression}).
 */
@Component(service = CompressionAlgorithm.class)
@SshAlgorithm(algorithm = "zlib@openssh.com", preference = -10)
public final class ZlibOpenSsh extends ZlibCompression {
    public ZlibOpenSsh() {
        super(true);
    }
}
