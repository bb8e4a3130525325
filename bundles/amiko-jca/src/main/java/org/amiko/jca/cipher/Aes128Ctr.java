// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.cipher;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.cipher.CipherAlgorithm;
import org.osgi.service.component.annotations.Component;

/** {@code aes128-ctr}: AES with a 128-bit key in counter mode (RFC 4344 section 4). */
@Component(service = CipherAlgorithm.class)
@SshAlgorithm(algorithm = "aes128-ctr", preference = 800)
public final class Aes128Ctr extends AesCtr {
    public Aes128Ctr() {
        super(16);
    }
}
