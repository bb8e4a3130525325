// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.mac;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.mac.MacAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code hmac-sha1-96}: the first 12 bytes of HMAC-SHA-1 over the plaintext packet (RFC 4253 section
 * 6.4); legacy, for old peers only.
 */
@Component(service = MacAlgorithm.class)
@SshAlgorithm(algorithm = "hmac-sha1-96", security = "legacy", preference = 170)
public final class HmacSha1Trunc96 extends Hmac {
    public HmacSha1Trunc96() {
        super("HmacSHA1", 20, TRUNCATED_96, false);
    }
}
