// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.cipher;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.cipher.CipherAlgorithm;
import org.osgi.service.component.annotations.Component;

/** {@code aes192-ctr}: AES with a 192-bit key in counter mode (RFC 4344 section 4). */
@Component(service = CipherAlgorithm.class)
@SshAlgorithm(algorithm = "aes192-ctr", preference = 790)
public final class Aes192Ctr extends AesCtr {
    public Aes192Ctr() {
        super(24);
    }
}
