// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.cipher;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.cipher.CipherAlgorithm;
import org.osgi.service.component.annotations.Component;

/** {@code aes128-gcm@openssh.com}: AES-GCM with a 128-bit key (RFC 5647, OpenSSH PROTOCOL section 1.6). */
@Component(service = CipherAlgorithm.class)
@SshAlgorithm(algorithm = "aes128-gcm@openssh.com", preference = 1000)
public final class Aes128Gcm extends AesGcm {
    public Aes128Gcm() {
        super(16);
    }
}
