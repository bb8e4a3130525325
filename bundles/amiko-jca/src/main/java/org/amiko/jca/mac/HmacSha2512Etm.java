// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.mac;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.mac.MacAlgorithm;
import org.osgi.service.component.annotations.Component;

/** {@code hmac-sha2-512-etm@openssh.com}: HMAC-SHA-512 over the ciphertext (RFC 6668, OpenSSH PROTOCOL section 1.5). */
@Component(service = MacAlgorithm.class)
@SshAlgorithm(algorithm = "hmac-sha2-512-etm@openssh.com", preference = 990)
public final class HmacSha2512Etm extends Hmac {
    public HmacSha2512Etm() {
        super("HmacSHA512", 64, true);
    }
}
