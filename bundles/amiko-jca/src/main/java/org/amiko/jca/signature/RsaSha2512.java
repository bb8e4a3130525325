// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.osgi.service.component.annotations.Component;

/** {@code rsa-sha2-512}: RSASSA-PKCS1-v1_5 with SHA-512 and an {@code ssh-rsa} key (RFC 8332 section 3). */
@Component(service = SignatureAlgorithm.class)
@SshAlgorithm(algorithm = "rsa-sha2-512", preference = 800)
public final class RsaSha2512 extends RsaPkcs1 {
    public RsaSha2512() {
        super("rsa-sha2-512", "SHA512withRSA");
    }
}
