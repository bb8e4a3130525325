// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.mac;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.mac.MacAlgorithm;
import org.osgi.service.component.annotations.Component;

/** {@code hmac-sha2-512}: HMAC-SHA-512 over the plaintext packet (RFC 6668 section 2). */
@Component(service = MacAlgorithm.class)
@SshAlgorithm(algorithm = "hmac-sha2-512", preference = 790)
public final class HmacSha2512 extends Hmac {
    public HmacSha2512() {
        super("HmacSHA512", 64, false);
    }
}
