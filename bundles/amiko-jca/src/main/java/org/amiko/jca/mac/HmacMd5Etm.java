// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.mac;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.mac.MacAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code hmac-md5-etm@openssh.com}: HMAC-MD5 over the ciphertext (OpenSSH PROTOCOL section 1.5);
 * legacy, for old peers only.
 */
@Component(service = MacAlgorithm.class)
@SshAlgorithm(algorithm = "hmac-md5-etm@openssh.com", security = "legacy", preference = 160)
public final class HmacMd5Etm extends Hmac {
    public HmacMd5Etm() {
        super("HmacMD5", 16, true);
    }
}
