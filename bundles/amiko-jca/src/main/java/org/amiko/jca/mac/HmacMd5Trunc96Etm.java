// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.mac;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.mac.MacAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code hmac-md5-96-etm@openssh.com}: the first 12 bytes of HMAC-MD5 over the ciphertext (OpenSSH
 * PROTOCOL section 1.5); legacy, for old peers only.
 */
@Component(service = MacAlgorithm.class)
@SshAlgorithm(algorithm = "hmac-md5-96-etm@openssh.com", security = "legacy", preference = 140)
public final class HmacMd5Trunc96Etm extends Hmac {
    public HmacMd5Trunc96Etm() {
        super("HmacMD5", 16, TRUNCATED_96, true);
    }
}
