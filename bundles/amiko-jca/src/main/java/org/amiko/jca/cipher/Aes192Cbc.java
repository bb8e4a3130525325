// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.cipher;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.cipher.CipherAlgorithm;
import org.osgi.service.component.annotations.Component;

/** {@code aes192-cbc}: AES with a 192-bit key in CBC mode (RFC 4253 section 6.3); legacy, for old peers only. */
@Component(service = CipherAlgorithm.class)
@SshAlgorithm(algorithm = "aes192-cbc", security = "legacy", preference = 290)
public final class Aes192Cbc extends AesCbc {
    public Aes192Cbc() {
        super(24);
    }
}
