// SPDX-License-Identifier: Apache-2.0
package org.amiko.zlib;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.compression.CompressionAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code zlib} (RFC 4253 section 6.2): compression from the first {@code SSH_MSG_NEWKEYS} on,
 * authentication included. Preference -20: after "none" and after the delayed
 * {@code zlib@openssh.com}, which keeps the decompressor away from unauthenticated peers (see
 * {@link ZlibCompression}).
 */
@Component(service = CompressionAlgorithm.class)
@SshAlgorithm(algorithm = "zlib", preference = -20)
public final class Zlib extends ZlibCompression {
    public Zlib() {
        super(false);
    }
}
