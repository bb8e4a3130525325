// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.cipher;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.cipher.CipherAlgorithm;
import org.osgi.service.component.annotations.Component;

/** {@code aes256-cbc}: AES with a 256-bit key in CBC mode (RFC 4253 section 6.3); legacy, for old peers only. */
@Component(service = CipherAlgorithm.class)
@SshAlgorithm(algorithm = "aes256-cbc", security = "legacy", preference = 280)
public final class Aes256Cbc extends AesCbc {
    public Aes256Cbc() {
        super(32);
    }
}
