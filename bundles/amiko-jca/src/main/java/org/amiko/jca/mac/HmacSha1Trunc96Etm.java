// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.mac;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.mac.MacAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code hmac-sha1-96-etm@openssh.com}: the first 12 bytes of HMAC-SHA-1 over the ciphertext (OpenSSH
 * PROTOCOL section 1.5); legacy, for old peers only.
 */
@Component(service = MacAlgorithm.class)
@SshAlgorithm(algorithm = "hmac-sha1-96-etm@openssh.com", security = "legacy", preference = 180)
public final class HmacSha1Trunc96Etm extends Hmac {
    public HmacSha1Trunc96Etm() {
        super("HmacSHA1", 20, TRUNCATED_96, true);
    }
}
