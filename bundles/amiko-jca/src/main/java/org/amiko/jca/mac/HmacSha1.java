// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.mac;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.mac.MacAlgorithm;
import org.osgi.service.component.annotations.Component;

/**
 * {@code hmac-sha1}: HMAC-SHA-1 over the plaintext packet (RFC 4253 section 6.4); legacy, for old
 * peers only.
 */
@Component(service = MacAlgorithm.class)
@SshAlgorithm(algorithm = "hmac-sha1", security = "legacy", preference = 190)
public final class HmacSha1 extends Hmac {
    public HmacSha1() {
        super("HmacSHA1", 20, false);
    }
}
