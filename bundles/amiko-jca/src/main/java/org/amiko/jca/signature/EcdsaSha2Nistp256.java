// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.osgi.service.component.annotations.Component;

/** {@code ecdsa-sha2-nistp256}: ECDSA on NIST P-256 with SHA-256 (RFC 5656 section 3.1). */
@Component(service = SignatureAlgorithm.class)
@SshAlgorithm(algorithm = "ecdsa-sha2-nistp256", preference = 900)
public final class EcdsaSha2Nistp256 extends Ecdsa {
    public EcdsaSha2Nistp256() {
        super("ecdsa-sha2-nistp256", "secp256r1", "SHA256withECDSA");
    }
}
