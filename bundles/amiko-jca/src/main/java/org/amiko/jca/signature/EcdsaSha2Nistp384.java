// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.signature;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.signature.SignatureAlgorithm;
import org.osgi.service.component.annotations.Component;

/** {@code ecdsa-sha2-nistp384}: ECDSA on NIST P-384 with SHA-384 (RFC 5656 section 3.1). */
@Component(service = SignatureAlgorithm.class)
@SshAlgorithm(algorithm = "ecdsa-sha2-nistp384", preference = 890)
public final class EcdsaSha2Nistp384 extends Ecdsa {
    public EcdsaSha2Nistp384() {
        super("ecdsa-sha2-nistp384", "secp384r1", "SHA384withECDSA");
    }
}
