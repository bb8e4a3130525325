// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.mac;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.mac.MacAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code hmac-sha1-etm@openssh.com}: HMAC-SHA-1 over the ciphertext (OpenSSH PROTOCOL section 1.5);
 * legacy, for old peers only.
 */
@Component(service = MacAlgorithm.class)
@SshAlgorithm(algorithm = "hmac-sha1-etm@openssh.com", security = "legacy", preference = 200)
public final class HmacSha1Etm extends Hmac {
    public HmacSha1Etm() {
        super("HmacSHA1", 20, true);
    }
}
