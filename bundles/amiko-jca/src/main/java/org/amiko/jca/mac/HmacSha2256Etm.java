// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.mac;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.mac.MacAlgorithm;
import org.osgi.service.component.annotations.Component;

/** {@code hmac-sha2-256-etm@openssh.com}: HMAC-SHA-256 over the ciphertext (RFC 6668, OpenSSH PROTOCOL section 1.5). */
@Component(service = MacAlgorithm.class)
@SshAlgorithm(algorithm = "hmac-sha2-256-etm@openssh.com", preference = 1000)
public final class HmacSha2256Etm extends Hmac {
    public HmacSha2256Etm() {
        super("HmacSHA256", 32, true);
    }
}
