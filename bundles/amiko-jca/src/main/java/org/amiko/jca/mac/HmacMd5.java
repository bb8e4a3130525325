// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.mac;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.mac.MacAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code hmac-md5}: HMAC-MD5 over the plaintext packet (RFC 4253 section 6.4); legacy, for old peers
 * only.
 */
@Component(service = MacAlgorithm.class)
@SshAlgorithm(algorithm = "hmac-md5", security = "legacy", preference = 150)
public final class HmacMd5 extends Hmac {
    public HmacMd5() {
        super("HmacMD5", 16, false);
    }
}
