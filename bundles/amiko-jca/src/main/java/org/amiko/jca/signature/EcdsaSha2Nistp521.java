// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.osgi.service.component.annotations.Component;

/** {@code ecdsa-sha2-nistp521}: ECDSA on NIST P-521 with SHA-512 (RFC 5656 section 3.1). */
@Component(service = SignatureAlgorithm.class)
@SshAlgorithm(algorithm = "ecdsa-sha2-nistp521", preference = 880)
public final class EcdsaSha2Nistp521 extends Ecdsa {
    public EcdsaSha2Nistp521() {
        super("ecdsa-sha2-nistp521", "secp521r1", "SHA512withECDSA");
    }
}
