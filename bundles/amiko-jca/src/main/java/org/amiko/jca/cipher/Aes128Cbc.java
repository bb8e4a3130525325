// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.cipher;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.cipher.CipherAlgorithm;
import org.osgi.service.component.annotations.Component;

/** {@code aes128-cbc}: AES with a 128-bit key in CBC mode (RFC 4253 section 6.3); legacy, for old peers only. */
@Component(service = CipherAlgorithm.class)
@SshAlgorithm(algorithm = "aes128-cbc", security = "legacy", preference = 300)
public final class Aes128Cbc extends AesCbc {
    public Aes128Cbc() {
        super(16);
    }
}
