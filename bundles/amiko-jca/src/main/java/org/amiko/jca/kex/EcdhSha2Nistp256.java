// SPDX-License-Identifier: Apache-2.0
package org.amiko.jca.kex;

import org.amiko.spi.SshAlgorithm;
import org.amiko.spi.kex.KexAlgorithm;
import org.osgi.service.component.annotations.Component;

/** {@code ecdh-sha2-nistp256}: ECDH on NIST P-256 with SHA-256 (RFC 5656 sections 4 and 6.2). */
@Component(service = KexAlgorithm.class)
@SshAlgorithm(algorithm = "ecdh-sha2-nistp256", preference = 800)
public final class EcdhSha2Nistp256 extends EcdhExchange {
    public EcdhSha2Nistp256() {
        super("ecdh-sha2-nistp256", "secp256r1", "SHA-256");
    }
}
