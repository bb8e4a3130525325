// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.cipher;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.cipher.CipherAlgorithm;
import org.osgi.service.component.annotations.Component;

/** {@code aes256-ctr}: AES with a 256-bit key in counter mode (RFC 4344 section 4). */
@Component(service = CipherAlgorithm.class)
@SshAlgorithm(algorithm = "aes256-ctr", preference = 780)
public final class Aes256Ctr extends AesCtr {
    public Aes256Ctr() {
        super(32);
    }
}
