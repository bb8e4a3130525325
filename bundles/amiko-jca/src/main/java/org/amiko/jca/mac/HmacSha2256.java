// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.mac;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.mac.MacAlgorithm;
import org.osgi.service.component.annotations.Component;

/** {@code hmac-sha2-256}: HMAC-SHA-256 over the plaintext packet (RFC 6668 section 2). */
@Component(service = MacAlgorithm.class)
@SshAlgorithm(algorithm = "hmac-sha2-256", preference = 800)
public final class HmacSha2256 extends Hmac {
    public HmacSha2256() {
        super("HmacSHA256", 32, false);
    }
}
